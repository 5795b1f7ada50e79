"""Per-doc lookups shared by the facet components: which actor each token belongs to, sentence spans."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from parley.lexicon import Lexicon
from parley.models import LocalActor
from parley.models import Span as CharSpan
from parley.names import initials

if not Doc.has_extension("parley_context"):
    Doc.set_extension("parley_context", default=None)
if not Doc.has_extension("parley_sentences"):
    Doc.set_extension("parley_sentences", default=None)


class Sentences:
    """A doc's sentences, found once: `Doc.sents` and `Token.sent` walk the doc's tokens on every call, and
    the components ask for a token's sentence thousands of times a report."""

    def __init__(self, doc: Doc):
        self.spans: list[Span] = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, i: int) -> Span:
        """The sentence holding token i."""
        return self.spans[bisect_right(self.starts, i) - 1]


def sentences(doc: Doc) -> Sentences:
    """The doc's sentences, cached on the doc; its sentence boundaries must be final (after parley_paragraphs)."""
    found = doc._.parley_sentences
    if found is None:
        found = doc._.parley_sentences = Sentences(doc)
    return found


# Doc.user_data key: the doc's text, joined once.
TEXT = "parley_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, cached on the doc: Doc.text joins every token anew on each call, and several components
    ask for it (a component that changes the tokens would have to drop the cached text)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return str(text)


def span_text(span: Span) -> str:
    """`span.text` cut from the doc's cached text: Span.text joins its tokens anew on every call."""
    return doc_text(span.doc)[span.start_char:span.end_char]


# Doc.user_data key: each token's text, read once.
WORDS = "parley_words"


def doc_words(doc: Doc) -> list[str]:
    """Each token's text, read once a doc and kept on it. `doc[i]` and `for tok in doc` make a new Token
    object every time, so a scan of the whole doc for a few words reads these strings and makes a Token only
    where it stops (spaCy's `lower_` and `is_alpha` are `str.lower()` and `str.isalpha()` of the text)."""
    words: list[str] | None = doc.user_data.get(WORDS)
    if words is None:
        words = doc.user_data[WORDS] = [t.text for t in doc]
    return words


# Doc.user_data key prefix (then the spaCy attribute id): that attribute of every token, read once.
ARRAY = "parley_array"


def doc_array(doc: Doc, attr: int) -> list[int]:
    """Attribute `attr` (a spaCy attribute id: SPACY, ENT_IOB ...) of every token, read once a doc with
    `Doc.to_array` (see doc_words)."""
    key = f"{ARRAY}_{attr}"
    values: list[int] | None = doc.user_data.get(key)
    if values is None:
        values = doc.user_data[key] = doc.to_array(attr).tolist()
    return values


# Doc.user_data key: the sentences the event component parsed, {first token: parsed Doc of that sentence}.
PARSES = "parley_parses"


def keep_parses(doc: Doc, sents: list[Span], parsed: list[Doc]) -> None:
    """Keep the parses of `doc`'s sentences for the components after the one that made them."""
    doc.user_data[PARSES] = {s.start: p for s, p in zip(sents, parsed, strict=True)}


def parsed_token(doc: Doc, i: int) -> Token | None:
    """Token i as its sentence's parse has it (dependency label, head), if that sentence was parsed."""
    parses = doc.user_data.get(PARSES)
    if not parses:
        return None
    sent = sentences(doc).of(i)
    parsed = parses.get(sent.start)
    return parsed[i - sent.start] if parsed is not None and i - sent.start < len(parsed) else None


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
        self.actors: list[LocalActor] = list(doc._.parley_actors or [])
        self.text = doc_text(doc)
        self.mentions: list[MentionSpan] = []
        for a in self.actors:
            for m in a.mentions:
                span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
                if span is not None:
                    self.mentions.append(MentionSpan(span.start, span.end, a.ref, a.kind))
        # Nested mentions (a country inside an organization): the outer, longer one owns the token, so the
        # longest are written last.
        self.token_ref: dict[int, int] = {}
        for ms in sorted(self.mentions, key=lambda m: m.end - m.start):
            for i in range(ms.start, ms.end):
                self.token_ref[i] = ms.ref
        self.mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        self.masked: list[tuple[int, int]] = list(doc._.parley_masked or [])
        # Acronyms of the organizations the report spells out: NSDC -> National Security and Defense Council.
        self.acronyms = {initials(a.name): a.name for a in self.actors if a.kind == "organization" and " " in a.name}
        # What a component works out once per doc and asks for again (the report's two sides, ...).
        self.memo: dict[str, Any] = {}

    def kind(self, ref: int) -> str:
        return self.actors[ref].kind

    def country_ref(self, country_id: str | None) -> int | None:
        """The report's actor for a country id, if the report names that country."""
        return next((a.ref for a in self.actors if a.kind == "country" and a.registry_id == country_id), None)

    def registry_country(self, person: int, lexicon: Lexicon) -> int | None:
        """The report's actor for a person's country (the actor's own, else the registry's), if named."""
        actor = self.actors[person]
        country = actor.country
        if country is None:
            reg = lexicon.registry_person(actor.name)
            country = reg.country if reg else None
        return self.country_ref(country) if country else None

    def actor_country(self, ref: int, roles: list, lexicon: Lexicon) -> int | None:
        """The report's actor for the country a person or body acts for: its own or the registry's country,
        else the country (or the country of the body) its role in this report belongs to."""
        actor = self.actors[ref]
        if actor.kind == "country":
            return None
        if actor.kind == "organization":
            return self.country_ref(actor.country) if actor.country else None
        found = self.registry_country(ref, lexicon)
        if found is not None:
            return found
        for r in roles:
            if r.actor == ref and r.of is not None:
                of = self.actors[r.of]
                if of.kind == "country":
                    return r.of
                if of.kind == "organization" and of.country:
                    return self.country_ref(of.country)
        return None

    def salient_person(self, persons: list[tuple[int, int]], before: int,
                       after_preposition: Callable[[int], bool] | None = None) -> int | None:
        """Whom "he"/"she" at char `before` refers to: the subject (the first person named, not inside a
        prepositional phrase) of the latest sentence that names a person. `persons` are (char, ref) of
        person mentions outside quotations, in order."""
        earlier = [(pos, ref) for pos, ref in persons if pos < before]
        if not earlier:
            return None
        last_pos = earlier[-1][0]
        span = self.doc.char_span(last_pos, last_pos + 1, alignment_mode="expand")
        sent_start = sentences(self.doc).of(span.start).start_char if span is not None else last_pos
        in_sentence = [(pos, ref) for pos, ref in earlier if pos >= sent_start]
        subjects = [ref for pos, ref in in_sentence if after_preposition is None or not after_preposition(pos)]
        return subjects[0] if subjects else in_sentence[0][1]

    def mentions_in(self, start: int, end: int, kind: str | None = None) -> list[MentionSpan]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and (kind is None or m.kind == kind)]

    def is_masked(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.masked)

    @staticmethod
    def char_span(span: Span) -> CharSpan:
        sent = sentences(span.doc).of(span.start)
        return CharSpan(span.start_char, span.end_char, sent.start_char, sent.end_char)


def context(doc: Doc) -> DocContext:
    ctx = doc._.parley_context
    if ctx is None:
        ctx = doc._.parley_context = DocContext(doc)
    return ctx


def locates_group(ctx: DocContext, lex: Lexicon, i: int) -> bool:
    """Whether country word i only locates an armed group of its own ("Sudan's Rapid Support Forces",
    "Yemen's Houthis"), which fights that country's government rather than acting or speaking for it."""
    doc = ctx.doc
    ref = ctx.token_ref.get(i)
    j = i + 1
    while j < len(doc) and ctx.token_ref.get(j) == ref:
        j += 1
    if j < len(doc) and doc[j].text in ("'s", "’s"):
        j += 1
    group = ctx.token_ref.get(j) if j < len(doc) else None
    if ref is None or group is None or ctx.kind(group) != "organization":
        return False
    entry = lex.by_id.get(ctx.actors[group].registry_id or "")
    if entry is None or entry.category != "armed_group":
        return False
    return ctx.actors[ref].registry_id == (ctx.actors[group].country or entry.country)
