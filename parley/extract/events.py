"""Events component (filled in under the talks-record issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("parley_events"):
    Doc.set_extension("parley_events", default=None)


@Language.component("parley_events", assigns=["doc._.parley_events"], requires=["doc._.parley_actors"])
def events_component(doc: Doc) -> Doc:
    doc._.parley_events = []
    return doc
