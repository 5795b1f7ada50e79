"""Syndicated copies: find the stored report that a new one republishes, before any extraction.

The same wire story reaches twenty sites with another headline, a trimmed ending, an added paragraph,
other quote marks or a local dateline. Extracting each copy would cost a spaCy pass and make one story
"corroborate" itself twenty times, so a near-copy is folded into the report it copies: its outlet and URL
are recorded (``copies`` table) and nothing is extracted from it.

Texts are compared as sets of word shingles (SHINGLE_WORDS consecutive words of the normalized text),
through MinHash signatures (``datasketch``) and an LSH index that proposes candidates in sub-linear time.
Every stored report's signature is kept in the database (``report_signatures``), so a copy arriving in a
later run still finds the report it copies.

    index = store.run(load_copy_index)             # parley.store.copies
    match = index.match(signature(report.text))   # CopyMatch(key, similarity, coverage) or None
    index.add(report_key, report.text)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np

from parley.models import normalize_text

if TYPE_CHECKING:
    from datasketch import MinHash

# 128 permutations: the standard error of a Jaccard estimate is sqrt(J(1-J)/128), 0.044 at J = 0.5. A
# signature is 512 bytes; hashing a 1,000-word report takes well under a millisecond.
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
# Five-word shingles: three-word ones were shared by different stories of the same talks ("the Ukrainian
# delegation", "in Istanbul on Friday") often enough to give them Jaccard 0.05-0.10; five-word ones almost
# never are (measured on tests/data/copies: the most similar pair of different stories 0.04).
SHINGLE_WORDS = 5

# The thresholds were chosen on the measured pairs of the near-duplicate test set (tests/data/copies;
# tests/resolve/test_copies.py measures them): 105 copies of our 21 example reports, each with one to four
# of the edits syndication makes (another headline, a trimmed ending or only the top half, an added
# paragraph, other quote marks, spellings or dateline, swapped paragraphs), and 32 different stories (the
# examples and 11 more written on the same days about the same people, one quoting a wire story's lead:
# 992 ordered pairs). Copies measured an estimated Jaccard of 0.21-1.00 (the lowest: copies cut to a
# third) and a coverage (the share of the new text's shingles found in the stored one) of 0.69 or more;
# different stories at most 0.06 Jaccard and 0.15 coverage. So:
#   - MIN_JACCARD, the LSH threshold that proposes candidates: 2.5 times the most similar different
#     stories, below the least similar copy;
#   - COVERAGE: a candidate is a copy when at least this share of the new text is in the stored one. It is
#     asymmetric on purpose: a trimmed copy is wholly covered however short, while a text that adds more
#     than a third to a stored story (a liveblog or an analysis quoting it) is a report of its own, whose
#     added facts must be extracted.
MIN_JACCARD = 0.15
COVERAGE = 0.65
# A text of fewer words than this is not folded: a one-line feed summary or a bulletin shares too much of
# its few shingles with another by chance ("Russia and Ukraine agreed to exchange prisoners").
MIN_WORDS = 40

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′`"} | {c: "-" for c in "‐‑‒–—―"})
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of `text`, case-folded, with quote marks, dashes and accents' compositions unified."""
    text = unicodedata.normalize("NFKC", normalize_text(text)).translate(_QUOTES).casefold()
    return _WORD.findall(text)


def shingles(text: str) -> set[bytes]:
    return _shingles(words(text))


def _shingles(w: list[str]) -> set[bytes]:
    if len(w) < SHINGLE_WORDS:
        return {" ".join(w).encode("utf-8")} if w else set()
    return {" ".join(w[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(w) - SHINGLE_WORDS + 1)}


def _minhash(**kwargs: Any) -> MinHash:
    # Imported on first use: datasketch imports scipy (about 0.35 s), which a run that folds no copies, and
    # every process that only imports parley (the extraction workers' fork server), does not need.
    from datasketch import MinHash

    return MinHash(seed=SEED, scheme=SCHEME, **kwargs)


@cache
def _permutations() -> Any:
    """The permutations every signature shares (drawn from SEED; built once, not per text)."""
    return _minhash(num_perm=NUM_PERM).permutations


@dataclass(frozen=True, slots=True)
class Signature:
    """A text's MinHash signature and the number of distinct shingles it was built from."""

    minhash: MinHash
    size: int
    words: int

    def to_blob(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype="<u4").tobytes()

    @classmethod
    def from_blob(cls, blob: bytes, size: int, n_words: int) -> Signature:
        values = np.frombuffer(blob, dtype="<u4").astype(np.uint64)
        perms = _permutations() if len(values) == NUM_PERM else None
        return cls(_minhash(num_perm=len(values), hashvalues=values, permutations=perms), size, n_words)


def signature(text: str) -> Signature:
    w = words(text)
    sh = _shingles(w)
    m = _minhash(num_perm=NUM_PERM, permutations=_permutations())
    if sh:
        m.update_batch(list(sh))
    return Signature(m, len(sh), len(w))


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """The stored (or pending) text that a new one copies, and how alike the two are."""

    key: str  # content hash of the text it copies
    similarity: float  # estimated Jaccard similarity of the shingle sets
    coverage: float  # estimated share of the new text's shingles found in the text it copies


def compare(new: Signature, stored: Signature) -> tuple[float, float]:
    """(estimated Jaccard, estimated coverage of `new` by `stored`) of two signatures."""
    j = float(new.minhash.jaccard(stored.minhash))
    # |A ∩ B| = J (|A| + |B|) / (1 + J), from J = |A ∩ B| / |A ∪ B|.
    inter = j * (new.size + stored.size) / (1 + j)
    return j, (min(1.0, inter / new.size) if new.size else 0.0)


def is_copy(similarity: float, coverage: float) -> bool:
    return similarity >= MIN_JACCARD and coverage >= COVERAGE


class CopyIndex:
    """Signatures of every known text, by content hash, with an LSH index over them."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=MIN_JACCARD, num_perm=NUM_PERM)
        self.signatures: dict[str, Signature] = {}

    def add(self, key: str, sig: Signature) -> None:
        """Index the text whose content hash is `key` (once; adding it again changes nothing)."""
        if key in self.signatures:
            return
        self.signatures[key] = sig
        if sig.words >= MIN_WORDS:
            self.lsh.insert(key, sig.minhash)

    def match(self, sig: Signature) -> CopyMatch | None:
        """The known text that `sig`'s text copies (the most similar, if several), or None."""
        if sig.words < MIN_WORDS:
            return None
        best: CopyMatch | None = None
        for key in self.lsh.query(sig.minhash):
            j, c = compare(sig, self.signatures[key])
            if is_copy(j, c) and (best is None or (j, c) > (best.similarity, best.coverage)):
                best = CopyMatch(key, j, c)
        return best


def outlet_of(url: str | None) -> str | None:
    """The host a URL points at, without ``www.``: the outlet of a page whose site gives no name."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
