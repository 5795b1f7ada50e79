"""parley's command line: parse arguments, call the library, print. Data on stdout, logs on stderr."""
# ruff: noqa: E402 - the math libraries' thread settings come before any import that loads numpy

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from parley.extract.threads import prefer_one_thread

prefer_one_thread()  # before numpy loads (see parley.extract.threads): `-j 1` extracts in this process

import click

from parley import __version__
from parley.cli_support import format_table
from parley.defaults import DEFAULT_MAX_BYTES, default_db

# Nothing heavier is imported here: the extraction workers' server imports this module first (as the
# program's __main__), before it loads the model, so every import here delays the workers.


class NotFound(click.ClickException):
    """An id or filter value that names nothing: a usage error (exit 2), said in one line."""

    exit_code = 2


class ParleyGroup(click.Group):
    """parley's commands, with every database error said in one line naming the file, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from parley.store import DatabaseError, PostgresError, StoreError

        try:
            return super().invoke(ctx)
        except (StoreError, DatabaseError, PostgresError) as exc:
            path = ctx.meta.get("parley.db")
            where = f"database {path}: " if path and path not in str(exc) else ""
            raise click.ClickException(where + " ".join(str(exc).split())) from None


class DateBound(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, checked as the web checks its `since` and `until`."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from parley.store.filters import date_filter

        try:
            return date_filter(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _db_option(f):
    return click.option("--db", type=click.Path(dir_okay=False), default=None,
                        help="SQLite database file, or a postgresql://user@host:port/dbname URL "
                             "(default: $PARLEY_DB or ./parley.db).")(f)


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def _missing_db(path: str) -> click.ClickException:
    return click.ClickException(f"database {path} does not exist; run `parley ingest PATH --db {path}` first "
                                f"(or `bash scripts/demo.sh` for the examples)")


def _check_negotiation(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from parley.lexicon import DataFileError, load_negotiations

    if value is None:
        return None
    try:
        ids = [n.id for n in load_negotiations()]
    except DataFileError as exc:
        raise click.ClickException(str(exc)) from exc
    if value not in ids:
        from parley.store.filters import close_values

        hints = close_values(value, ids)
        tail = f"did you mean {', '.join(hints)}?" if hints else f"known: {', '.join(ids) or 'none'}"
        raise click.BadParameter(f"no negotiation {value!r}; {tail} (`parley negotiations` lists them)")
    return value


def _negotiation_option(f):
    return click.option("--negotiation", metavar="ID", callback=_check_negotiation,
                        help="Only reports attached to this negotiation (`parley negotiations` lists them).")(f)


def _open_store(db: str | None, *, must_exist: bool = True):
    from parley.lexicon import DataFileError
    from parley.store import DatabaseError, PostgresError, Store, StoreError
    from parley.store.db import display_name, is_url

    path = db or default_db()
    shown = display_name(path)
    click.get_current_context().meta["parley.db"] = shown
    if must_exist and not is_url(path) and not Path(path).exists():
        raise _missing_db(path)
    try:
        return Store(path)
    except (StoreError, DataFileError, DatabaseError, PostgresError) as exc:
        message = " ".join(str(exc).split())
        raise click.ClickException(message if shown in message else f"cannot open database {shown}: {message}") \
            from None


def _check_actor(store: Any, actor_id: str | None) -> None:
    """Exit 2 with the likeliest ids when `actor_id` names no actor."""
    from parley.store.filters import actor_exists, unknown_actor_message

    if actor_id is not None and not store.run(actor_exists, actor_id):
        raise NotFound(store.run(unknown_actor_message, actor_id))


def _check_value(option: str, value: str | None, choices: Iterable[str]) -> None:
    """Exit 2 with the closest values when `value` is not one of `choices`."""
    from parley.store.filters import close_values

    choices = list(choices)
    if value is None or value in choices:
        return
    hints = close_values(value, choices)
    tail = f"did you mean {', '.join(hints)}?" if hints else f"use one of {', '.join(choices)}"
    raise NotFound(f"{option} {value!r} is not known; {tail}")


def _left_out(count: int, what: str) -> None:
    """Say on stderr how many undated items a --since/--until filter left out."""
    if count:
        click.echo(f"{count} undated {what} left out by --since/--until (they have no date)", err=True)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# Columns a table never cuts: what one pastes into the next command, and short fixed-width values.
KEEP_COLUMNS = ("id", "report_id", "speaker", "holder", "actors", "targets", "of", "date", "first_seen",
                "last_seen", "type", "kind", "status", "stance", "reports")


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    """Rows as a table fitted to the terminal: ids are never cut, a cut cell ends in "…"."""
    if not rows:
        click.echo("(none)")
        return
    for line in format_table(rows, columns, keep=KEEP_COLUMNS):
        click.echo(line)


@click.group(cls=ParleyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
def cli() -> None:
    """parley: follow a negotiation through the news.

    Ingest reports into a knowledge base of actors, roles, quotes, events and positions; query and export it.
    """


def _store_with_progress(verb: str, db: str | None, quiet: bool,
                         run: Callable[[str, Callable[[int], Any], Callable[[object], None]], Any]) -> Any:
    """`run(path, on_progress, on_error)` under a progress bar, for `ingest` and `load`: errors are written
    above the bar as they come, Ctrl+C ends with what is stored kept (exit 130), and the summary's counts
    are said in one line. The database shows without its password in messages."""
    from tqdm import tqdm

    from parley.store.db import display_name

    path = db or default_db()
    shown = display_name(path)
    click.get_current_context().meta["parley.db"] = shown
    bar = tqdm(desc=verb, unit="report", file=sys.stderr, disable=quiet or not sys.stderr.isatty())

    def report_error(err: object) -> None:
        bar.write(f"error: {err}", file=sys.stderr)

    try:
        summary = run(path, bar.update, report_error)
    except KeyboardInterrupt:
        bar.close()
        click.echo("interrupted: every report stored so far is kept; run the same command again to go on",
                   err=True)
        sys.exit(130)
    finally:
        bar.close()
    click.echo(f"{shown}: {summary.new} new, {summary.skipped} skipped (already stored), "
               f"{len(summary.failed)} failed; {summary.actors} actors"
               + (f"; {summary.copies} folded as copies of stored reports" if summary.copies else ""), err=True)
    return summary


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--processes", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for extraction (default: up to 2).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest file (for JSON Lines: line) read as one report, in bytes.")
@click.option("--allow-private", is_flag=True, help="Let URLs reach private, loopback and link-local addresses.")
@click.option("--keep-copies", is_flag=True, help="Extract and store near-copies of stored reports as reports "
              "of their own instead of folding them (syndication studies, benchmarks).")
def ingest(paths: tuple[str, ...], db: str | None, processes: int | None, quiet: bool, max_bytes: int,
           allow_private: bool, keep_copies: bool) -> None:
    """Read reports (text files, folders, JSON Lines, Parquet, HTML pages, feeds, http(s) URLs) into the knowledge base.

    Reports already stored (same normalized text) are skipped. Each bad input is reported on stderr as it
    is found, with its path (and line or entry) and the reason; the rest of the batch carries on, and the
    exit status is 1 if anything failed.
    """
    from parley.extract.pipeline import ModelMissingError, default_processes, workers_warming

    processes = processes or default_processes()
    # The workers' server starts loading the model before the rest of the library is imported.
    with workers_warming(processes):
        from parley.api import ingest_paths
        from parley.store.db import StoreError

        try:
            summary = _store_with_progress("ingest", db, quiet, lambda path, progress, error: ingest_paths(
                paths, path, processes=processes, on_progress=progress, max_bytes=max_bytes,
                allow_private=allow_private, fold_copies=not keep_copies, on_error=error))
        except (StoreError, ModelMissingError) as exc:
            raise click.ClickException(str(exc)) from exc
    if summary.new == 0 and summary.skipped and not summary.failed:
        click.echo("nothing new: every report was already stored", err=True)
    if summary.failed:
        sys.exit(1)


class Unavailable(click.ClickException):
    """Something the command needs is not installed (pyspark, Java): said in one line, exit 2."""

    exit_code = 2


def _short_failure(exc: BaseException) -> str:
    """One line for an error raised through Spark (whose messages hold a JVM and a Python traceback)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    named = [line for line in lines if "Error:" in line or "Exception:" in line]
    text = (named[-1] if named else lines[0] if lines else type(exc).__name__)
    return " ".join(text.split())[:300]


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="New folder for the extractions (Parquet, by date), rejects.jsonl and _batch.json.")
@click.option("--master", default=None,
              help="Spark master: local[N], spark://host:port, yarn, k8s://... (default: spark-submit's, else "
                   "local[*])")
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE",
              help="A Spark setting (repeat for more): spark.executor.memory=4g, spark.archives=...")
@click.option("--partitions", type=click.IntRange(1), default=None,
              help="Parts the reports are spread over for extraction (default: four per core).")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest file (for JSON Lines: line; for Parquet: text) read as one report, in bytes.")
def batch(inputs: tuple[str, ...], out: str, master: str | None, conf: tuple[str, ...], partitions: int | None,
          max_bytes: int) -> None:
    """Extract reports on Apache Spark into Parquet, for `parley load` (needs pip install 'parley[spark]').

    INPUTS are files and folders as for `parley ingest` (text, JSON Lines, HTML, feeds) and Parquet files
    with the columns id, text, published, url, title. Rows that cannot be used are written with their
    reason to OUT/rejects.jsonl; the exit status is 1 if there were any.
    """
    from parley.batch import SparkMissingError, run_batch

    settings = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
        settings[key.strip()] = value
    try:
        summary = run_batch(inputs, out, master=master, conf=settings, partitions=partitions, max_bytes=max_bytes)
    except SparkMissingError as exc:
        raise Unavailable(str(exc)) from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("interrupted: nothing was written", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a Spark job that failed: one line, not a JVM traceback
        raise click.ClickException(f"batch failed: {_short_failure(exc)}") from None
    click.echo(f"{out}: {summary.read} rows read, {summary.extracted} extracted, {summary.rejected} rejected"
               + (f" (reasons in {summary.rejects_path})" if summary.rejected else "")
               + f"; {summary.partitions} partitions, {summary.seconds:.0f} s", err=True)
    if summary.rejected:
        sys.exit(1)


@cli.command()
@click.argument("batch_dir", metavar="DIR", type=click.Path(file_okay=False))
@_db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--keep-copies", is_flag=True, help="Store near-copies of stored reports as reports of their own "
              "instead of folding them (as `parley ingest --keep-copies`).")
def load(batch_dir: str, db: str | None, quiet: bool, keep_copies: bool) -> None:
    """Resolve and store the extractions of a `parley batch` output folder into the knowledge base.

    They are stored in the order `parley ingest` would store the same inputs, so ids and exported records
    are the same; reports already stored are skipped, so loading twice adds nothing.
    """
    from parley.batch import BatchOutputError, load_batch

    try:
        summary = _store_with_progress("load", db, quiet, lambda path, progress, error: load_batch(
            batch_dir, path, fold_copies=not keep_copies, on_progress=progress, on_error=error))
    except BatchOutputError as exc:
        raise click.UsageError(str(exc)) from None
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["records", "csv", "parquet"]), default="records",
              show_default=True, help="records: one SCHEMA.md record per report (JSON Lines); csv/parquet: one "
              "file per table (reports, actors, mentions, roles, quotes, events, positions, ...).")
@click.option("--table", "tables", multiple=True, metavar="NAME",
              help="Only this table (csv/parquet; repeat for more). Default: every table.")
@_db_option
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout). For csv/parquet: a file "
              "prefix; writes PREFIX.reports.csv, PREFIX.actors.csv, ...")
@_negotiation_option
def export(fmt: str, tables: tuple[str, ...], db: str | None, output: str, negotiation: str | None) -> None:
    """Export the knowledge base: records for the referee, or tables for an analyst (CSV, Parquet).

    Every fact row carries its `id` (for `parley evidence`), its `report_id` and the report's `date`.
    """
    from parley.export import TABLES, write_tables

    names = [t.name for t in TABLES]
    for name in tables:
        _check_value("--table", name, names)
    if fmt != "records" and output == "-":
        raise click.UsageError(f"--format {fmt} writes one file per table; give a file prefix with -o")
    with _open_store(db) as store:
        try:
            if fmt == "records":
                out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
                try:
                    for record in store.records(negotiation):
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
                finally:
                    if out is not sys.stdout:
                        out.close()
                return
            for path, rows in store.run(write_tables, output, fmt=fmt, tables=tables or None,  # type: ignore[arg-type]
                                        negotiation=negotiation):
                click.echo(f"wrote {path} ({rows} rows)", err=True)
        except OSError as exc:
            raise click.ClickException(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from None


@cli.command()
@_db_option
@click.option("--kind", type=click.Choice(["person", "organization", "country"]), help="Only actors of this kind.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many rows.")
@_negotiation_option
@_json_option
def actors(db: str | None, kind: str | None, limit: int | None, negotiation: str | None, as_json: bool) -> None:
    """List actors: id, name, kind, country or side, number of reports, aliases."""
    from parley.store import queries

    with _open_store(db) as store:
        rows = store.run(queries.list_actors, kind=kind, limit=limit, negotiation=negotiation)
    if as_json:
        _print_json(rows)
    else:
        _print_table([{**r, "country": r["country_name"] or r["country"], "aliases": ", ".join(r["aliases"])}
                      for r in rows], ["id", "name", "kind", "country", "reports", "aliases"])


@cli.command()
@click.argument("actor_id")
@_db_option
@_json_option
def actor(actor_id: str, db: str | None, as_json: bool) -> None:
    """One actor: aliases, roles, and every mention by report with its sentence."""
    from parley.store import queries

    with _open_store(db) as store:
        _check_actor(store, actor_id)
        data = store.run(queries.actor_detail, actor_id)
    if data is None:
        raise NotFound(f"no actor with id {actor_id!r}; `parley actors` lists them")
    if as_json:
        _print_json(data)
        return
    side = data["country_name"]
    click.echo(f"{data['name']}  [{data['id']}, {data['kind']}{', ' + side if side else ''}]")
    click.echo(f"aliases: {', '.join(data['aliases'])}")
    if data["roles"]:
        click.echo("\nroles:")
        _print_table([_role_row(r) for r in data["roles"]], list(_role_row(data["roles"][0])))
    for rep in data["reports"]:
        click.echo(f"\n{rep['headline']} ({rep['published'] or 'undated'}; report {rep['report_id']})")
        for m in rep["mentions"]:
            click.echo(f"  {m['text']!r}: {m['sentence']}")


def _emit(rows: list[dict[str, Any]], as_json: bool, table_row=None) -> None:
    """JSON as the library returns it, or a table of the flattened rows."""
    if as_json:
        _print_json(rows)
        return
    flat = [table_row(r) for r in rows] if table_row else rows
    _print_table(flat, list(flat[0]) if flat else [])


def _role_row(r: dict[str, Any]) -> dict[str, Any]:
    """A post of a role timeline (`parley.resolve.roles.RoleSpan.as_dict`) as a table row."""
    return {"id": r["id"], "post": r["post"], "of": r["of"], "since": r["since"],
            "until": r["until"] or ("current" if r["current"] else "ended, date unknown"),
            "ended_by": r["ended_by"], "reports": r["reports"]}


@cli.command()
@click.argument("actor_id")
@_db_option
@_json_option
def roles(actor_id: str, db: str | None, as_json: bool) -> None:
    """An actor's role timeline: each post with since, until (or current), and the reports stating it.

    A post ends where a report calls it former, someone else takes it, or the holder takes a post that
    cannot be held with it; wordings of one post (head of the delegation / team, chief negotiator) are one.
    """
    from parley.store.timelines import role_timeline_rows

    with _open_store(db) as store:
        _check_actor(store, actor_id)
        rows = [r.as_dict() for r in store.run(role_timeline_rows, actor_id)]
    _emit(rows, as_json, _role_row)


@cli.command()
@click.option("--speaker", help="Actor id of the speaker.")
@click.option("--since", type=DateBound(), help="Only reports dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", type=DateBound(), help="Only reports dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--search", help="Full-text search in the quotation.")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="At most this many rows.")
@_negotiation_option
@_db_option
@_json_option
def quotes(speaker: str | None, since: str | None, until: str | None, search: str | None, limit: int,
           negotiation: str | None, db: str | None, as_json: bool) -> None:
    """Direct quotations with their speakers, latest first."""
    from parley.store import queries
    from parley.store.filters import undated_quotes

    with _open_store(db) as store:
        _check_actor(store, speaker)
        rows = store.run(queries.list_quotes, speaker=speaker, q=search, limit=limit, since=since, until=until,
                         negotiation=negotiation)
        left_out = store.run(undated_quotes, speaker=speaker, q=search, negotiation=negotiation) \
            if since or until else 0
    _emit(rows, as_json, lambda r: {"id": r["id"], "date": r["date"], "speaker": r["speaker"], "text": r["text"],
                                    "report": r["evidence"]["headline"], "reports": r["reports"]})
    _left_out(left_out, "quotations")


def _event_row(r: dict[str, Any]) -> dict[str, Any]:
    return {"id": r["id"], "date": r["date"], "type": r["type"], "actors": ", ".join(a["id"] for a in r["actors"]),
            "targets": ", ".join(a["id"] for a in r["targets"]), "place": r["place"],
            "report": r["evidence"]["headline"], "reports": r["reports"]}


def _event_filters(store: Any, etype: str | None, actor: str | None) -> None:
    from parley.serve.schemas import EVENT_TYPES

    _check_value("--type", etype, EVENT_TYPES)
    _check_actor(store, actor)


@cli.command()
@click.option("--type", "etype", help="PLOVER event type (consult, agree, ...).")
@click.option("--actor", help="Actor id taking part (as actor or target).")
@click.option("--since", type=DateBound(), help="Events dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", type=DateBound(), help="Events dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="At most this many rows.")
@_negotiation_option
@_db_option
@_json_option
def events(etype: str | None, actor: str | None, since: str | None, until: str | None, limit: int,
           negotiation: str | None, db: str | None, as_json: bool) -> None:
    """Events coded in PLOVER, with actors, targets, date and place; newest first."""
    from parley.store import queries
    from parley.store.filters import undated_events

    with _open_store(db) as store:
        _event_filters(store, etype, actor)
        rows = store.run(queries.list_events, type=etype, actor=actor, limit=limit, since=since, until=until,
                         negotiation=negotiation)
        left_out = store.run(undated_events, type=etype, actor=actor, negotiation=negotiation) \
            if since or until else 0
    _emit(rows, as_json, _event_row)
    _left_out(left_out, "events")


@cli.command()
@click.option("--issue", help="Issue (ceasefire, prisoner_exchange, ...).")
@click.option("--holder", help="Actor id holding the position.")
@_negotiation_option
@_db_option
@_json_option
def positions(issue: str | None, holder: str | None, negotiation: str | None, db: str | None, as_json: bool) -> None:
    """Stances on the issues, with the number of reports supporting each."""
    from parley.lexicon import load_lexicon
    from parley.store import queries

    with _open_store(db) as store:
        # Every issue the data knows, a negotiation's own issues included (negotiations.toml).
        _check_value("--issue", issue, sorted(load_lexicon().cues.get("positions", {}).get("issues", {})))
        _check_actor(store, holder)
        rows = store.run(queries.list_positions, issue=issue, holder=holder, negotiation=negotiation)
    _emit(rows, as_json, lambda r: {k: r[k] for k in ("id", "holder", "issue", "stance", "reports", "first_seen",
                                                       "last_seen")})


@cli.command()
@click.option("--actor", help="Only events this actor takes part in.")
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True, help="At most this many rows.")
@_negotiation_option
@_db_option
@_json_option
def timeline(actor: str | None, limit: int, negotiation: str | None, db: str | None, as_json: bool) -> None:
    """Dated events in order, oldest first."""
    from parley.store import queries

    with _open_store(db) as store:
        _check_actor(store, actor)
        rows = store.run(queries.list_events, actor=actor, dated_only=True, ascending=True, limit=limit,
                         negotiation=negotiation)
    _emit(rows, as_json, _event_row)


@cli.command()
@click.option("--type", "htype", help="PLOVER type (consult, agree, assault, concede, ...).")
@click.option("--actor", help="Only happenings this actor takes part in.")
@click.option("--since", help="Dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--proposed", is_flag=True, help="Also list proposed, planned and refused ones.")
@_db_option
@_json_option
def happenings(htype: str | None, actor: str | None, since: str | None, until: str | None, proposed: bool,
               db: str | None, as_json: bool) -> None:
    """Happenings: each real-world event once, however many reports and sentences tell it, oldest first."""
    from parley.store.happenings import happening_rows

    with _open_store(db) as store:
        rows = [h.as_dict() for h in store.run(happening_rows, type=htype, actor=actor, since=since, until=until,
                                               include_proposed=proposed)]
    _emit(rows, as_json, lambda r: {"date": r["date"], "type": r["type"], "status": r["status"],
                                    "actors": ", ".join(r["actors"]), "targets": ", ".join(r["targets"]),
                                    "place": r["place"], "reports": r["reports"], "sources": r["sources"]})


@cli.command()
@click.option("--issue", help="Issue (ceasefire, prisoner_exchange, ...).")
@click.option("--holder", help="Actor id holding the stance.")
@_db_option
@_json_option
def stances(issue: str | None, holder: str | None, db: str | None, as_json: bool) -> None:
    """Where each holder stands on each issue: the latest stance, its conditions, and its history by date."""
    from parley.store.stances import stance_rows
    from parley.store.timelines import date_label

    with _open_store(db) as store:
        rows = [h.as_dict() for h in store.run(stance_rows, issue=issue, holder=holder)]
    _emit(rows, as_json, lambda r: {
        "holder": r["holder"], "issue": r["issue"], "latest": r["latest"],
        "since": date_label(r["latest_date"], "estimated" if r["latest_estimated"] else None),
        "conditions": "; ".join(r["conditions"]), "history": " → ".join(
            f"{date_label(p['date'], 'estimated' if p['estimated'] else None)} {p['stance']}" for p in r["history"]) + (" (+ undated)" if r["undated"] else ""),
        "follows": ", ".join(r["follows"]), "disagree": ", ".join(f"{k}: {v}" for k, v in r["disagreement"].items())})


@cli.command()
@_db_option
@_json_option
def contradictions(db: str | None, as_json: bool) -> None:
    """Where reports disagree: a happening's date, place or numbers, or a holder's stance on one date."""
    from parley.store.happenings import contradiction_rows

    with _open_store(db) as store:
        rows = [c.as_dict() for c in store.run(contradiction_rows)]
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("(none)")
    for r in rows:
        click.echo(f"{r['kind']}: {r['subject']}")
        for side in ("a", "b"):
            c: Any = r[side]
            click.echo(f"  {c['value']}  [{c['doc']}] {c['sentence']}")


@cli.command()
@click.argument("kind", type=click.Choice(["roles", "quotes", "events", "positions"]))
@click.argument("fact_id", type=int)
@_db_option
@_json_option
def evidence(kind: str, fact_id: int, db: str | None, as_json: bool) -> None:
    """Every report and sentence that states one fact (the `id` column of roles, quotes, events, positions)."""
    from parley.store import queries

    with _open_store(db) as store:
        data = store.run(queries.fact_evidence, kind, fact_id)
    if data is None:
        raise NotFound(f"no {kind[:-1]} with id {fact_id}; the id column of `parley {kind}` lists them")
    if as_json:
        _print_json(data)
        return
    click.echo(f"{kind[:-1]} {fact_id}: stated in {data['reports']} report(s)")
    for ev in data["evidence"]:
        click.echo(f"  {ev['headline']} ({ev['published'] or 'undated'}; report {ev['report_id']}): {ev['sentence']}")


@cli.command()
@_db_option
@click.option("--recompute", is_flag=True, help="Attach every stored report afresh (done by itself whenever "
              "negotiations.toml changes).")
@_json_option
def negotiations(db: str | None, recompute: bool, as_json: bool) -> None:
    """The negotiations of negotiations.toml (or $PARLEY_DATA's), with the number of reports attached to each."""
    from parley.store import negotiations as store_negotiations

    with _open_store(db) as store:
        if recompute:
            written = store.run(store_negotiations.recompute)
            click.echo(f"{written} attachments", err=True)
        rows = store.run(store_negotiations.list_negotiations)
    _emit(rows, as_json, lambda r: {"id": r["id"], "name": r["name"], "parties": ", ".join(r["parties"]),
                                    "reports": r["reports"], "first": r["first_report"], "last": r["last_report"]})


@cli.command()
@click.option("--kind", type=click.Choice(["agreement", "memorandum", "plan", "proposal", "declaration", "list",
                                           "programme", "initiative"]), help="Only instruments of this kind.")
@click.option("--actor", help="Only instruments this actor owns or takes a step on.")
@_negotiation_option
@_db_option
@_json_option
def instruments(kind: str | None, actor: str | None, negotiation: str | None, db: str | None, as_json: bool) -> None:
    """Agreements, memoranda, plans, proposals, lists and programmes, with their steps and status."""
    from parley.store.instruments import list_instruments

    with _open_store(db) as store:
        _check_actor(store, actor)
        rows = store.run(list_instruments, kind=kind, actor=actor, negotiation=negotiation)
    _emit(rows, as_json, lambda r: {"id": r["id"], "name": r["name"], "kind": r["kind"], "status": r["status"],
                                    "steps": len(r["steps"]), "reports": r["reports"]})


@cli.command()
@click.argument("instrument_id")
@_db_option
@_json_option
def instrument(instrument_id: str, db: str | None, as_json: bool) -> None:
    """One instrument: aliases, dated steps, who stands where on it, provisions, with their reports."""
    from parley.store.instruments import instrument_detail

    with _open_store(db) as store:
        data = store.run(instrument_detail, instrument_id)
    if data is None:
        raise click.ClickException(f"no instrument with id {instrument_id!r}; `parley instruments` lists them")
    if as_json:
        _print_json(data)
        return
    click.echo(f"{data['name']}  [{data['id']}, {data['kind']}]" + (f"  status: {data['status']}"
                                                                    if data["status"] else ""))
    click.echo(f"aliases: {', '.join(data['aliases'])}")
    click.echo("\nsteps:")
    for s in data["steps"]:
        who = ", ".join(s["actors"]) + (f" -> {', '.join(s['targets'])}" if s["targets"] else "")
        detail = f" ({s['detail']})" if s["detail"] else ""
        click.echo(f"  {s['date'] or 'undated':10}  {s['type']:9}  {who}{detail}  [{', '.join(s['reports'])}]")
    if data["stances"]:
        click.echo("\nstances:")
        for st in data["stances"]:
            click.echo(f"  {st['actor']}: {st['stance']} ({', '.join(st['reports'])})")
    if data["provisions"]:
        click.echo("\nprovisions:")
        for p in data["provisions"]:
            click.echo(f"  - {p['text']}" + (f"  [{p['issue']}]" if p["issue"] else "") + f"  ({p['evidence']['doc']})")


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, envvar="PARLEY_PORT",
              help="Port to listen on (or $PARLEY_PORT).")
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the web view and the HTTP API (read-only unless $PARLEY_TOKEN is set). Ctrl+C stops it."""
    import uvicorn

    from parley.cli_support import port_taken
    from parley.serve.app import create_app
    from parley.store.db import display_name, is_url

    path = db or default_db()
    if not is_url(path) and not Path(path).exists():
        raise _missing_db(path)
    if port_taken(host, port):
        raise click.ClickException(f"port {port} on {host} is taken (another parley serve?); choose another "
                                   f"with --port N or PARLEY_PORT=N")
    click.get_current_context().meta["parley.db"] = display_name(path)
    app = create_app(path)
    click.echo(f"parley serving {display_name(path)} at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


# --- following the news: watch feeds, syndicated copies, what changed ----------------------------------


@cli.command()
@click.argument("feeds", nargs=-1, required=True)
@_db_option
@click.option("--every", default="15m", show_default=True, help="Time between polls: 90s, 15m, 2h.")
@click.option("--once", is_flag=True, help="Poll each feed once, then exit.")
@click.option("--allow-private", is_flag=True, help="Let URLs reach private, loopback and link-local addresses.")
def watch(feeds: tuple[str, ...], db: str | None, every: str, once: bool, allow_private: bool) -> None:
    """Poll RSS/Atom feeds and ingest each new item (its page, else the feed's text) once.

    FEEDS are feed URLs, feed files, or files listing them (one a line, # comments). What was seen is kept
    in the database, so a restart neither repeats nor misses an item. Stops between items on Ctrl-C or
    SIGTERM; logs one line per new report on stderr.
    """
    from parley.api import watch_feeds
    from parley.ingest.watch import parse_duration

    try:
        every_s = parse_duration(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    path = db or default_db()
    try:
        watch_feeds(feeds, path, every_s=every_s, once=once, allow_private=allow_private,
                    log=lambda line: click.echo(line, err=True))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("report")
@_db_option
@_json_option
def copies(report: str, db: str | None, as_json: bool) -> None:
    """The syndicated copies folded into REPORT (its id, doc name or URL; a copy's doc or URL works too)."""
    from parley.store.copies import copies_of, find_report

    with _open_store(db) as store:
        rid = store.run(find_report, report)
        if rid is None:
            raise click.ClickException(f"no report {report!r}; `parley export` or the web view lists them")
        rows = store.run(copies_of, rid)
        doc = store.report_doc(rid)
    if as_json:
        _print_json({"report_id": rid, "doc": doc, "copies": rows})
        return
    click.echo(f"report {rid} ({doc}): {len(rows)} cop{'y' if len(rows) == 1 else 'ies'}", err=True)
    _print_table([{**r, "sources": ", ".join(r["sources"])} for r in rows],
                 ["outlet", "url", "title", "published", "similarity", "sources"])


@cli.command()
@click.option("--since", required=True, help="A date (2025-05-16, 2025-05-16T08:00, UTC) or a duration back "
              "from now (90m, 24h, 7d).")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="At most this many per section.")
@_db_option
@_json_option
def changes(since: str, limit: int, db: str | None, as_json: bool) -> None:
    """What the knowledge base learned since a moment: new reports and copies, new actors, roles begun and
    ended, new events and quotations, stances that changed; each with its evidence."""
    from parley.store.changes import parse_since, what_changed

    try:
        moment = parse_since(since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    with _open_store(db) as store:
        data = store.run(what_changed, moment, limit=limit)
    if as_json:
        _print_json(data)
        return
    click.echo(f"since {data['since']} UTC")
    for r in data["reports"]:
        click.echo(f"  report {r['id']}: {r['title'] or r['doc']} ({r['published'] or 'undated'})"
                   + (f", {r['copies']} copies" if r["copies"] else ""))
    for c in data["copies"]:
        click.echo(f"  copy of report {c['report_id']}: {c['outlet'] or c['doc']} {c['url'] or ''}".rstrip())
    for a in data["actors"]:
        click.echo(f"  new actor {a['id']} ({a['kind']}): {a['evidence']['sentence'] if a['evidence'] else ''}")
    for r in data["roles"]:
        click.echo(f"  role {r['change']}: {r['actor_name']}, {r['title']}: {r['evidence']['sentence']}")
    for e in data["events"]:
        who = ", ".join(x["name"] for x in e["actors"] + e["targets"])
        click.echo(f"  event {e['type']} {e['date'] or ''} {who}: {e['evidence']['sentence']}")
    for q in data["quotes"]:
        click.echo(f"  quote {q['speaker_name']}: \u201c{q['text']}\u201d")
    for p in data["positions"]:
        was = f" (was {p['was']})" if p["was"] else ""
        click.echo(f"  stance {p['change']}: {p['holder_name']} {p['stance']}s {p['issue']}{was}: "
                   f"{p['evidence']['sentence']}")


def main(argv: Iterable[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="parley")


if __name__ == "__main__":
    main()
