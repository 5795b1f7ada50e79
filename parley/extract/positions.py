"""Positions component (filled in under the talks-record issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("parley_positions"):
    Doc.set_extension("parley_positions", default=None)


@Language.component("parley_positions", assigns=["doc._.parley_positions"], requires=["doc._.parley_actors"])
def positions_component(doc: Doc) -> Doc:
    doc._.parley_positions = []
    return doc
