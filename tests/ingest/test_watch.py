"""Watching feeds served by a local test server (127.0.0.1): conditional requests, pages or the feed's own
text, syndicated copies, malformed feeds, and restarts after a kill at any point."""

from __future__ import annotations

import pytest
from werkzeug import Request, Response

from parley.api import Ingestor
from parley.ingest.fetch import FetchOptions
from parley.ingest.watch import Watcher, feed_sources, parse_duration
from parley.store.db import Store

pytestmark = pytest.mark.model

LOCAL = FetchOptions(allow_private=["127.0.0.1"], retries=0, timeout_s=5.0)
ETAG = '"v1"'
MODIFIED = "Fri, 16 May 2025 18:00:00 GMT"

STORIES = {
    "swap": ("Negotiators agree on prisoner exchange",
             "ISTANBUL, May 16 - Russian and Ukrainian negotiators agreed on Friday to exchange one thousand "
             "prisoners of war each, Defence Minister Rustem Umerov told reporters after the talks in Istanbul. "
             "The talks, hosted by Turkey at the Dolmabahce Palace, lasted under two hours, and Foreign Minister "
             "Hakan Fidan said both sides would keep meeting."),
    "strike": ("Drone strikes bus in Sumy region",
               "SUMY, May 17 - A Russian drone hit a bus carrying civilians near Bilopillia on Saturday, killing "
               "nine people, the regional administration said. Ukrainian officials said the strike showed that "
               "Moscow was not serious about the peace process, a day after the first direct talks in three "
               "years ended in Istanbul with no ceasefire."),
    "call": ("Trump and Putin speak for two hours",
             "WASHINGTON, May 19 - U.S. President Donald Trump said after a two-hour telephone call with Vladimir "
             "Putin on Monday that Russia and Ukraine would start negotiations toward a ceasefire immediately. "
             "Volodymyr Zelenskiy said Ukraine was ready for a ceasefire and for direct talks in any format."),
}
SUMMARY_ONLY = ("Kremlin says memorandum is being drafted",
                "MOSCOW, May 20 - Kremlin spokesman Dmitry Peskov said on Tuesday that Russia was drafting a "
                "memorandum on a possible future peace accord with Ukraine, and that there were no deadlines for "
                "it. He said the Russian side would hand the draft to Kyiv once it was ready, and that the work "
                "was complex and would take time.")


def page(title: str, body: str, site: str = "Example Herald") -> str:
    return (f"<html><head><title>{title}</title><meta property='og:site_name' content='{site}'></head><body>"
            f"<article><h1>{title}</h1><p>{body}</p></article></body></html>")


def rss(base: str, items: list[tuple[str, str, str, str]]) -> str:
    entries = "".join(f"<item><guid>{guid}</guid><title>{title}</title><link>{base}{path}</link>"
                      f"<pubDate>Fri, 16 May 2025 12:00:00 +0300</pubDate><description>{text}</description></item>"
                      for guid, title, path, text in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Herald</title>{entries}</channel></rss>'


class FeedServer:
    """A feed with ETag/Last-Modified that answers 304 to a matching conditional request."""

    def __init__(self, httpserver, items):
        self.server, self.items = httpserver, items
        base = httpserver.url_for("")
        self.body = rss(base.rstrip("/"), items)
        httpserver.expect_request("/feed.xml").respond_with_handler(self.feed)
        for key, (title, text) in STORIES.items():
            httpserver.expect_request(f"/{key}").respond_with_data(page(title, text), content_type="text/html")
        httpserver.expect_request("/syndicated").respond_with_data(
            page("Prisoner exchange agreed in Istanbul", STORIES["swap"][1].replace("Friday", "Friday,") +
                 " This story was republished from a news agency.", site="Other Daily"), content_type="text/html")
        httpserver.expect_request("/missing").respond_with_data("gone", status=404)

    def feed(self, request: Request) -> Response:
        if request.headers.get("If-None-Match") == ETAG or request.headers.get("If-Modified-Since") == MODIFIED:
            return Response(status=304)
        return Response(self.body, content_type="application/rss+xml", headers={"ETag": ETAG,
                                                                                  "Last-Modified": MODIFIED})

    def requests(self, path: str) -> int:
        return sum(1 for req, _ in self.server.log if req.path == path)


ITEMS = [("call-1", STORIES["call"][0], "/call", "Short summary of the call."),
         ("repub-1", "Prisoner exchange agreed in Istanbul", "/syndicated", "Republished."),
         ("memo-1", SUMMARY_ONLY[0], "/missing", SUMMARY_ONLY[1]),
         ("strike-1", STORIES["strike"][0], "/strike", "Short summary of the strike."),
         ("swap-1", STORIES["swap"][0], "/swap", "Short summary of the swap.")]  # newest first


def stored(db) -> dict[str, int]:
    with Store(db) as store:
        c = store.conn
        return {"reports": c.execute("SELECT count(*) FROM reports").fetchone()[0],
                "copies": c.execute("SELECT count(*) FROM copies").fetchone()[0],
                "items": c.execute("SELECT count(*) FROM feed_items").fetchone()[0],
                "distinct_docs": c.execute("SELECT count(DISTINCT doc) FROM reports").fetchone()[0]}


def test_watch_ingests_new_items_once_and_asks_conditionally(httpserver, tmp_path, new_db):
    server = FeedServer(httpserver, ITEMS)
    feed, db, lines = httpserver.url_for("/feed.xml"), new_db("kb.db"), []
    with Store(db) as store:
        outcomes = Watcher(Ingestor(store), [feed], LOCAL, log=lines.append).poll()
        by_item = {o.item: o for o in outcomes}
        assert [o.item for o in outcomes] == ["swap-1", "strike-1", "memo-1", "repub-1", "call-1"]  # oldest first
        assert {k: o.outcome for k, o in by_item.items()} == {
            "swap-1": "new", "strike-1": "new", "memo-1": "new", "repub-1": "copy", "call-1": "new"}
        assert by_item["repub-1"].report_id == by_item["swap-1"].report_id
        memo = store.conn.execute("SELECT text, url FROM reports WHERE doc = 'memo-1'").fetchone()
        assert "drafting a memorandum" in memo["text"]  # the page was missing: the feed's own text
        call = store.conn.execute("SELECT text, title FROM reports WHERE doc = 'call-1'").fetchone()
        assert "two-hour telephone call" in call["text"]  # the page, not the feed's one-line summary
        copy = store.conn.execute("SELECT outlet, url FROM copies").fetchone()
        assert copy["outlet"] == "Other Daily" and copy["url"].endswith("/syndicated")
    assert sum(line.startswith("new report ") for line in lines) == 4
    assert sum(line.startswith("copy of report ") for line in lines) == 1
    assert any("/missing: HTTP 404" in line for line in lines)
    pages = server.requests("/swap")

    with Store(db) as store:  # the next poll: 304, nothing fetched, nothing new
        assert Watcher(Ingestor(store), [feed], LOCAL).poll() == []
    assert server.requests("/swap") == pages and server.requests("/feed.xml") == 2
    last = httpserver.log[-1][0]
    assert last.headers.get("If-None-Match") == ETAG and last.headers.get("If-Modified-Since") == MODIFIED
    assert stored(db) == {"reports": 4, "copies": 1, "items": 5, "distinct_docs": 4}


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no cleanup is owed."""


@pytest.mark.parametrize("kill_at", ["after_ingest", "after_mark"])
@pytest.mark.parametrize("item_no", [0, 2])
def test_a_watch_killed_at_any_point_repeats_nothing_and_loses_nothing(httpserver, tmp_path, kill_at, item_no,
                                                                      new_db):
    FeedServer(httpserver, ITEMS)
    feed, db = httpserver.url_for("/feed.xml"), new_db("kb.db")
    with Store(db) as store:
        watcher = Watcher(Ingestor(store), [feed], LOCAL)
        handled = []
        handle, mark = watcher._handle, watcher._mark

        def dying_handle(*args):
            outcome = handle(*args)
            handled.append(outcome)
            if kill_at == "after_ingest" and len(handled) == item_no + 1:
                raise Killed  # stored, not yet marked seen
            return outcome

        def dying_mark(outcome):
            mark(outcome)
            if kill_at == "after_mark" and len(handled) == item_no + 1:
                raise Killed  # marked, feed validators not saved

        watcher._handle, watcher._mark = dying_handle, dying_mark  # type: ignore[method-assign]
        with pytest.raises(Killed):
            watcher.poll()
    with Store(db) as store:  # restarted
        Watcher(Ingestor(store), [feed], LOCAL).poll()
    assert stored(db) == {"reports": 4, "copies": 1, "items": 5, "distinct_docs": 4}


def test_stop_between_items_then_resume(httpserver, tmp_path, new_db):
    FeedServer(httpserver, ITEMS)
    feed, db = httpserver.url_for("/feed.xml"), new_db("kb.db")
    with Store(db) as store:
        watcher = Watcher(Ingestor(store), [feed], LOCAL)
        watcher.log = lambda line: watcher.stop.set() if line.startswith("new report") else None
        assert len(watcher.poll()) == 1  # SIGTERM/Ctrl-C set the same event: the poll ends after the item
        assert store.conn.execute("SELECT etag FROM feeds").fetchone()[0] is None  # the feed is asked again
    with Store(db) as store:
        assert len(Watcher(Ingestor(store), [feed], LOCAL).poll()) == 4
    assert stored(db)["items"] == 5


def test_malformed_feeds_and_refused_feeds_are_logged_not_raised(httpserver, tmp_path):
    httpserver.expect_request("/broken.xml").respond_with_data("<rss><channel><item><title>x", content_type="text/xml")
    httpserver.expect_request("/html").respond_with_data("<html><body>hello</body></html>", content_type="text/html")
    lines: list[str] = []
    with Store(tmp_path / "kb.db") as store:
        urls = [httpserver.url_for("/broken.xml"), httpserver.url_for("/html")]
        outcomes = Watcher(Ingestor(store), urls, LOCAL, log=lines.append).poll()
        assert [o.outcome for o in outcomes] == ["failed"]  # feedparser recovers one entry, with no text
        assert Watcher(Ingestor(store), urls, FetchOptions(), log=lines.append).poll() == []
        assert store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    assert sum("feed entry has no text" in line for line in lines) == 1
    assert sum("/html: no feed entries found" in line for line in lines) == 1
    assert sum("a loopback address: refused" in line for line in lines) == 2


def test_feed_lists_and_durations(tmp_path):
    feed = tmp_path / "local.xml"
    feed.write_text(rss("http://example.org", ITEMS[:1]), encoding="utf-8")
    listing = tmp_path / "feeds.txt"
    listing.write_text("# agencies\nhttps://example.org/rss   # wire\n\nlocal.xml\n", encoding="utf-8")
    assert feed_sources([str(listing)]) == ["https://example.org/rss", str(feed)]
    assert feed_sources([str(feed)]) == [str(feed)]
    (tmp_path / "bad.txt").write_text("not-a-feed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1: 'not-a-feed' is neither a URL nor a feed file"):
        feed_sources([str(tmp_path / "bad.txt")])
    assert parse_duration("15m") == 900 and parse_duration("2h") == 7200 and parse_duration("90") == 90
    with pytest.raises(ValueError, match="'soon' is not a duration"):
        parse_duration("soon")
