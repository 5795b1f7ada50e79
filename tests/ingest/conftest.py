"""The local test server listens on 127.0.0.1 (not "localhost", which may also resolve to ::1)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)
