"""What `parley watch` keeps about the feeds it polls (`feeds`, `feed_items`): the validators of each
feed's last complete answer and the outcome of each item, so a restart repeats and loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from parley.store.sql import Connection, atomic


def feed_validators(conn: Connection, feed: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) saved after `feed`'s last complete poll; (None, None) before the first."""
    row = conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def save_feed_title(conn: Connection, feed: str, title: str | None) -> None:
    with atomic(conn):
        conn.execute("INSERT INTO feeds (url, title) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET "
                     "title = excluded.title", (feed, title))


def save_feed_poll(conn: Connection, feed: str, etag: str | None, modified: str | None,
                   polled_at: str) -> None:
    """Record a complete poll of `feed`: its validators, when, and how many items it has shown."""
    with atomic(conn):
        conn.execute(
            "UPDATE feeds SET etag = ?, last_modified = ?, polled_at = ?, items_seen = "
            "(SELECT count(*) FROM feed_items WHERE feed = ?) WHERE url = ?",
            (etag, modified, polled_at, feed, feed))


def item_state(conn: Connection, feed: str, item: str) -> tuple[str, int] | None:
    """(outcome, attempts) of `item` of `feed`, None when it was never handled."""
    row = conn.execute("SELECT outcome, attempts FROM feed_items WHERE feed = ? AND item = ?",
                       (feed, item)).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def mark_item(conn: Connection, feed: str, item: str, link: str | None, outcome: str,
              report_id: int | None) -> None:
    """Record an item's outcome; handling it again counts one more attempt."""
    with atomic(conn):
        conn.execute(
            "INSERT INTO feed_items (feed, item, link, outcome, report_id) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (feed, item) DO UPDATE SET outcome = excluded.outcome, report_id = excluded.report_id, "
            "attempts = feed_items.attempts + 1, seen_at = ?",
            (feed, item, link, outcome, report_id, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")))
