"""Event dates: explicit, or relative to the report's publication date."""

from __future__ import annotations

from spacy.tokens import Doc

from parley.models import Extraction


def resolve_event_dates(ext: Extraction, doc: Doc) -> None:
    """Fill event dates from the sentence or the report date (see the talks-record issue)."""
    return None
