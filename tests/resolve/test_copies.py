"""Folding syndicated copies: precision and recall on the near-duplicate test set, no model needed.

The set (tests/data/copies): 105 copies of parley's 21 example reports with the edits republication makes
(labels.toml says which example each copies), and 11 different stories written on the same days about the
same people, one of them an analysis quoting a wire story's lead. The examples are indexed as stored reports; every copy and every different story is then
matched against them, as ingest does before extraction.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from parley.models import Report, content_hash
from parley.resolve.copies import CopyIndex, compare, is_copy, signature, words

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "copies"
EXAMPLES = ROOT / "examples"

# Floors that only go up (measured: precision 1.00, recall 1.00).
MIN_PRECISION = 0.98
MIN_RECALL = 0.90


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="module")
def originals() -> dict[str, str]:
    return _texts(EXAMPLES)


@pytest.fixture(scope="module")
def index(originals) -> CopyIndex:
    index = CopyIndex()
    for text in originals.values():
        index.add(content_hash(text), signature(text))
    return index


def test_folding_meets_precision_and_recall_floors(index, originals):
    labels = tomllib.loads((DATA / "labels.toml").read_text(encoding="utf-8"))
    by_key = {content_hash(t): name for name, t in originals.items()}
    copies, different = _texts(DATA / "copies"), _texts(DATA / "different")
    assert len(copies) == len(labels) >= 100 and len(different) >= 11
    right = wrong = missed = 0
    for name, text in copies.items():
        match = index.match(signature(text))
        if match is None:
            missed += 1
        elif by_key[match.key] == labels[name]["original"]:
            right += 1
        else:
            wrong += 1
    false_folds = [name for name, text in different.items() if index.match(signature(text)) is not None]
    precision = right / (right + wrong + len(false_folds)) if right else 0.0
    recall = right / len(copies)
    print(f"copy folding: precision {precision:.3f}, recall {recall:.3f} ({right} right, {wrong} to the wrong "
          f"report, {missed} missed, {len(false_folds)} different stories folded)")
    assert precision >= MIN_PRECISION, false_folds
    assert recall >= MIN_RECALL


def test_different_stories_stay_apart_from_each_other(originals):
    """No different story (examples and the same-day ones) would be folded into another, in either order."""
    texts = {**originals, **_texts(DATA / "different")}
    sigs = {name: signature(t) for name, t in texts.items()}
    folded = [(a, b) for a in sigs for b in sigs if a != b and is_copy(*compare(sigs[a], sigs[b]))]
    assert folded == []


def test_a_text_adding_much_to_a_stored_story_is_not_folded(originals):
    """A trimmed copy is covered by its original; the original, arriving later, adds too much to be folded."""
    text = originals["09_second-round-memoranda.txt"]
    paras = text.split("\n\n")
    top = "\n\n".join(paras[:len(paras) // 2])
    assert is_copy(*compare(signature(top), signature(text)))
    assert not is_copy(*compare(signature(text), signature(top)))


def test_words_unify_quote_marks_dashes_and_case():
    assert words("“Peace” — ‘now’, said KYIV") == words('"peace" - \'now\', said Kyiv')


def test_short_texts_are_never_folded(index):
    text = "Russia and Ukraine agreed to exchange prisoners."
    same = CopyIndex()
    same.add(content_hash(text), signature(text))
    assert same.match(signature(text)) is None


def test_signatures_survive_the_database(tmp_path, originals):
    """A copy arriving in a later run finds its original through the stored signature."""
    from parley.store.copies import CopyLedger
    from parley.store.db import Store

    name, text = next(iter(originals.items()))
    with Store(tmp_path / "kb.db") as store:
        store.conn.execute("INSERT INTO reports (key, doc, text) VALUES (?, ?, ?)", (content_hash(text), name, text))
        store.conn.commit()
        CopyLedger(store.conn, ":memory:").index  # noqa: B018  (builds the index, saving missing signatures)
        assert store.conn.execute("SELECT count(*) FROM report_signatures").fetchone()[0] == 1
    copy = "Breaking: negotiators meet again\n\n" + text.replace("Kyiv", "Kiev")
    with Store(tmp_path / "kb.db") as store:
        ledger = CopyLedger(store.conn, ":memory:")
        assert ledger.fold(Report(doc="copy.txt", text=copy, url="https://www.example.net/a")) == "copy"
        assert ledger.fold(Report(doc="copy-again.txt", text=copy)) == "known"
        row = store.conn.execute("SELECT doc, outlet, similarity FROM copies").fetchone()
    assert tuple(row)[:2] == ("copy.txt", "example.net") and row[2] >= 0.5
