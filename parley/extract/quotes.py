"""Quotes: direct quotations and the person who said them.

Quotation spans come from the raw text (straight, curly and angle quotes; a quotation whose paragraph
ends open and whose next paragraph opens with a quote mark runs on). The speaker is found next to a speech
verb (parley/data/cues.toml), first after the quotation ("...," X said / " - X wrote"), then before it in
the same sentence (X said: "..." / X said it was not "serious"). A pronoun ("he added") or a description
("the minister noted", "the head of the delegation said") resolves to a person named earlier outside
quotations: one whose roles share the description's words if any, else the latest one. A description
that names a specific post ("the head of the Ukrainian delegation") also becomes a role of that person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from parley.extract.context import DocContext, context, doc_text, sentences
from parley.extract.roles import dedupe_roles, title_words
from parley.grammar import load_grammar
from parley.lexicon import Lexicon, load_lexicon
from parley.models import Quote, Role
from parley.models import Span as CharSpan

if not Doc.has_extension("parley_quotes"):
    Doc.set_extension("parley_quotes", default=None)

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"'}
# A sentence ends at . ! ? followed by space or a line end, or at a line end.
REPORTED_WORDS = 3  # words after a speech verb from which a sentence reports what was said
QUOTE_MARKS = "\"“”«»„‘’'"
_SENT_END = re.compile(r"[.!?](?=[\s\"”»]|$)|\n")
# A paragraph of at least six words with a closing mark and no opening one before it, then an attribution.
ORPHAN_CLOSE = re.compile(r'^[^“”"«»„]{30,}?[.,!?]?”(?=\s*[,.]?\s*\S)')
# "..., the statement says" / "..., it notes": words of a statement whose authors were named before.
STATEMENT_SAYS = re.compile(r"[\s,]*(?:the (?:joint |official )?(?:statement|document|text|communiqu[eé]|declaration)|it)"
                            r"\s+(?:also |further )?(?:says|said|reads|read|adds|added|notes|noted|states|stated|continues)\b",
                            re.I)
WINDOW = 160
# Who said a quotation (several for a joint statement), and the description that named them, if any.
Attribution = tuple[tuple[int, ...], str | None]  # characters of attribution looked at on each side of a quotation
AFTER_VERB_WITHIN = 60
CONTINUATION_GAP = 60  # characters of attribution between a quotation and the one that goes on from it  # characters: ", the head of the delegation said" fits, another clause's verb does not


@dataclass(slots=True)
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    text: str  # the quoted words (marks removed; run-on paragraphs joined)
    # (start, end, words) of each paragraph a run-on quotation spans; one part for most quotations
    parts: list[tuple[int, int, str]] = field(default_factory=list)

    def extend(self, start: int, end: int, body: str) -> None:
        self.text += " " + body
        self.end = end
        self.parts.append((start, end, body))


def find_quote_spans(text: str, masked: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Top-level quotations in `text`, in order."""
    spans: list[QuoteSpan] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    pending: QuoteSpan | None = None  # a quotation left open at a paragraph end
    for p_start, p_end in paragraphs:
        if any(s <= p_start < e for s, e in masked):
            continue
        i = p_start
        para = text[p_start:p_end]
        if pending is not None and not para.lstrip().startswith(tuple(OPENERS)):
            pending = None
        orphan = ORPHAN_CLOSE.match(para)
        if pending is None and orphan is not None:
            # A paragraph that closes a quotation it never opened: the opening mark was lost at the
            # paragraph break ('The EU welcomes ...," X said').
            j = p_start + orphan.end() - 1
            body = text[p_start:j].strip()
            spans.append(QuoteSpan(p_start, j + 1, body, [(p_start, j + 1, body)]))
            i = j + 1
        while i < p_end:
            ch = text[i]
            if ch in OPENERS and (ch != '"' or i == p_start or not text[i - 1].isalnum()):
                close = OPENERS[ch]
                j = text.find(close, i + 1, p_end)
                if ch == '"' and j == -1 and text.find("”", i + 1, p_end) != -1:
                    j = text.find("”", i + 1, p_end)
                if ch == "“" and j == -1 and text.find('"', i + 1, p_end) != -1:
                    j = text.find('"', i + 1, p_end)  # “..." : marks mixed in one quotation
                if j == -1:
                    body = text[i + 1:p_end].strip()
                    if pending is not None:
                        pending.extend(i, p_end, body)
                    else:
                        pending = QuoteSpan(i, p_end, body, [(i, p_end, body)])
                    break
                body = text[i + 1:j].strip()
                if pending is not None and i == p_start + (len(para) - len(para.lstrip())):
                    pending.extend(i, j + 1, body)
                    spans.append(pending)
                    pending = None
                else:
                    if pending is not None:
                        spans.append(pending)
                        pending = None
                    spans.append(QuoteSpan(i, j + 1, body, [(i, j + 1, body)]))
                i = j + 1
                continue
            i += 1
        if pending is not None and pending.end == p_end and pending.start >= p_start:
            continue
    if pending is not None:
        spans.append(pending)
    return [s for s in spans if re.search(r"\w", s.text)]


# At most this many words in a sentence's closing attribution (", Kremlin spokesperson Dmitry Peskov told
# reporters on March 14.").
TRAILING_WORDS = 12
# At most this many words between a speech verb and a name it speaks to ("told the visiting Putin").
REPORTED_REACH = 4


class QuoteFinder:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        g = load_grammar(lexicon.data_dir)
        self.preps, self.determiners, self.title_connectors = g.words("quote_preps"), g.words("determiners"), \
            g.words("title_connectors")
        self.speaker_list_words, self.speech_fillers = g.words("speaker_list_words"), g.words("speech_fillers")
        self.description_openers = g.words("description_openers")
        self.possessive, self.coordinators = g.words("possessive"), g.words("coordinators")
        self.addressee_verbs, self.clause_aux = g.words("addressee_verbs"), g.words("reported_clause_aux")
        cues = lexicon.cues.get("quotes", {})
        self.speech = sorted((str(v) for v in cues.get("speech", [])), key=len, reverse=True)
        self.speech_re = re.compile(r"\b(" + "|".join(re.escape(v) for v in self.speech) + r")\b", re.I)
        self.pronouns = frozenset(str(p) for p in cues.get("pronouns", ["he", "she"]))
        self.speech_words = frozenset(w for v in self.speech for w in v.lower().split())

    def find(self, doc: Doc) -> list[Quote]:
        ctx = context(doc)
        text = ctx.text
        spans = find_quote_spans(text, ctx.masked)
        inside = [(s.start, s.end) for s in spans]
        persons = [(doc[m.start].idx, m.ref) for m in ctx.mentions if m.kind == "person"
                   and not any(s <= doc[m.start].idx < e for s, e in inside)]
        roles: list[Role] = list(doc._.parley_roles or [])
        quotes: list[Quote] = []
        found: Attribution | None
        previous: tuple[QuoteSpan, tuple[int, ...]] | None = None  # the last attributed quotation, speakers
        for q in spans:
            found = self.attribute(doc, ctx, q, spans, persons, roles)
            if found is None and STATEMENT_SAYS.match(text, q.end):
                # '..., the statement says' / '..., it notes': the statement's authors, named before.
                if previous is not None:
                    found = (previous[1], None)
                else:
                    author = ctx.salient_person(persons, q.start)
                    found = ((author,), None) if author is not None else None
            if found is None and previous is not None and (
                    self.continues(text, previous[0], q) or self.same_sentence(doc, previous[0], q)
                    or self.follows_paragraph(text, previous[0], q)):
                # '..." she said. "And more."' / 'X said he was "convinced" Russia was "willing ..."' /
                # a paragraph that is one quotation, right after the speaker's last one.
                found = (previous[1], None)
            if found is None:
                # 'He said both had agreed to a ceasefire, Anwar added. "This is an important first step."': a
                # quotation standing as a sentence of its own, right after a sentence that names who speaks.
                found = self.after_attribution(doc, ctx, q, persons, roles)
            if found is None:
                continue
            speakers, description = found
            previous = (q, speakers)
            # One quote per paragraph of a run-on quotation, each with its own evidence span.
            for start, end, words in q.parts or [(q.start, q.end, q.text)]:
                body = words.rstrip(",").strip()
                if not re.search(r"\w", body):
                    continue
                sent = doc.char_span(start, end, alignment_mode="expand")
                whole = sentences(doc).of(sent.start) if sent is not None else None
                sent_start = whole.start_char if whole is not None else start
                sent_end = max(whole.end_char, end) if whole is not None else end
                # A joint statement's words belong to each of its signatories.
                quotes.extend(Quote(speaker, body, CharSpan(start, end, sent_start, sent_end))
                              for speaker in speakers)
            if description and (" of " in f" {description.lower()} " or re.search(r"\b[A-Z]{2,}\b", description)):
                sent = doc.char_span(q.start, q.end, alignment_mode="expand")
                whole = sentences(doc).of(sent.start) if sent is not None else None
                bounds = (whole.start_char, max(whole.end_char, q.end)) if whole is not None else (q.start, q.end)
                roles.append(Role(speakers[0], description, None, False, CharSpan(q.start, q.end, *bounds)))
        doc._.parley_roles = dedupe_roles(roles, ctx, self.lex)
        return quotes

    # --- attribution ------------------------------------------------------------------------------

    def after_attribution(self, doc: Doc, ctx: DocContext, q: QuoteSpan, persons: list[tuple[int, int]],
                          roles: list[Role]) -> Attribution | None:
        """The speaker of the sentence just before `q`, when `q` is a sentence of its own in the same paragraph
        and that sentence reports someone's words ("..., Anwar added.")."""
        text = ctx.text
        para_start = text.rfind("\n", 0, q.start) + 1
        before = text[para_start:q.start].rstrip().rstrip(QUOTE_MARKS).rstrip()
        rest = text[q.end:q.end + 3].lstrip(QUOTE_MARKS)
        whole = q.text.rstrip().endswith((".", "!", "?")) and (not rest or rest[0].isspace())
        if not before.endswith(".") or not (whole or rest[:1] == "."):
            return None
        last, end = para_start, para_start + len(before)
        for m in _SENT_END.finditer(text, para_start, end - 1):
            last = m.end()
        verbs = list(self.speech_re.finditer(text, last, end))
        # It must report words: a clause after its verb ("He said both had agreed ...") or a trailing
        # attribution (", Anwar added."); "Envoy X spoke first." reports none.
        if not verbs or not (len(text[verbs[0].end():end].split()) >= REPORTED_WORDS
                             or "," in text[last:verbs[-1].start()]):
            return None
        return self.speaker_in(doc, ctx, last, end, q.start, persons, roles)

    @staticmethod
    def continues(text: str, prev: QuoteSpan, q: QuoteSpan) -> bool:
        """Whether `q` goes on from `prev` with only its attribution between: same paragraph, one short
        attributing sentence ('..." she said. "I just kept asking ..."')."""
        between = text[prev.end:q.start]
        return "\n" not in between and len(between) <= CONTINUATION_GAP and between.strip()[-1:] in (".", ":", ",")

    @staticmethod
    def same_sentence(doc: Doc, prev: QuoteSpan, q: QuoteSpan) -> bool:
        """Whether `q` goes on the sentence that holds `prev` (no sentence end between them)."""
        between = doc_text(doc)[prev.end:q.start]
        return "\n" not in between and not _SENT_END.search(between)

    @staticmethod
    def follows_paragraph(text: str, prev: QuoteSpan, q: QuoteSpan) -> bool:
        """Whether `q` is a whole paragraph of its own right after the paragraph holding `prev`."""
        para_start = text.rfind("\n", 0, q.start) + 1
        para_end = text.find("\n", q.end)
        para_end = len(text) if para_end == -1 else para_end
        alone = not text[para_start:q.start].strip() and len(text[q.end:para_end].strip()) <= 1
        prev_para_end = text.find("\n", prev.end)
        prev_para_end = len(text) if prev_para_end == -1 else prev_para_end
        return alone and not text[prev_para_end:para_start].strip()

    def attribute(self, doc: Doc, ctx: DocContext, q: QuoteSpan, spans: list[QuoteSpan],
                  persons: list[tuple[int, int]], roles: list[Role]) -> Attribution | None:
        text = ctx.text
        nxt = min((s.start for s in spans if s.start >= q.end), default=len(text))
        after_end = min(q.end + WINDOW, nxt, len(text))
        m = _SENT_END.search(text, q.end, after_end)
        after_end = m.end() if m else after_end
        # Text right after the mark: ", X said." / " - X wrote." / " the minister noted."
        after = text[q.end:after_end]
        # A quotation that closes its sentence ("... be.") followed by a new sentence ("He suggested ...")
        # is not attributed by that next sentence; ", X said" and " - X wrote" continue it.
        closed = q.text.rstrip().endswith((".", "!", "?")) and after.lstrip()[:1].isupper()
        verb = self.speech_re.search(after)
        # The attributing verb follows the mark closely (", X said", ", said the minister"); a "said" deep
        # in the rest of a long sentence belongs to another clause.
        # '... as "manipulative" and suggested the Russian president ...': the verb shares the subject before
        # the quotation; what follows it is what was said, not who said it.
        shared_subject = verb is not None and after[:verb.start()].strip(" ,").lower() in self.coordinators
        if not closed and verb is not None and not shared_subject and (
                verb.start() <= AFTER_VERB_WITHIN or self.only_names(doc, ctx, q.end, q.end + verb.start())):
            who = self.speaker_in(doc, ctx, q.end, after_end, q.start, persons, roles)
            if who is not None:
                return who
        prv = max((s.end for s in spans if s.end <= q.start), default=0)
        before_start = max(prv, q.start - WINDOW)
        for m in _SENT_END.finditer(text, before_start, q.start):
            before_start = m.end()
        before = text[before_start:q.start]
        if self.speech_re.search(before) or before.rstrip().endswith(":"):
            who = self.speaker_in(doc, ctx, before_start, q.start, q.start, persons, roles)
            if who is not None:
                return who
        trailing = self.trailing_attribution(doc, ctx, q, nxt, persons, roles)
        if trailing is not None:
            return trailing
        if not before.strip():
            # A quotation that opens its paragraph, under a paragraph that ends with a colon ("Zelensky answered
            # with an address to the nation:"): that sentence introduces it.
            lead_end = len(text[:before_start].rstrip())
            if lead_end > prv and text[lead_end - 1:lead_end] == ":":
                lead_start = max(prv, text.rfind("\n", 0, lead_end) + 1)
                for m in _SENT_END.finditer(text, lead_start, lead_end - 1):
                    lead_start = m.end()
                return self.speaker_in(doc, ctx, lead_start, lead_end, lead_end, persons, roles)
        return None

    def attributive(self, doc: Doc, ctx: DocContext, i: int, ref: int) -> bool:
        """Whether the person named at token i only qualifies the noun after the name ("the Trump
        administration official", "a Putin aide")."""
        j = i
        while j < len(doc) and ctx.token_ref.get(j) == ref:
            j += 1
        return j < len(doc) and doc[j].is_lower and (doc[j].lower_ in self.lex.title_heads
                                                     or doc[j].lower_ in self.lex.led_units)

    def trailing_attribution(self, doc: Doc, ctx: DocContext, q: QuoteSpan, nxt: int, persons: list[tuple[int, int]],
                             roles: list[Role]) -> Attribution | None:
        """The speaker of a sentence that ends by saying who said it, for a phrase quoted inside it: 'Russia has
        sent "additional signals" to Trump through Witkoff, Kremlin spokesperson Dmitry Peskov told reporters.'"""
        text = ctx.text
        at = doc.char_span(q.start, q.end, alignment_mode="expand")
        if at is None:
            return None
        end = len(text[:sentences(doc).of(at.start).end_char].rstrip().rstrip(".!?"))
        if end <= q.end or end > nxt:
            return None  # another quotation stands in between
        comma = text.rfind(", ", q.end, end)
        if comma < 0 or len(text[comma:end].split()) > TRAILING_WORDS or not self.speech_re.search(text, comma, end):
            return None
        return self.speaker_in(doc, ctx, comma + 2, end, q.start, persons, roles)

    def speaker_in(self, doc: Doc, ctx: DocContext, start: int, end: int, quote_start: int,
                   persons: list[tuple[int, int]], roles: list[Role]) -> Attribution | None:
        """The speaker named, or referred to, next to a speech verb within text[start:end].

        Of the candidates (a person, a pronoun, a description such as "the minister"), the one nearest a
        speech verb wins, before it rather than after: in "after his meeting with Erdogan, Zelenskiy called
        the team 'decorative'" the speaker is Zelenskiy, not Erdogan.
        """
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None or not len(span):
            return None
        said = [(m.start(), m.group().lower()) for m in self.speech_re.finditer(ctx.text, start, end)]
        verbs = [v for v, _ in said] or [end]
        if end == quote_start:
            # Before the quotation, the verb nearest it introduces it ("a charge the ministry dismissed,
            # criticizing Al-Burhan's 'obstructive behavior'"); earlier verbs belong to other clauses.
            verbs = verbs[-1:]
        candidates: list[tuple[int, int | None, str | None, str]] = []  # (char, person, description, kind)
        skip_to = span.start
        for tok in span:
            if tok.i < skip_to:
                continue  # inside a description already taken ("the head of the Ministry of Defense")
            ref = ctx.token_ref.get(tok.i)
            if ref is not None and tok.i + 1 < len(doc) and doc[tok.i + 1].text in self.possessive:
                continue  # "dismissed Putin's response as 'manipulative'": whose response, not who speaks
            if ref is not None and ctx.kind(ref) == "person" and self.attributive(doc, ctx, tok.i, ref):
                continue  # "the Trump administration official noted": the official speaks, not Trump
            if ref is not None and (ctx.kind(ref) == "person" or self.speaking_body(doc, ctx, tok.i, ref)):
                # An office, ministry or government speaks too ("The PMO added:", "the Kremlin said"),
                # but not a body or country inside a person's title ("Ukraine's Foreign Minister X").
                if not candidates or candidates[-1][1] != ref:
                    candidates.append((tok.idx, ref, None, ctx.kind(ref)))
            elif tok.lower_ in self.pronouns:
                candidates.append((tok.idx, None, None, "pronoun"))
            elif tok.lower_ in self.description_openers and tok.i + 1 < span.end and not (
                    ctx.token_ref.get(tok.i + 1) is not None
                    and self.speaking_body(doc, ctx, tok.i + 1, ctx.token_ref[tok.i + 1])):
                # "The Prime Minister's Office said": the office, not a description of a minister. In "the Trump
                # administration official" the description follows the name that qualifies it.
                first = tok.i + 1
                qualifier = ctx.token_ref.get(first)
                if qualifier is not None and ctx.kind(qualifier) == "person" and self.attributive(doc, ctx, first,
                                                                                                  qualifier):
                    while first < span.end and ctx.token_ref.get(first) == qualifier:
                        first += 1
                desc = self.description(doc, ctx, first, span.end)
                if desc:
                    candidates.append((tok.idx, None, desc, "description"))
                    skip_to = first + len(desc.split())
        # Not the speaker, when someone else may be: a name after a preposition ("pushes back on Trump:",
        # "who negotiated with Hochstein"), and one after its verb that the verb speaks to ("urged Kyiv") or
        # that opens the clause it reports ("said Kyiv would keep working").
        candidates = [c for c in candidates if not self.spoken_to(doc, ctx, c, said)]
        candidates = [c for c in candidates if c[3] == "pronoun" or not self.after_preposition(ctx, c[0])] \
            or candidates
        if not candidates:
            return None

        def distance(c: tuple[int, int | None, str | None, str]) -> int:
            # Characters to the nearest verb; a candidate after its verb ("said X") counts double.
            return min(v - c[0] if c[0] <= v else 2 * (c[0] - v) for v in verbs)

        pos, ref, desc, kind = min(candidates, key=distance)
        if ref is not None:
            return self.coordinated(ctx, candidates, pos, ref, verbs), None
        found = self.latest_person(ctx, persons, min(pos, quote_start), desc, roles)
        return ((found,), desc) if found is not None else None

    def spoken_to(self, doc: Doc, ctx: DocContext, c: tuple[int, int | None, str | None, str],
                  said: list[tuple[int, str]]) -> bool:
        """Whether candidate `c`, named right after a speech verb, is what the verb speaks to or about rather
        than its speaker: the verb's addressee ("urged Kyiv", "told Putin") or the subject of the clause it
        reports ("said Kyiv would ...", "said that Moscow ...")."""
        pos, ref = c[0], c[1]
        prior = [(v, w) for v, w in said if v + len(w) <= pos]
        if not prior:
            return False
        verb, word = prior[-1]
        between = ctx.text[verb + len(word):pos]
        if len(between.split()) > REPORTED_REACH or re.search(r"[,;:—–(]", between):
            return False  # another clause's verb
        if word in self.addressee_verbs or "that" in between.lower().split():
            return True
        tok = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if tok is None:
            return False
        i = tok.start + 1
        while ref is not None and i < len(doc) and ctx.token_ref.get(i) == ref:
            i += 1  # to the end of the name
        return i < len(doc) and doc[i].lower_ in self.clause_aux

    @staticmethod
    def coordinated(ctx: DocContext, candidates: list, pos: int, ref: int, verbs: list[int]) -> tuple[int, ...]:
        """The speaker and the people joined to it by "and" before the same verb ("A of X and B of Y said in
        a joint statement")."""
        verb = min((v for v in verbs if v > pos), default=None)
        if verb is None:
            return (ref,)
        people = [c for c in candidates if c[3] == "person" and c[0] < verb and c[1] is not None]
        out = [ref]
        for c in reversed([c for c in people if c[0] < pos]):
            between = ctx.text[c[0]:pos]
            if not re.search(r"\band\b", between) or re.search(r"[;:.]|\b(?:said|told|after|before|with)\b", between):
                break
            out.insert(0, c[1])
            pos = c[0]
        return tuple(dict.fromkeys(out))

    def only_names(self, doc: Doc, ctx: DocContext, start: int, end: int) -> bool:
        """Whether text[start:end] holds only names, titles and their connectors: a long list of speakers
        before the verb ('," President A of the B and President C of the D said')."""
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return False
        return all(t.is_punct or t.is_space or ctx.token_ref.get(t.i) is not None or self.lex.is_title_word(t.text)
                   or t.lower_ in self.speaker_list_words for t in span)

    def speaking_body(self, doc: Doc, ctx: DocContext, i: int, ref: int) -> bool:
        """Whether the organization or government named at token i is the one speaking: right before or
        right after a speech verb ("The PMO added:", "said the Kremlin"). A country speaks only through a
        word that stands for its government ("the Kremlin", "Moscow"), not by its name: in "Russia insists
        on the 'root causes'" the words are the report's, not a statement's."""
        actor = ctx.actors[ref]
        mention = next((m for m in ctx.mentions if m.start <= i < m.end and m.ref == ref), None)
        if mention is None or mention.start != i:
            return False
        if actor.kind == "country":
            surface = doc[mention.start:mention.end].text.removeprefix("the ").removeprefix("The ")
            country = self.lex.countries.get(actor.registry_id or "")
            if country is None or surface not in country.metonyms and f"the {surface}" not in country.metonyms:
                return False
        after = [t.lower_ for t in doc[mention.end:mention.end + 3]]
        before = doc[mention.start - 1].lower_ if mention.start > 0 else ""
        return bool(after and (after[0] in self.speech_words or after[0] in self.speech_fillers
                               and after[1:2] and after[1] in self.speech_words)) or before in self.speech_words

    def description(self, doc: Doc, ctx: DocContext, i: int, end: int) -> str | None:
        """"minister" / "NSDC Secretary" / "head of the Ukrainian delegation" starting at token i."""
        j = i
        saw_head = False
        while j < end:
            tok = doc[j]
            low = tok.lower_
            ref = ctx.token_ref.get(j)
            if low in self.lex.title_heads:
                saw_head = True
            elif not (low in self.lex.title_modifiers or low in self.title_connectors
                      or (ref is not None and ctx.kind(ref) != "person") or tok.text.isupper() and len(tok.text) > 1):
                break
            j += 1
        if not saw_head:
            return None
        while j > i and doc[j - 1].lower_ in self.title_connectors:
            j -= 1
        return doc[i:j].text

    def latest_person(self, ctx: DocContext, persons: list[tuple[int, int]], before: int, desc: str | None,
                      roles: list[Role]) -> int | None:
        """The person a pronoun or description refers to: one whose roles share the description's words if
        any, else the subject (first person named) of the latest sentence that names a person."""
        earlier = [(pos, ref) for pos, ref in persons if pos < before]
        if not earlier:
            return None
        if desc:
            words = title_words(desc, ctx.acronyms, self.lex)
            want = words - {"head", "the"} or words
            matching = {r.actor for r in roles if want & title_words(r.title, ctx.acronyms, self.lex)}
            hits = [(pos, ref) for pos, ref in earlier if ref in matching]
            if hits:
                return hits[-1][1]
        # The subject: the first person not inside a prepositional phrase ("After a meeting with X, Y ...").
        return ctx.salient_person(persons, before, lambda pos: self.after_preposition(ctx, pos))

    def after_preposition(self, ctx: DocContext, char: int) -> bool:
        span = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return False
        i = span.start - 1
        while i >= 0 and (ctx.doc[i].lower_ in self.determiners or self.lex.is_title_word(ctx.doc[i].text)
                          or (ctx.token_ref.get(i) is not None and ctx.kind(ctx.token_ref[i]) == "country")):
            i -= 1
        return i >= 0 and ctx.doc[i].lower_ in self.preps


@Language.factory("parley_quotes", assigns=["doc._.parley_quotes", "doc._.parley_roles"],
                  requires=["doc._.parley_actors", "doc._.parley_roles"], default_config={"data_dir": None})
def make_quote_component(nlp: Language, name: str, data_dir: str | None) -> QuoteComponent:
    """`data_dir`: a folder of data files (cues.toml's speech verbs, titles.toml, grammar.toml) to read instead
    of the default ones."""
    return QuoteComponent(load_lexicon(data_dir))


class QuoteComponent:
    def __init__(self, lexicon: Lexicon):
        self.finder = QuoteFinder(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_quotes = self.finder.find(doc)
        return doc

