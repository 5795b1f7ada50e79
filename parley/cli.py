"""parley's command line: parse arguments, call the library, print. Data on stdout, logs on stderr."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from parley import __version__
from parley.api import default_db


def _db_option(f):
    return click.option("--db", type=click.Path(dir_okay=False), default=None,
                        help="SQLite database file (default: $PARLEY_DB or ./parley.db).")(f)


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def _open_store(db: str | None, *, must_exist: bool = True):
    from parley.store.db import Store, StoreError

    path = db or default_db()
    if must_exist and not Path(path).exists():
        raise click.ClickException(f"database {path} does not exist; run `parley ingest PATH --db {path}` first")
    try:
        return Store(path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        click.echo("(none)")
        return
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [min(60, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
def cli() -> None:
    """parley: follow a negotiation through the news.

    Ingest reports into a knowledge base of actors, roles, quotes, events and positions; query and export it.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@_db_option
@click.option("--processes", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for extraction (default: up to 2).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[Path, ...], db: str | None, processes: int | None, quiet: bool) -> None:
    """Read reports (text files, folders, JSON Lines, HTML pages, feeds) into the knowledge base.

    Reports already stored (same normalized text) are skipped. Each bad input is reported on stderr as it
    is found, with its path (and line or entry) and the reason; the rest of the batch carries on, and the
    exit status is 1 if anything failed.
    """
    from tqdm import tqdm

    from parley.api import ingest_paths
    from parley.extract.pipeline import ModelMissingError
    from parley.store.db import StoreError

    path = db or default_db()
    bar = tqdm(desc="ingest", unit="report", file=sys.stderr, disable=quiet or not sys.stderr.isatty())

    def report_error(err: object) -> None:
        bar.write(f"error: {err}", file=sys.stderr)

    try:
        summary = ingest_paths(paths, path, processes=processes, on_progress=bar.update, on_error=report_error)
    except (StoreError, ModelMissingError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        bar.close()
        click.echo("interrupted: every report stored so far is kept; run the same command again to go on",
                   err=True)
        sys.exit(130)
    finally:
        bar.close()
    click.echo(f"{path}: {summary.new} new, {summary.skipped} skipped (already stored), "
               f"{len(summary.failed)} failed; {summary.actors} actors", err=True)
    if summary.new == 0 and summary.skipped and not summary.failed:
        click.echo("nothing new: every report was already stored", err=True)
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["records", "csv", "parquet"]), default="records",
              show_default=True, help="records: one SCHEMA.md record per report (JSON Lines); csv/parquet: "
              "actors and mentions tables.")
@_db_option
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout). For csv/parquet: a file "
              "prefix; writes PREFIX.actors.* and PREFIX.mentions.*")
def export(fmt: str, db: str | None, output: str) -> None:
    """Export the knowledge base."""
    from parley.store import queries

    with _open_store(db) as store:
        if fmt == "records":
            out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
            try:
                for record in store.records():
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            finally:
                if out is not sys.stdout:
                    out.close()
            return
        if output == "-":
            raise click.UsageError(f"--format {fmt} writes two tables; give a file prefix with -o")
        tables = {"actors": queries.actor_table(store.conn), "mentions": queries.mention_table(store.conn)}
        for name, rows in tables.items():
            target = Path(f"{output}.{name}.{'csv' if fmt == 'csv' else 'parquet'}")
            if fmt == "csv":
                _write_csv(target, rows)
            else:
                _write_parquet(target, rows)
            click.echo(f"wrote {target} ({len(rows)} rows)", err=True)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        if not rows:
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()})


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path)


@cli.command()
@_db_option
@click.option("--kind", type=click.Choice(["person", "organization", "country"]), help="Only actors of this kind.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many rows.")
@_json_option
def actors(db: str | None, kind: str | None, limit: int | None, as_json: bool) -> None:
    """List actors: id, name, kind, number of reports, aliases."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = queries.list_actors(store.conn, kind=kind, limit=limit)
    if as_json:
        _print_json(rows)
    else:
        _print_table([{**r, "aliases": ", ".join(r["aliases"])} for r in rows],
                     ["id", "name", "kind", "reports", "aliases"])


@cli.command()
@click.argument("actor_id")
@_db_option
@_json_option
def actor(actor_id: str, db: str | None, as_json: bool) -> None:
    """One actor: aliases, roles, and every mention by report with its sentence."""
    from parley.store import queries

    with _open_store(db) as store:
        data = queries.actor_detail(store.conn, actor_id)
    if data is None:
        raise click.ClickException(f"no actor with id {actor_id!r}; `parley actors` lists them")
    if as_json:
        _print_json(data)
        return
    click.echo(f"{data['name']}  [{data['id']}, {data['kind']}]")
    click.echo(f"aliases: {', '.join(data['aliases'])}")
    for rep in data["reports"]:
        click.echo(f"\n{rep['doc']} ({rep['published'] or 'undated'})")
        for m in rep["mentions"]:
            click.echo(f"  {m['text']!r}: {m['sentence']}")


def _emit(rows: list[dict[str, Any]], as_json: bool, table_row=None) -> None:
    """JSON as the library returns it, or a table of the flattened rows."""
    if as_json:
        _print_json(rows)
        return
    flat = [table_row(r) for r in rows] if table_row else rows
    _print_table(flat, list(flat[0]) if flat else [])


@cli.command()
@click.argument("actor_id")
@_db_option
@_json_option
def roles(actor_id: str, db: str | None, as_json: bool) -> None:
    """An actor's role timeline: each post with first and last dates seen, current or former."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = queries.role_timeline(store.conn, actor_id)
    _emit(rows, as_json, lambda r: {k: r[k] for k in ("title", "of", "first_seen", "last_seen", "status",
                                                       "reports")})


@cli.command()
@click.option("--speaker", help="Actor id of the speaker.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only reports published on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only reports published on or before.")
@click.option("--search", help="Full-text search in the quotation.")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="At most this many rows.")
@_db_option
@_json_option
def quotes(speaker: str | None, since, until, search: str | None, limit: int, db: str | None,
           as_json: bool) -> None:
    """Direct quotations with their speakers, latest first."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = queries.list_quotes(store.conn, speaker=speaker, q=search, limit=limit,
                                   since=since.date().isoformat() if since else None,
                                   until=until.date().isoformat() if until else None)
    _emit(rows, as_json, lambda r: {"speaker": r["speaker"], "text": r["text"], "doc": r["evidence"]["doc"],
                                    "date": r["date"], "reports": r["reports"]})


def _event_row(r: dict[str, Any]) -> dict[str, Any]:
    return {"date": r["date"], "type": r["type"], "actors": ", ".join(a["id"] for a in r["actors"]),
            "targets": ", ".join(a["id"] for a in r["targets"]), "place": r["place"], "doc": r["evidence"]["doc"],
            "reports": r["reports"]}


@cli.command()
@click.option("--type", "etype", help="PLOVER event type (consult, agree, ...).")
@click.option("--actor", help="Actor id taking part (as actor or target).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events dated on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events dated on or before.")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="At most this many rows.")
@_db_option
@_json_option
def events(etype: str | None, actor: str | None, since, until, limit: int, db: str | None, as_json: bool) -> None:
    """Events coded in PLOVER, with actors, targets, date and place; newest first."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = queries.list_events(store.conn, type=etype, actor=actor, limit=limit,
                                   since=since.date().isoformat() if since else None,
                                   until=until.date().isoformat() if until else None)
    _emit(rows, as_json, _event_row)


@cli.command()
@click.option("--issue", help="Issue (ceasefire, prisoner_exchange, ...).")
@click.option("--holder", help="Actor id holding the position.")
@_db_option
@_json_option
def positions(issue: str | None, holder: str | None, db: str | None, as_json: bool) -> None:
    """Stances on the issues, with the number of reports supporting each."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = queries.list_positions(store.conn, issue=issue, holder=holder)
    _emit(rows, as_json, lambda r: {k: r[k] for k in ("holder", "issue", "stance", "reports", "first_seen",
                                                       "last_seen")})


@cli.command()
@click.option("--actor", help="Only events this actor takes part in.")
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True, help="At most this many rows.")
@_db_option
@_json_option
def timeline(actor: str | None, limit: int, db: str | None, as_json: bool) -> None:
    """Dated events in order, oldest first."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = queries.list_events(store.conn, actor=actor, dated_only=True, ascending=True, limit=limit)
    _emit(rows, as_json, _event_row)


@cli.command()
@click.argument("kind", type=click.Choice(["roles", "quotes", "events", "positions"]))
@click.argument("fact_id", type=int)
@_db_option
@_json_option
def evidence(kind: str, fact_id: int, db: str | None, as_json: bool) -> None:
    """Every report and sentence that states one fact (ids are in the --json output of the queries)."""
    from parley.store import queries

    with _open_store(db) as store:
        data = queries.fact_evidence(store.conn, kind, fact_id)
    if data is None:
        raise click.ClickException(f"no {kind[:-1]} with id {fact_id}")
    if as_json:
        _print_json(data)
        return
    click.echo(f"{kind[:-1]} {fact_id}: stated in {data['reports']} report(s)")
    for ev in data["evidence"]:
        click.echo(f"  {ev['doc']} ({ev['published'] or 'undated'}): {ev['sentence']}")


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the web view and the HTTP API (read-only unless $PARLEY_TOKEN is set)."""
    import uvicorn

    from parley.serve.app import create_app

    path = db or default_db()
    app = create_app(path)
    click.echo(f"parley serving {path} at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def main(argv: Iterable[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="parley")


if __name__ == "__main__":
    main()
