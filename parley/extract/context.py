"""Per-doc lookups shared by the facet components: which actor each token belongs to, sentence spans."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from parley.models import LocalActor
from parley.models import Span as CharSpan

if not Doc.has_extension("parley_context"):
    Doc.set_extension("parley_context", default=None)


@dataclass(slots=True)
class MentionSpan:
    start: int  # token index
    end: int
    ref: int
    kind: str


class DocContext:
    """Token -> actor mention, built once per doc from the actor component's output."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token anew on each call
        self.actors: list[LocalActor] = list(doc._.parley_actors or [])
        self.token_ref: dict[int, int] = {}
        self.mentions: list[MentionSpan] = []
        for a in self.actors:
            for m in a.mentions:
                span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
                if span is None:
                    continue
                ms = MentionSpan(span.start, span.end, a.ref, a.kind)
                self.mentions.append(ms)
                for i in range(span.start, span.end):
                    # Nested mentions (a country inside an organization): the outer, longer one wins.
                    prev = self.token_ref.get(i)
                    if prev is None or self._mention_len(prev, i) < span.end - span.start:
                        self.token_ref[i] = a.ref
        self.mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        self.masked: list[tuple[int, int]] = list(doc._.parley_masked or [])

    def _mention_len(self, ref: int, tok: int) -> int:
        for m in self.mentions:
            if m.ref == ref and m.start <= tok < m.end:
                return m.end - m.start
        return 0

    def kind(self, ref: int) -> str:
        return self.actors[ref].kind

    def mention_at(self, tok: int) -> MentionSpan | None:
        best = None
        for m in self.mentions:
            if m.start <= tok < m.end and (best is None or m.end - m.start > best.end - best.start):
                best = m
        return best

    def mentions_in(self, start: int, end: int, kind: str | None = None) -> list[MentionSpan]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and (kind is None or m.kind == kind)]

    def is_masked(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.masked)

    @staticmethod
    def char_span(span: Span) -> CharSpan:
        sent = span.sent
        return CharSpan(span.start_char, span.end_char, sent.start_char, sent.end_char)


def context(doc: Doc) -> DocContext:
    ctx = doc._.parley_context
    if ctx is None:
        ctx = doc._.parley_context = DocContext(doc)
    return ctx
