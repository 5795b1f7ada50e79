"""What ingest yields instead of a report when an input cannot be read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IngestError:
    """One input that gave no report, and why.

    It is yielded, not raised: one bad file (or one bad line of a JSON Lines file) must not stop a batch of
    thousands, and the caller decides whether to log, count or fail on it.
    """

    origin: str  # the path, "path:LINE" for a line of JSON Lines, "path#N" for the N-th entry of a feed
    reason: str  # what was wrong, in words a user can act on

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"
