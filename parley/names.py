"""Name keys: make transliteration variants of one name collide before any comparison.

Ukrainian and Russian names reach English through several romanizations (BGN/PCGN, the 2010 Ukrainian
national system, Library of Congress, French- or German-style spellings in wire copy). A name key folds the
alternations those systems disagree on, so that Umerov and Umyerov share a key while Shevchenko
stays Shevchenko. Keys are compared for equality; nothing here is fuzzy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ordered rewrites applied to a lower-cased, accent-free word. Order matters: digraphs before the single
# letters they contain. Each line names the variants it unifies.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "sc"),  # Shchur / Schur
    ("iy$", "i"),  # Andriy / Andrii / Andrij (end of word)
    ("yy$", "i"),  # Zelenskyy / Zelensky / Zelenskiy
    ("ij$", "i"),
    ("ii$", "i"),
    ("yi", "i"),  # Mykolayiv / Mykolaiv
    ("ie", "e"),  # Andriievskyi / Andreevskyi
    ("ye", "e"),  # Umyerov / Umerov, Yermak / Ermak
    ("je", "e"),
    ("ya", "a"),  # Illya / Illia / Ila
    ("ia", "a"),  # Kyslytsia
    ("ja", "a"),
    ("yu", "u"),  # Yuriy / Iurii
    ("iu", "u"),
    ("ju", "u"),
    ("yo", "o"),
    ("io", "o"),
    ("kh", "h"),  # Kharkiv / Harkiv
    ("zh", "j"),
    ("tz", "ts"),
    ("ks", "x"),  # Oleksiy / Olexiy
    ("w", "v"),  # German-style Selenskyj transliterations
    ("g", "h"),  # Serhiy / Sergiy, Hlib / Gleb
    ("y", "i"),  # Kyrylo / Kirilo, Syrskyi / Sirskii
    ("j", "i"),
    ("c", "k"),  # Kilic / Kilik (after the digraphs above)
)
_COMPILED = tuple((re.compile(pat), rep) for pat, rep in _FOLDS)
_DOUBLE = re.compile(r"(.)\1+")
_NON_LETTER = re.compile(r"[^a-z]+")


def ascii_fold(text: str) -> str:
    """Drop accents and map a few letters NFKD leaves alone (Erdoğan -> Erdogan, Łukasz -> Lukasz)."""
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key of one name word: accent-free, lower-case, transliteration alternations folded."""
    w = _NON_LETTER.sub("", ascii_fold(word).lower())
    # iy/yy/ii endings first so that the y->i fold below does not leave a double i to collapse.
    for pattern, replacement in _COMPILED:
        w = pattern.sub(replacement, w)
    return _DOUBLE.sub(r"\1", w)


def name_words(name: str) -> list[str]:
    """Words of a name, with possessives, initials' dots and hyphens handled ("Al-Sisi" stays one word)."""
    name = re.sub(r"['’ʼ`]s\b", "", name)
    return [w for w in re.split(r"[\s]+", name.strip()) if re.search(r"\w", w)]


def name_key(name: str) -> str:
    """Key of a whole name: the word keys joined by spaces."""
    return " ".join(k for k in (word_key(w) for w in name_words(name)) if k)


def slugify(name: str) -> str:
    """A readable id from a name: `Recep Tayyip Erdoğan` -> `recep-tayyip-erdogan`."""
    folded = ascii_fold(name).lower()
    folded = re.sub(r"['’ʼ`]", "", folded)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "actor"


def initials(name: str) -> str:
    """The acronym a name's initials spell, skipping function words: National Security and Defense Council -> NSDC."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in ("of", "the", "and", "for"))


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Whether two lists of given-name words can belong to one person.

    Compatible when either is missing, when the keys agree, or when one is an initial of the other
    ("V." and "Volodymyr"). Only the first given name is compared: a patronymic or middle name is often
    dropped in English copy (Recep Tayyip Erdogan / Tayyip Erdogan is handled by the caller's alias list).
    """
    if not a or not b:
        return True
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return word_key(x)[:1] == word_key(y)[:1]
    return word_key(x) == word_key(y)
