"""Roles component (filled in under the talks-record issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("parley_roles"):
    Doc.set_extension("parley_roles", default=None)


@Language.component("parley_roles", assigns=["doc._.parley_roles"], requires=["doc._.parley_actors"])
def roles_component(doc: Doc) -> Doc:
    doc._.parley_roles = []
    return doc
