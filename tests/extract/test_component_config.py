"""Components take their data from config: a user's own cues and grammar, without touching the package."""

from __future__ import annotations

import shutil
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from parley.extract.pipeline import build_nlp, extract_reports
from parley.grammar import load_grammar
from parley.lexicon import DataFileError
from parley.models import Report

pytestmark = pytest.mark.model

TEXT = "Ukraine and Russia parleyed in Geneva on the future of a ceasefire. Ukraine supports a moratorium on drone flights."


def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("parley.data"))), folder)
    return folder


def test_a_cue_and_an_issue_added_in_a_data_folder_are_used(tmp_path):
    folder = data_copy(tmp_path)
    cues = (folder / "cues.toml").read_text(encoding="utf-8")
    cues = cues.replace('consult = [\n', 'consult = [\n  "parleyed",\n', 1)
    cues = cues.replace("[positions.issues]\n", "[positions.issues]\nflight_moratorium = ['\\bmoratorium on drone flights\\b']\n", 1)
    (folder / "cues.toml").write_text(cues, encoding="utf-8")
    assert "parleyed" in tomllib.loads(cues)["events"]["consult"]

    custom = extract_reports(build_nlp(data_dir=str(folder)), [Report(doc="t", text=TEXT)])[0]
    plain = extract_reports(build_nlp(), [Report(doc="t", text=TEXT)])[0]
    name = {a.ref: a.name for a in custom.actors}
    assert {(e.type, frozenset(name[r] for r in e.actors)) for e in custom.events} >= {
        ("consult", frozenset({"Ukraine", "Russia"}))}
    assert not [e for e in plain.events if e.cue == "parleyed"]
    assert ("Ukraine", "flight_moratorium", "support") in {(name[p.holder], p.issue, p.stance)
                                                          for p in custom.positions}
    assert not [p for p in plain.positions if p.issue == "flight_moratorium"]


def test_a_missing_word_class_is_a_data_error_not_an_empty_rule(tmp_path):
    folder = data_copy(tmp_path)
    text = (folder / "grammar.toml").read_text(encoding="utf-8")
    (folder / "grammar.toml").write_text(text.replace("target_preps =", "target_prepositions ="), encoding="utf-8")
    with pytest.raises(DataFileError, match="target_preps"):
        load_grammar(str(folder)).words("target_preps")
