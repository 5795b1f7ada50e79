"""Role timelines on the bundled examples, through the CLI."""

from __future__ import annotations

import json

from click.testing import CliRunner

from parley.cli import cli


def roles(db, actor: str) -> dict[str, dict]:
    res = CliRunner().invoke(cli, ["roles", actor, "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    return {r["post_id"]: r for r in json.loads(res.output)}


def test_umerov_was_defence_minister_until_july_2025_then_nsdc_secretary(examples_db):
    rows = roles(examples_db, "rustem-umerov")
    dm, nsdc = rows["defense-minister"], rows["security-council-secretary"]
    assert dm["current"] is False and dm["until"].startswith("2025-07")
    assert nsdc["current"] is True and nsdc["until"] is None and nsdc["since"].startswith("2025-07")
    # "replaces former defence minister Rustem Umerov" is evidence of the end, never of a current post.
    assert any(e["former"] and "former defence minister" in e["sentence"] for e in dm["evidence"])
    for row in rows.values():
        assert {"post", "of", "since", "until", "current", "evidence"} <= set(row)


def test_medinsky_heads_one_delegation_however_worded(examples_db):
    rows = roles(examples_db, "vladimir-medinsky")
    head = rows["delegation-head"]
    assert head["current"] and head["of"] == "russia"
    assert {"head of the Russian delegation", "head of the Russian team", "lead negotiator",
            "chief negotiator"} <= set(head["wordings"])
    assert sum(1 for r in rows.values() if "negotiator" in r["post"] or "delegation" in r["post"]) == 1


def test_unknown_actor_is_one_line_and_non_zero(examples_db):
    res = CliRunner().invoke(cli, ["roles", "no-such-person", "--db", str(examples_db)])
    assert res.exit_code != 0 and "no actor with id" in res.output and "Traceback" not in res.output
