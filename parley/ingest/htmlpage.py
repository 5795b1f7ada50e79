"""Web pages (``.html``, ``.htm``): main text and metadata through trafilatura, offline."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from parley.ingest.errors import IngestError
from parley.ingest.load import Unreadable, read_text
from parley.ingest.metadata import find_published, find_sources, year_in_url
from parley.models import Report

# htmldate, which trafilatura asks for the date, otherwise searches the whole page for date-like strings
# (a "2022" in a sidebar, a copyright year). Only the page's markup (article:published_time, JSON-LD,
# <time>) and its URL are trusted here; a dateline in the text is read by find_published instead.
DATE_PARAMS = {"original_date": True, "extensive_search": False}


def read_html(path: Path, max_bytes: int) -> Iterator[Report | IngestError]:
    """One report per page; `doc` is the file name. Nothing is fetched: the page is read as saved."""
    try:
        page = read_text(path, max_bytes, markup=True)
    except Unreadable as exc:
        yield IngestError(str(path), exc.reason)
        return
    yield page_report(page, path)


def page_report(page: str, path: Path | str, *, name: str | None = None,
                url: str | None = None) -> Report | IngestError:
    """The report in one HTML page: a saved file at `path`, or a page fetched from `url` (`path` = `url`)."""
    # Imported here: trafilatura and its parsers take about 0.1 s, which a run without pages does not need.
    import trafilatura
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                          date_extraction_params=DATE_PARAMS)
    except Exception as exc:  # whatever breaks the parser is this file's problem, not the batch's
        logging.getLogger(__name__).debug("trafilatura failed on %s", path, exc_info=True)
        return IngestError(str(path), f"could not parse HTML ({type(exc).__name__}: {exc})")
    if not isinstance(doc, Document):  # None: trafilatura found no page structure to read
        return IngestError(str(path), "no main text found in the HTML page")
    text = (doc.text or "").strip()
    if not text:
        return IngestError(str(path), "no main text found in the HTML page")
    title = (doc.title or "").strip() or None
    text = _drop_title_line(text, title)
    url = url or doc.url or None
    published = _iso_date(doc.date) or find_published(text, year_hint=year_in_url(url))
    return Report(doc=name or Path(path).name, text=text, published=published, url=url, title=title,
                  sources=find_sources(text), origin=str(path), outlet=(doc.sitename or "").strip() or None)


def _drop_title_line(text: str, title: str | None) -> str:
    """The text without its first line when that line only repeats the title (the page's <h1>).

    The title is kept in `Report.title`; left in the text it would hide the dateline that opens the body.
    """
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()) == " ".join(title.split()):
        return rest.strip()
    return text


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
