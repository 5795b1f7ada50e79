"""What every view asks of a request: a read-only Store on the app's database, opened and closed per request.

One definition for `app.py` and every module of `views/` (which `app.py` imports, so it cannot live there)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from parley.store import Store, reading


def read_db(request: Request) -> Iterator[Store]:
    with reading(request.app.state.db_path) as db:
        yield db


Db = Annotated[Store, Depends(read_db)]
