"""Quotes component (filled in under the talks-record issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("parley_quotes"):
    Doc.set_extension("parley_quotes", default=None)


@Language.component("parley_quotes", assigns=["doc._.parley_quotes"], requires=["doc._.parley_actors"])
def quotes_component(doc: Doc) -> Doc:
    doc._.parley_quotes = []
    return doc
