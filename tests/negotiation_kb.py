"""A knowledge base of reports on two negotiations (and one on neither), with hand-made facts, for the store,
CLI and web tests of the negotiation filter. No spaCy model: see `tests/serve/conftest.py`."""

from __future__ import annotations

from pathlib import Path

from tests.serve.conftest import Written, build_knowledge_base

ISTANBUL = Written(
    doc="istanbul.txt", published="2025-05-16", title="Istanbul round",
    sentences=["Ukraine and Russia held talks in Istanbul on Friday.",
               'Olena Hart of Ukraine said: "A ceasefire comes first."'],
    actors=[("Ukraine", "country", "ukraine", ["Ukraine"]), ("Russia", "country", "russia", ["Russia"]),
            ("Olena Hart", "person", None, ["Olena Hart"])],
    events=[("consult", ["Ukraine"], ["Russia"], "2025-05-16", "Istanbul", "held talks", 0)],
    quotes=[("Olena Hart", "A ceasefire comes first.", 1)],
    positions=[("Olena Hart", "ceasefire", "support", 1)],
)
KARABAKH = Written(
    doc="karabakh.txt", published="2025-08-08", title="Karabakh peace",
    sentences=["Azerbaijan met Armen Vale in Washington to end the Karabakh conflict.",
               'Vale said: "The route through Syunik stays ours."'],
    actors=[("Azerbaijan", "country", "azerbaijan", ["Azerbaijan"]), ("Armen Vale", "person", None, ["Armen Vale", "Vale"])],
    events=[("consult", ["Azerbaijan"], ["Armen Vale"], "2025-08-08", "Washington", "met", 0)],
    quotes=[("Armen Vale", "The route through Syunik stays ours.", 1)],
    positions=[("Armen Vale", "transit_route", "support", 1)],
)
ELSEWHERE = Written(
    doc="elsewhere.txt", published="2025-06-01",
    sentences=["Turkey opened a new bridge on Sunday."],
    actors=[("Turkey", "country", "turkey", ["Turkey"])],
    events=[("cooperate", ["Turkey"], [], "2025-06-01", None, "opened", 0)],
)
REPORTS = [ISTANBUL, KARABAKH, ELSEWHERE]


def build(path: Path) -> Path:
    return build_knowledge_base(path, REPORTS)
