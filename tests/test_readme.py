"""The README keeps its promises: it opens with the demo and test commands, and every line of its "Use"
section runs as written against the database the demo builds (./parley.db from examples/)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from parley.cli import cli
from tests.conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def use_lines() -> list[list[str]]:
    """The `parley ...` lines of the README's "Use" section, as argument lists."""
    section = README.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Use section has no sh block"
    lines = [shlex.split(line, comments=True) for line in block[1].splitlines() if line.strip()]
    for argv in lines:
        assert argv[0] == ".venv/bin/parley", argv
    return [argv[1:] for argv in lines]


def test_readme_starts_with_the_demo_and_the_tests():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert README.index("```sh") < README.index("\n## ")


def test_readme_names_the_database_how_to_stop_and_the_port():
    assert "./parley.db" in README and "Ctrl+C" in README and "PARLEY_PORT" in README


@pytest.mark.model
def test_every_use_line_works_after_the_demo(tmp_path, monkeypatch):
    import uvicorn

    import parley.cli_support

    # As after `bash scripts/demo.sh`: in the checkout, with ./parley.db built from examples/ (the README's
    # first Use line builds it here). Written files land in a temporary folder, not in the checkout.
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARLEY_DB", raising=False)
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(kw))
    monkeypatch.setattr(parley.cli_support, "port_taken", lambda host, port: False)
    lines = use_lines()
    assert lines[0][0] == "ingest" and lines[-1][0] == "serve"
    runner = CliRunner()
    for argv in lines:
        res = runner.invoke(cli, argv)
        assert res.exit_code == 0, (argv, res.output)
        # "No contradictions" is a finding about the examples, not a line that shows nothing.
        if argv[0] not in ("ingest", "export", "serve", "contradictions"):
            assert res.stdout.strip() and res.stdout.strip() != "(none)", (argv, "shows nothing")
    assert (tmp_path / "parley.db").exists() and (tmp_path / "kb.reports.parquet").exists()
    assert served and served[0]["port"] == 8000
