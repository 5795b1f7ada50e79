"""What changed since a moment, on hand-made reports stored through the real store (no model)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.api import Ingestor
from parley.store.changes import parse_since, what_changed
from parley.store.db import Store
from tests.serve.conftest import Written, _extraction

BEFORE = [
    Written(doc="old-round.txt", published="2025-05-16", sentences=[
        "Defence Minister Ada Vernon of Ukraine met envoy Boris Kalm in Istanbul.",
        "Kalm rejected a ceasefire."],
        actors=[("Ada Vernon", "person", None, ["Ada Vernon"]), ("Boris Kalm", "person", None, ["Boris Kalm", "Kalm"])],
        roles=[("Ada Vernon", "Defence Minister", None, False, 0)],
        events=[("consult", ["Ada Vernon", "Boris Kalm"], [], "2025-05-16", "Istanbul", "met", 0)],
        positions=[("Boris Kalm", "ceasefire", "oppose", 1)]),
]
AFTER = [
    Written(doc="new-round.txt", published="2025-07-23", sentences=[
        "Ada Vernon, Secretary of the Security Council, met Boris Kalm again in Istanbul.",
        "Kalm now accepted a ceasefire along the front line.",
        "Clara Dunmore, the former Defence Minister, hosted them."],
        actors=[("Ada Vernon", "person", None, ["Ada Vernon"]), ("Boris Kalm", "person", None, ["Boris Kalm", "Kalm"]),
                ("Clara Dunmore", "person", None, ["Clara Dunmore"])],
        roles=[("Ada Vernon", "Secretary of the Security Council", None, False, 0)],
        events=[("consult", ["Ada Vernon", "Boris Kalm"], [], "2025-07-23", "Istanbul", "met", 0)],
        positions=[("Boris Kalm", "ceasefire", "support", 1)]),
    Written(doc="retelling.txt", published="2025-07-24", sentences=[
        "On May 16, Ada Vernon met Boris Kalm in Istanbul."],
        actors=[("Ada Vernon", "person", None, ["Ada Vernon"]), ("Boris Kalm", "person", None, ["Boris Kalm"])],
        events=[("consult", ["Ada Vernon", "Boris Kalm"], [], "2025-05-16", "Istanbul", "met", 0)]),
]


@pytest.fixture
def store():
    with Store(":memory:") as store:
        ingestor = Ingestor(store)
        for w in BEFORE:
            ingestor.store_extraction(_extraction(w))
        two_days_ago = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
        store.conn.execute("UPDATE reports SET ingested_at = ?", (two_days_ago,))
        store.conn.commit()
        for w in AFTER:
            ingestor.store_extraction(_extraction(w))
        yield store


def test_changes_since_yesterday(store):
    data = what_changed(store.conn, parse_since("1d"))
    assert [r["doc"] for r in data["reports"]] == ["new-round.txt", "retelling.txt"]
    assert [a["name"] for a in data["actors"]] == ["Clara Dunmore"]
    assert "Clara Dunmore" in data["actors"][0]["evidence"]["sentence"]
    roles = {(r["change"], r["title"]) for r in data["roles"]}
    # Posts are named as the role timeline names them (`parley roles`): the catalogue's label of the post.
    assert any(change == "new" and "Secretary" in title and "Security" in title for change, title in roles), roles
    assert ("ended", "Defence Minister") in roles  # superseded by the new post of the same rank
    # The consultation of July 23 is new; the retelling of May 16 restates a known fact.
    assert [(e["type"], e["date"]) for e in data["events"]] == [("consult", "2025-07-23")]
    [stance] = data["positions"]
    assert (stance["holder_name"], stance["issue"], stance["stance"], stance["change"], stance["was"]) == (
        "Boris Kalm", "ceasefire", "support", "changed", "oppose")
    assert "accepted a ceasefire" in stance["evidence"]["sentence"]


def test_changes_since_before_everything_and_after_everything(store):
    everything = what_changed(store.conn, parse_since("7d"))
    assert len(everything["reports"]) == 3 and everything["positions"][0]["change"] == "new"
    nothing = what_changed(store.conn, datetime.now(UTC) + timedelta(minutes=1))
    assert all(nothing[k] == [] for k in nothing if k != "since")


def test_since_parses_dates_and_durations():
    now = datetime(2025, 5, 17, 12, 0, tzinfo=UTC)
    assert parse_since("24h", now) == datetime(2025, 5, 16, 12, 0, tzinfo=UTC)
    assert parse_since("2025-05-16", now) == datetime(2025, 5, 16, tzinfo=UTC)
    assert parse_since("2025-05-16T08:30", now) == datetime(2025, 5, 16, 8, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="'last tuesday' is neither a date"):
        parse_since("last tuesday", now)


def test_cli_changes_json_and_bad_since(tmp_path):
    import json

    from click.testing import CliRunner

    from parley.cli import cli

    db = tmp_path / "kb.db"
    with Store(db) as s:
        Ingestor(s).store_extraction(_extraction(AFTER[0]))
    res = CliRunner().invoke(cli, ["changes", "--since", "1h", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    assert [r["doc"] for r in json.loads(res.output)["reports"]] == ["new-round.txt"]
    text = CliRunner().invoke(cli, ["changes", "--since", "1h", "--db", str(db)])
    assert "report 1: new-round.txt" in text.output and "new actor clara-dunmore" in text.output
    bad = CliRunner().invoke(cli, ["changes", "--since", "soon", "--db", str(db)])
    assert bad.exit_code == 2 and "'soon' is neither a date" in bad.output and "Traceback" not in bad.output
