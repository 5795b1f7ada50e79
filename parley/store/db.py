"""The store: schema migrations, each report written atomically, and the reads the export needs.

A path opens SQLite (the embedded default); a `postgresql://` URL opens PostgreSQL (`parley.store.postgres`).
Both take the same SQL from the store's functions, save what the connection's dialect words differently.

WAL mode gives one writer and many readers (the web view reads while an ingest writes). Every report is
written in one transaction (or a savepoint of a longer one: ingest commits a chunk of reports at once),
keyed by its content hash, so a process killed mid-run leaves each report either wholly stored or absent,
and ingesting the same text again adds nothing.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from parley.lexicon import record_issues
from parley.models import Extraction, Span
from parley.resolve.actors import GlobalActor
from parley.resolve.instruments import GlobalInstrument
from parley.store.copies import republished_by
from parley.store.negotiations import attach_reports, ensure_current
from parley.store.sql import Connection, PostgresError, atomic, dialect_of

P = ParamSpec("P")
T = TypeVar("T")

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


class StoreError(RuntimeError):
    """The database cannot be opened or migrated."""


def migrations(*subfolder: str) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every bundled migration, in order: SQLite's, or those of the backend
    whose subfolder is named (`migrations("postgresql")`)."""
    folder = resources.files("parley.store").joinpath("migrations", *subfolder)
    found = []
    for entry in folder.iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


# How long opening a database waits for another process that is creating or migrating it, or holds the
# write lock: the same 10 s as the busy timeout every connection sets.
BUSY_SECONDS = 10.0


def connect(path: str | Path, *, readonly: bool = False) -> Connection:
    """Open (and for writers, migrate) the database at `path`; ':memory:' works for tests, and a
    `postgresql://` URL opens a pooled PostgreSQL connection.

    Any number of processes may open one database at once, a new one included: switching it to WAL and
    migrating it are serialised (see `migrate`), so each either does the work or finds it done.
    """
    path = str(path)
    if is_url(path):
        from parley.store import postgres

        return postgres.connect(path, readonly=readonly)
    try:
        if readonly and path != ":memory:":
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, check_same_thread=False)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        if not readonly:
            if path != ":memory:":
                _use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
    except sqlite3.DatabaseError as exc:  # not a database, locked past the timeout, read-only file
        conn.close()
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    except StoreError:
        conn.close()
        raise
    return conn


@contextmanager
def reading(path: str | Path) -> Iterator[Store]:
    """A read-only Store on the database at `path`, closed on leaving: one per web request (WAL lets it
    read while a writer works; on PostgreSQL it borrows a connection of the process's pool)."""
    db = Store(path, readonly=True)
    try:
        yield db
    finally:
        db.close()


def fatal_error(exc: BaseException) -> bool:
    """Errors of the database itself (disk full, file gone, locked past the timeout): every later write
    would fail the same way, so an ingest run stops with them rather than naming each report."""
    if isinstance(exc, PostgresError):
        return exc.fatal
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc) for word in ("disk", "locked", "readonly", "unable to open", "I/O"))


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for other openers: the switch takes an exclusive lock and SQLite does not
    wait for it (no busy handler), so a second process opening a new database at the same moment got
    "database is locked" here."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02 + random.random() * 0.05)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations newer than the database's `user_version`, all in one exclusive transaction.

    The version is read again once the lock is held: of two processes migrating a new database at once,
    the second waits, then finds the work done (before, it ran 0001 again: "table reports already exists").
    """
    if not [m for m in migrations() if m[0] > conn.execute("PRAGMA user_version").fetchone()[0]]:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    if conn.in_transaction:
        conn.commit()
    isolation = conn.isolation_level
    conn.isolation_level = None  # statements below run exactly as written, no implicit BEGIN or COMMIT
    name = "?"
    try:
        conn.execute("BEGIN EXCLUSIVE")
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for version, name, sql in migrations():  # noqa: B007 - `name` is reported if the migration fails
            if version <= current:
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            current = version
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(f"migration {name} failed: {exc}") from exc
    finally:
        conn.isolation_level = isolation
    return current


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration script, one by one (a trigger's BEGIN ... END stays whole)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(line.strip().startswith("--") or not line.strip()
                                  for line in buffer.splitlines()):
        yield buffer


def is_url(target: str) -> bool:
    """Whether `target` (a --db value) names a PostgreSQL database rather than a SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


def display_name(target: str | Path) -> str:
    """`target` as messages show it: a URL without its password."""
    target = str(target)
    if is_url(target):
        from parley.store.postgres import redact

        return redact(target)
    return target


def title_key(title: str) -> str:
    """A post however worded: Defence/Defense, Foreign Minister/Minister of Foreign Affairs, chief/head;
    country words dropped (the post's country is in `of`): "head of the Ukrainian delegation" is
    "head of the delegation"."""
    from parley.lexicon import load_lexicon, org_key

    lex = load_lexicon()
    words = [w for w in org_key(title).split() if not lex.country_of_form(w.capitalize())
             and not lex.country_of_form(w.upper())]
    synonyms = {"chief": "head", "leader": "head", "affairs": "", "ministry": "minister", "fm": "foreign"}
    out = sorted({synonyms.get(w, w) for w in words} - {""})
    return " ".join(out)


def fact_key(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def _span_cols(span: Span) -> tuple[int, int, int, int]:
    return span.start, span.end, span.sent_start, span.sent_end


class Store:
    """The knowledge base on one SQLite file or one PostgreSQL database. On SQLite a Store is its process's
    single writer; on PostgreSQL writers anywhere queue on an advisory lock (`parley.store.postgres`)."""

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False):
        self.path = display_name(path)  # what messages name: never a password
        self.conn: Connection = connect(path, readonly=readonly)
        self._data_version: int | None = None  # see written_elsewhere
        if not readonly:
            ensure_current(self.conn)  # negotiations data edited since the attachments were computed

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return dialect_of(self.conn).name

    def run(self, fn: Callable[Concatenate[Any, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(connection, *args, **kwargs)` on this Store's connection, for `fn` one of the store package's
        functions (as datasette's `Database.execute_fn`): callers name the question, the Store owns the
        connection it is asked on."""
        return fn(self.conn, *args, **kwargs)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction; inside another, a savepoint of it (see `parley.store.sql.atomic`)."""
        with atomic(self.conn) as conn:
            yield conn

    # --- small reads for the CLI and the API ------------------------------------------------------

    def report_doc(self, report_id: int) -> str | None:
        """The doc name of report `report_id`, None when there is no such report."""
        row = self.conn.execute("SELECT doc FROM reports WHERE id = ?", (report_id,)).fetchone()
        return None if row is None else str(row[0])

    def reported_actor_count(self) -> int:
        """How many actors at least one report names."""
        return int(self.conn.execute("SELECT count(*) FROM actors WHERE id IN "
                                     "(SELECT actor_id FROM report_actors)").fetchone()[0])

    def latest_dates(self, limit: int = 1000) -> list[str]:
        """The stated dates of the last `limit` reports stored that have one, newest first."""
        return [d for (d,) in self.conn.execute(
            "SELECT published FROM reports WHERE published IS NOT NULL ORDER BY id DESC LIMIT ?", (limit,))]

    def estimate_undated(self) -> None:
        """Re-estimate the date window of every undated report (see `parley.store.estimates`)."""
        from parley.store.estimates import estimate_undated

        estimate_undated(self.conn)

    # --- writes -----------------------------------------------------------------------------------

    def has_report(self, key: str) -> bool:
        return self.conn.execute("SELECT 1 FROM reports WHERE key = ?", (key,)).fetchone() is not None

    def report_id(self, key: str, *, copies: bool = False) -> int | None:
        """The id of the report whose content hash is `key`; with `copies`, a folded copy's original too."""
        sql = "SELECT id FROM reports WHERE key = ?"
        args: tuple[str, ...] = (key,)
        if copies:
            sql += " UNION ALL SELECT report_id FROM copies WHERE key = ?"
            args = (key, key)
        row = self.conn.execute(sql, args).fetchone()
        return None if row is None else int(row[0])

    def written_elsewhere(self) -> bool:
        """Whether another connection may have committed to the database since this one last asked: on
        SQLite its `data_version` says so exactly (asked inside a write transaction, it covers every commit
        before the lock was taken); PostgreSQL does not say, so there the answer is always yes."""
        if self.backend != "sqlite":
            return True
        version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        seen, self._data_version = self._data_version, version
        return version != seen

    def known_actors(self) -> list[GlobalActor]:
        rows = self.conn.execute("SELECT id, name, kind, country, registry FROM actors ORDER BY rowid").fetchall()
        aliases: dict[str, set[str]] = {}
        for actor_id, alias in self.conn.execute("SELECT actor_id, alias FROM aliases ORDER BY rowid"):
            aliases.setdefault(actor_id, set()).add(alias)
        return [GlobalActor(r["id"], r["name"], r["kind"], r["country"], bool(r["registry"]), aliases.get(r["id"], set()))
                for r in rows]

    def actor_mark(self) -> tuple[int, int]:
        """Where the actors and aliases tables end now; `actors_since` returns what is added after it."""
        row = self.conn.execute("SELECT (SELECT coalesce(max(rowid), 0) FROM actors), "
                                "(SELECT coalesce(max(rowid), 0) FROM aliases)").fetchone()
        return int(row[0]), int(row[1])

    def actors_since(self, mark: tuple[int, int]) -> tuple[list[GlobalActor], tuple[int, int]]:
        """Actors added, and aliases given to any actor, after `mark` (by this or another process), and the
        new mark. Rows only ever get added (an actor's id and aliases never change), so the row ids bound
        what is new."""
        actor_mark, alias_mark = mark
        found: dict[str, GlobalActor] = {}
        for r in self.conn.execute("SELECT rowid, id, name, kind, country, registry FROM actors WHERE rowid > ? "
                                   "ORDER BY rowid", (actor_mark,)):
            found[r["id"]] = GlobalActor(r["id"], r["name"], r["kind"], r["country"], bool(r["registry"]))
            actor_mark = max(actor_mark, r["rowid"])
        for r in self.conn.execute("SELECT a.rowid, a.actor_id, a.alias, x.name, x.kind, x.country, x.registry "
                                   "FROM aliases a JOIN actors x ON x.id = a.actor_id WHERE a.rowid > ? "
                                   "ORDER BY a.rowid", (alias_mark,)):
            actor = found.setdefault(r["actor_id"], GlobalActor(r["actor_id"], r["name"], r["kind"], r["country"],
                                                                bool(r["registry"])))
            actor.aliases.add(r["alias"])
            alias_mark = max(alias_mark, r["rowid"])
        return list(found.values()), (actor_mark, alias_mark)

    def add(self, ext: Extraction, touched: list[GlobalActor],
            instruments: list[GlobalInstrument] | None = None) -> int | None:
        """Store one resolved extraction; None (and nothing written) when the report is already stored."""
        from parley.names import name_key
        from parley.store.instruments import write_instruments

        instruments = instruments or []

        rep = ext.report
        with self.transaction() as c:
            row = c.execute(
                "INSERT INTO reports (key, doc, url, title, published, est_start, est_end, origin, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id",
                (rep.key, rep.doc, rep.url, rep.title, rep.published.isoformat() if rep.published else None,
                 ext.date_window[0] if ext.date_window else None, ext.date_window[1] if ext.date_window else None,
                 rep.origin, rep.text)).fetchone()
            if row is None:
                return None
            rid = int(row[0])
            c.executemany("INSERT INTO report_sources (report_id, source) VALUES (?, ?) ON CONFLICT DO NOTHING",
                          [(rid, s) for s in rep.sources])
            c.executemany(
                "INSERT INTO actors (id, name, kind, country, name_key, registry) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = CASE WHEN actors.registry = 1 THEN actors.name "
                "ELSE excluded.name END",
                [(g.id, g.name, g.kind, g.country, name_key(g.name), int(g.registry)) for g in touched])
            c.executemany("INSERT INTO aliases (actor_id, alias, alias_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                          [(g.id, alias, name_key(alias)) for g in touched for alias in sorted(g.aliases)])
            gid = {a.ref: a.id for a in ext.actors}
            c.executemany("INSERT INTO report_actors (report_id, ord, actor_id, kind, name) VALUES (?, ?, ?, ?, ?)",
                          [(rid, a.ref, a.id, a.kind, a.name) for a in ext.actors])
            c.executemany(
                'INSERT INTO mentions (report_id, actor_id, text, start, "end", sent_start, sent_end) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(rid, a.id, m.text, *_span_cols(m.span)) for a in ext.actors for m in a.mentions])
            published = rep.published.isoformat() if rep.published else None
            # Roles and positions carry their report's date (migration 0005) for the actor page's indexes.
            c.executemany(
                'INSERT INTO roles (report_id, actor_id, title, title_key, of_id, former, fact_key, start, "end", '
                "sent_start, sent_end, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(rid, gid[r.actor], r.title, title_key(r.title), gid.get(r.of) if r.of is not None else None,
                  int(r.former), fact_key("role", gid[r.actor], title_key(r.title)), *_span_cols(r.span), published)
                 for r in ext.roles])
            c.executemany(
                'INSERT INTO quotes (report_id, speaker_id, text, fact_key, start, "end", sent_start, sent_end) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(rid, gid[q.speaker], q.text, fact_key("quote", gid[q.speaker], " ".join(q.text.lower().split())),
                  *_span_cols(q.span)) for q in ext.quotes])
            for e in ext.events:
                actors = sorted(str(gid[x]) for x in e.actors)
                targets = sorted(str(gid[x]) for x in e.targets)
                eid = c.execute(
                    'INSERT INTO events (report_id, type, date, place, cue, fact_key, start, "end", sent_start, '
                    "sent_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (rid, e.type, e.date, e.place, e.cue, fact_key("event", e.type, actors, targets, e.date),
                     *_span_cols(e.span))).fetchone()[0]
                c.executemany("INSERT INTO event_participants (event_id, actor_id, part, ord, date) "
                              "VALUES (?, ?, ?, ?, ?)",
                              [(eid, gid[x], "actor", i, e.date) for i, x in enumerate(e.actors)]
                              + [(eid, gid[x], "target", i, e.date) for i, x in enumerate(e.targets)])
            c.executemany(
                'INSERT INTO positions (report_id, holder_id, issue, stance, fact_key, start, "end", sent_start, '
                "sent_end, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(rid, gid[p.holder], p.issue, p.stance, fact_key("position", gid[p.holder], p.issue, p.stance),
                  *_span_cols(p.span), published) for p in ext.positions])
            attach_reports(c, [rid])
            write_instruments(c, rid, ext, instruments)
        return rid

    # --- reads for export -------------------------------------------------------------------------

    def records(self, negotiation: str | None = None) -> Iterator[dict[str, Any]]:
        """The SCHEMA.md record of every report (attached to `negotiation`), in ingest order."""
        c = self.conn
        where = "WHERE id IN (SELECT report_id FROM report_negotiations WHERE negotiation_id = ?) " if negotiation else ""
        for rep in c.execute(f"SELECT id, doc, published FROM reports {where}ORDER BY id",
                             [negotiation] if negotiation else []).fetchall():
            yield self.record(rep["id"], rep["doc"], rep["published"])

    def record(self, rid: int, doc: str, published: str | None) -> dict[str, Any]:
        c = self.conn
        sources = [r[0] for r in c.execute("SELECT source FROM report_sources WHERE report_id = ? ORDER BY rowid", (rid,))]
        sources += [s for s in republished_by(c, rid) if s not in sources]  # outlets that carried it as a copy
        forms: dict[str, list[str]] = {}
        for actor_id, text in c.execute('SELECT actor_id, text FROM mentions WHERE report_id = ? ORDER BY start', (rid,)):
            lst = forms.setdefault(actor_id, [])
            if text not in lst:
                lst.append(text)
        # Two local actors may resolve to one global actor (the registry knows that "Anwar" is Anwar Ibrahim):
        # the record names it once, with the mentions of both.
        actors: list[dict[str, Any]] = []
        for r in c.execute("SELECT actor_id, kind, name FROM report_actors WHERE report_id = ? ORDER BY ord", (rid,)):
            if all(a["id"] != r["actor_id"] for a in actors):
                actors.append({"id": r["actor_id"], "kind": r["kind"], "name": r["name"],
                               "mentions": forms.get(r["actor_id"], [])})
        roles = [{"actor": r["actor_id"], "title": r["title"], "of": r["of_id"], "former": bool(r["former"])}
                 for r in c.execute("SELECT actor_id, title, of_id, former FROM roles WHERE report_id = ? ORDER BY id",
                                    (rid,))]
        quotes = [{"speaker": r["speaker_id"], "text": r["text"]}
                  for r in c.execute("SELECT speaker_id, text FROM quotes WHERE report_id = ? ORDER BY id", (rid,))]
        events = []
        for e in c.execute("SELECT id, type, date, place FROM events WHERE report_id = ? ORDER BY id", (rid,)).fetchall():
            parts = c.execute("SELECT actor_id, part FROM event_participants WHERE event_id = ? ORDER BY part, ord",
                              (e["id"],)).fetchall()
            events.append({"type": e["type"], "actors": [p["actor_id"] for p in parts if p["part"] == "actor"],
                           "targets": [p["actor_id"] for p in parts if p["part"] == "target"],
                           "date": e["date"], "place": e["place"]})
        # The record holds the record's issues only; a negotiation's own issues stay in the knowledge base.
        issues = record_issues()
        positions = [{"holder": r["holder_id"], "issue": r["issue"], "stance": r["stance"]}
                     for r in c.execute("SELECT holder_id, issue, stance FROM positions WHERE report_id = ? ORDER BY id",
                                        (rid,)) if r["issue"] in issues]
        from parley.store.instruments import instrument_records

        return {"doc": doc, "published": published, "sources": sources, "actors": actors, "roles": roles,
                "quotes": quotes, "events": events, "positions": positions,
                "instruments": instrument_records(c, rid)}
