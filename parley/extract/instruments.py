"""Instruments: the agreements, memoranda, plans, proposals, declarations, lists and programmes of a talk.

Every pattern is data (parley/data/instruments.toml). A sentence is read clause by clause:

- a *kind word* ("memorandum", "list", "plan", "system") heads a noun phrase; the words before it give a
  proper name ("the Washington Accords", "the DOT-Chain system"), an owner ("Russia's memorandum", "the
  Ukrainian proposals", "its own memorandum": the clause's subject) or a description ("the 28-point plan",
  "the prisoner agreement"); the words after it a name ("the project Build with Ukraine") or a topic ("a
  list of deported children");
- a bare phrase ("the document", "the plan") refers back to the last instrument of its kind in the report;
  with no antecedent it is dropped, so a word alone never makes an instrument;
- an exchange agreed at the talks is an agreement keyed by what is exchanged and its figure ("agreed to
  exchange 1,000 prisoners each"), and a stage of it ("the first stage ... 390 people") a step;
- a lifecycle verb in the mention's clause is a step (proposed, handed over, agreed, signed, carried
  out...), with the actors before the verb and the receivers after it; a content cue after the mention
  ("calls for", "proposes", "under the first") opens a provision.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from parley.extract.context import DocContext, context, sentences
from parley.extract.dates import MONTHS, WEEKDAYS, DateExpr, find_date
from parley.lexicon import Lexicon, _read, instrument_name_match, load_lexicon
from parley.models import Extraction, InstrumentStep, LocalInstrument, Mention, Provision, Span

if not Doc.has_extension("parley_instruments"):
    Doc.set_extension("parley_instruments", default=None)
if not Doc.has_extension("parley_instrument_dates"):
    Doc.set_extension("parley_instrument_dates", default=None)

# Words between a determiner and a kind word ("the new large-scale project"): at most this many, so a
# sentence's subject is never read as a modifier.
MAX_MODIFIERS = 4
CLAUSE_START = re.compile(r"(?:[;:—–(]|,\s+(?:which|while|but|and)\b|\b(?:said|says|told|that|after|before|when|"
                          r"while|and)\b)", re.I)
# Who reports a step is not who took it: "Umerov said Russia had given Ukraine its memorandum".
REPORTING = re.compile(r"\b(?:said|says|told|added|according to|that)\b", re.I)
# How far after an exchange's verb its figure may stand ("agreed to return the bodies of the fallen, six
# thousand for six thousand" is 57 characters).
FIGURE_REACH = 80
# "rejected by Russia": a passive agent stands right after its verb; "the text published by Russian state
# media" twenty characters on belongs to another verb.
BY_AGENT_REACH = 16
APPOSED_NAME = re.compile(r"\b((?:[A-Z][\w-]*[A-Z][\w-]*|[A-Z][\w-]+)(?:\s+[A-Z][\w-]*)*),\s*(?:an?|the)\s+(?:[a-z][\w-]*\s+){0,3}$")
# How far apart "agreed" and the exchange's word may stand in one sentence.
AGREE_REACH = 120
COMPLEMENT = re.compile(r"^\s+(?:on|over)\s+(?:the\s+)?(?:(?P<cap>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+)|(?P<low>[a-z][\w-]*))")
# A plan's size, "28-point", "20 points": how reports tell its versions apart.
POINTS = re.compile(r"\b(\d+)(?:\s*-\s*|\s+)points?\b", re.I)
# Share of capitalized words from which a sentence is a title-case headline (measured: news headlines run
# 0.8-1.0, body sentences with many names 0.3-0.5).
HEADLINE_SHARE = 0.7
# "Kyiv's agreement to hold talks": consent to an act, not a document.
CONSENT_TO = re.compile(r"\s+to\s+(?!the\b|a\b|an\b)[a-z]")
BULLET = re.compile(r"[ \t]*(?:[-•*–]|\d+[.)])\s+")
EXCHANGE_END = re.compile(r",\s|[;:—–)\"”]|\s(?:but|and that|were|was|would|will)\s|\.(?:\s|$)")
CLAUSE_END = re.compile(r"[;:—–)]|,\s+(?:which|while|but|although|as)\b|\.\s")
WORD = re.compile(r"[\w’'.,-]+")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20}


@dataclass(frozen=True, slots=True)
class InstrumentPatterns:
    """instruments.toml compiled."""

    kind_of: dict[str, str]  # kind word (lower) -> kind
    needs_name: frozenset[str]  # kinds that make an instrument only with a proper name
    kind_words: re.Pattern[str]
    reference_words: frozenset[str]
    reference_content: re.Pattern[str]
    default_kind: str
    determiners: frozenset[str]
    vague: frozenset[str]
    not_modifiers: frozenset[str]
    verbs: frozenset[str]
    realized: re.Pattern[str]
    made_after: re.Pattern[str]
    definite: frozenset[str]
    hypothetical: frozenset[str]
    list_object: re.Pattern[str]
    not_after: re.Pattern[str]
    skip_line: re.Pattern[str]
    joiners: frozenset[str]
    exchange_agree: re.Pattern[str]
    exchange_subjects: dict[str, re.Pattern[str]]
    exchange_verbs: re.Pattern[str]
    figure_pair: re.Pattern[str]
    figure_each: re.Pattern[str]
    all_for_all: re.Pattern[str]
    stage: re.Pattern[str]
    stage_figure: re.Pattern[str]
    default_subject: str
    list_lead: re.Pattern[str]
    exchanged: re.Pattern[str]
    not_agreed: re.Pattern[str]
    steps: dict[str, list[re.Pattern[str]]]
    not_done: re.Pattern[str]
    provision_cues: list[re.Pattern[str]]
    continues: re.Pattern[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InstrumentPatterns:
        kind_of = {w.lower(): kind for kind, spec in data["kinds"].items() for w in spec["words"]}
        ref = data["reference"]
        words = sorted(set(kind_of) | {w.lower() for w in ref["words"]}, key=len, reverse=True)
        ex = data["exchanges"]
        return cls(
            kind_of=kind_of,
            needs_name=frozenset(k for k, spec in data["kinds"].items() if spec.get("needs_name")),
            kind_words=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I),
            reference_words=frozenset(w.lower() for w in ref["words"]),
            reference_content=re.compile(ref["content"], re.I),
            default_kind=ref["default_kind"],
            determiners=frozenset(data["phrase"]["determiners"]),
            vague=frozenset(data["phrase"]["vague"]),
            not_modifiers=frozenset(data["phrase"]["not_modifiers"]),
            verbs=frozenset(data["phrase"]["verbs"]),
            realized=re.compile(data["phrase"]["realized"], re.I),
            made_after=re.compile(data["phrase"]["made_after"], re.I),
            definite=frozenset(data["phrase"]["definite"]),
            hypothetical=frozenset(data["phrase"]["hypothetical"]),
            list_object=re.compile(data["phrase"]["list_object"], re.I),
            not_after=re.compile(data["phrase"]["not_after"]),  # case matters: "to Kyiv" is not "to meet"
            skip_line=re.compile(data["phrase"]["skip_line"], re.I | re.M),
            joiners=frozenset(data["names"]["joiners"]),
            exchange_agree=re.compile(ex["agree"], re.I),
            exchange_subjects={k: re.compile(v, re.I) for k, v in ex["subjects"].items()},
            exchange_verbs=re.compile(ex["verbs"], re.I),
            figure_pair=re.compile(ex["figure_pair"], re.I),
            figure_each=re.compile(ex["figure_each"], re.I),
            all_for_all=re.compile(ex["all_for_all"], re.I),
            stage=re.compile(ex["stage"], re.I),
            stage_figure=re.compile(ex["stage_figure"], re.I),
            default_subject=ex["default_subject"],
            list_lead=re.compile(ex["list_lead"], re.I),
            exchanged=re.compile(ex["exchanged"], re.I),
            not_agreed=re.compile(ex["not_agreed"], re.I),
            steps={t: [re.compile(p, re.I) for p in pats] for t, pats in data["steps"].items()
                   if isinstance(pats, list)},
            not_done=re.compile(data["steps"]["not_done"], re.I),
            provision_cues=[re.compile(p, re.I) for p in data["provisions"]["cues"]],
            continues=re.compile(data["provisions"]["continues"], re.I),
        )


@cache
def load_patterns(data_dir: str | None = None) -> InstrumentPatterns:
    return InstrumentPatterns.from_data(_read("instruments.toml", data_dir))


def number_value(text: str) -> str:
    """'1,000' -> '1000'; 'six thousand' -> '6000'."""
    t = text.lower().replace(",", "").strip(". ")
    if t.isdigit():
        return t
    parts = t.split()
    n = NUMBER_WORDS.get(parts[0], 0) if parts else 0
    if len(parts) > 1:
        n *= {"thousand": 1000, "hundred": 100}.get(parts[1], 1)
    return str(n) if n else t


@dataclass(slots=True)
class Phrase:
    """A noun phrase headed by a kind word, as read from the sentence."""

    start: int  # char offsets in the doc
    end: int
    kind: str | None  # None: a reference word ("the document")
    plural: bool
    proper: str | None
    owner: int | None
    topic: str | None
    bare: bool  # only a determiner and vague words before the kind word, nothing after it
    determined: bool  # a determiner opens it: "the plan", "these documents"
    points: str | None = None  # a version's size: "the 28-point plan" -> "28"


class InstrumentFinder:
    def __init__(self, lexicon: Lexicon, patterns: InstrumentPatterns):
        self.lex = lexicon
        self.pat = patterns
        issues = lexicon.cues.get("positions", {}).get("issues", {})
        self.issues = {issue: [re.compile(p, re.I) for p in pats] for issue, pats in issues.items()}
        # Capitals and seats of government ("Minsk", "Kremlin"): places, when they stand before a kind word.
        self.place_words = frozenset(m for c in lexicon.countries.values() for m in c.metonyms
                                     if " " not in m and m[:1].isupper())
        joiners = "|".join(map(re.escape, patterns.joiners))
        self.name_after = re.compile(rf"^\s+((?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|(?:{joiners})\b))*)")

    # --- the phrase around a kind word -----------------------------------------------------------------

    def read_phrase(self, doc: Doc, ctx: DocContext, sent: SpacySpan, m: re.Match[str]) -> Phrase | None:
        text = ctx.text
        word = m.group(0)
        low = word.lower()
        kind = self.pat.kind_of.get(low)
        start, end = sent.start_char + m.start(), sent.start_char + m.end()
        after = text[end:sent.end_char]
        if self.pat.not_after.match(after):
            return None
        # Walk back over the modifiers.
        tok = doc.char_span(start, end, alignment_mode="expand")
        if tok is None:
            return None
        i = tok.start - 1
        proper_words: list[str] = []
        proper_start = start
        # A title-case headline ("Trump Unveils 20-Point Plan") capitalizes words that name nothing.
        alpha = [x for x in sent if x.is_alpha]
        headline = len(alpha) >= 4 and sum(x.text[:1].isupper() for x in alpha) >= HEADLINE_SHARE * len(alpha)
        so_called: int | None = None
        topical: list[str] = []
        owner: int | None = None
        bare = True
        determined = False
        first = tok.start
        steps = 0
        while i >= sent.start and steps < MAX_MODIFIERS + 2:
            t = doc[i]
            w = t.text
            lw = w.lower()
            ref = ctx.token_ref.get(i)
            if ref is not None and ref == ctx.token_ref.get(tok.start):
                # The actor component took the whole name for an organization: "the Harbour Peace Accords".
                ref = None
            if w in ("-", "–") and i - 1 >= sent.start and not doc[i - 1].whitespace_:
                # "large-scale", "28-point", "DOT-Chain": one word in three tokens.
                if topical and first == i + 1:
                    topical.append("-")
                i -= 1
                continue
            if t.is_punct:
                break
            if lw in ("'s", "’s", "'", "’") and i - 1 >= sent.start and doc[i - 1].lower_ in ("other", "sides"):
                # "each other's memoranda", "both sides' proposals": the two sides' ones.
                determined = True
                first = i - 2 if i - 2 >= sent.start else i - 1
                break
            if lw in ("'s", "’s", "'", "’") and i - 1 >= sent.start:
                # A possessive: "Russia's memorandum", "the Kremlin's plan".
                oref = ctx.token_ref.get(i - 1)
                if oref is not None:
                    owner = oref
                    bare = False
                    j = i - 1
                    while j - 1 >= sent.start and ctx.token_ref.get(j - 1) == oref:
                        j -= 1
                    first = j
                    i = j - 1
                    if i >= sent.start and doc[i].lower_ == "the":
                        first = i
                    break
                break
            if ref is not None and w in self.place_words and not proper_words:
                # "the Minsk agreements", "the Istanbul deal": a capital before the kind word is where it
                # was made, part of its name, not its owner.
                proper_start = t.idx
                proper_words.insert(0, w)
                bare = False
                first = i
                i -= 1
                steps += 1
                continue
            if ref is not None:
                # "the Ukrainian proposals", "the US 28-point plan": a demonym or name owns it.
                if owner is None:
                    owner = ref
                bare = False
                first = i
                i -= 1
                steps += 1
                continue
            if lw == "so-called" or (lw == "called" and i - 2 >= sent.start and doc[i - 2].lower_ == "so"):
                so_called = doc[i + 1].idx if i + 1 < tok.start else None
            if lw in self.pat.determiners or lw == "each":
                if lw in ("each",) and i + 1 < tok.start and doc[i + 1].lower_ == "other":
                    pass
                first = i
                determined = determined or lw in self.pat.definite
                if lw in ("its", "their", "his", "her", "our") and owner is None:
                    owner = self.clause_subject(ctx, sent, t.idx)
                    bare = owner is None and bare
                if lw in ("own", "new", "so-called", "other"):
                    i -= 1
                    steps += 1
                    continue
                if lw == "each" and i + 1 < tok.start and doc[i + 1].lower_ == "other":
                    # "each other's memoranda": the two sides' ones.
                    break
                break
            if lw in self.pat.vague and lw not in self.pat.determiners:
                first = i
            elif t.like_num or re.match(r"^\d[\d,.]*(?:-[a-z]+)+$", lw):
                topical.append(lw)
                bare = False
                first = i
            elif self.is_step_word(lw):
                break  # "Houthis reach ceasefire agreement": a verb, not a modifier
            elif w[:1].isupper() and w.lower() not in self.pat.determiners and not headline:
                proper_start = t.idx
                proper_words.insert(0, w)
                bare = False
                first = i
            elif lw in self.pat.hypothetical:
                return None
            elif lw in self.pat.vague:
                first = i
            elif t.is_alpha and not t.is_stop and not lw.endswith(("ed", "ing")) and lw not in self.pat.not_modifiers:
                topical.append(lw)
                bare = False
                first = i
            elif "-" in lw and not t.is_stop:
                topical.append(lw)
                bare = False
                first = i
            else:
                break
            i -= 1
            steps += 1
        # The kind word itself capitalized inside a name: "the Kuala Lumpur Peace Accord".
        proper = text[proper_start:m.end() + sent.start_char] if proper_words else None
        # A name after the kind word: "the new large-scale project Build with Ukraine".
        name_after = self.name_after.match(after)
        if name_after:
            name = name_after.group(1)
            words = name.split()
            # "the initiative Grain for Tomorrow in May": a date ends the name.
            cut = next((n for n, w in enumerate(words) if w.lower() in MONTHS or w.lower() in WEEKDAYS), len(words))
            words = words[:cut]
            while words and words[-1].lower() in self.pat.joiners:
                words.pop()
            name = " ".join(words)
            if name and not self.lex.country_of_form(name) and not self.is_actor_at(ctx, end + after.find(name)):
                proper = name
                end = end + after.find(name) + len(name)
                bare = False
        if proper is None and kind in self.pat.needs_name:
            # An apposition names it: "DOT-Chain Defence, an online marketplace".
            app = APPOSED_NAME.search(text, sent.start_char, start)
            # (The actor component may take the name for an organization: the apposition says otherwise.)
            named = doc.char_span(app.start(1), app.end(1), alignment_mode="expand") if app else None
            if app and named is not None and not self.lex.country_of_form(app.group(1)):
                proper = app.group(1)
                first = named.start
                bare = False
        owner_before_name = owner
        if word[:1].isupper() and not tok[0].is_sent_start and not headline:
            # A capitalized kind word makes the whole capitalized run a name, places included: "the
            # Washington Accords" is no memorandum of the United States.
            j = tok.start - 1
            while j >= sent.start and (doc[j].text[:1].isupper() or doc[j].text in ("-", "–")) \
                    and doc[j].lower_ not in self.pat.determiners:
                j -= 1
            while j + 1 < tok.start and doc[j + 1].text in ("-", "–"):
                j += 1
            if j + 1 < tok.start:
                proper = text[doc[j + 1].idx:end]
                owner = None
                first = j + 1
                bare = False
        if proper is not None and proper.lower().removesuffix(word.lower()).strip(" -–") in ("point", "points"):
            # "his 20-Point Plan": a size, capitalized.
            proper, owner = None, owner_before_name
            sizes = list(POINTS.finditer(text, sent.start_char, end))
            if sizes:
                topical = [f"{sizes[-1].group(1)} point"]
                sized = doc.char_span(sizes[-1].start(), sizes[-1].end(), alignment_mode="expand")
                first = min(first, sized.start) if sized is not None else first
                bare = False
        if proper is not None:
            # A country or an actor is an owner, not a name: "the Russian memorandum"; an outlet or a social
            # network ("his Truth Social platform") is no instrument at all.
            if all(self.lex.country_of_form(w) for w in proper.split()):
                proper = None
            elif kind in self.pat.needs_name and self.is_outlet(proper, word):
                return None
        if bare and proper is None:
            # "the memorandum (that) Russia handed over": the actor right after a bare phrase owns it.
            nxt = tok.end
            if nxt < sent.end and doc[nxt].lower_ in ("that", "which"):
                nxt += 1
            if nxt < sent.end and ctx.token_ref.get(nxt) is not None and ctx.kind(ctx.token_ref[nxt]) == "country":
                owner = ctx.token_ref[nxt]
                bare = False
        topic = None
        if kind == "list" or (kind is None and low in self.pat.reference_words):
            lo = self.pat.list_object.match(text[end:sent.end_char])
            if lo and kind == "list":
                topic = lo.group("head").lower()
                bare = False
                end = end + lo.end()
        if topic is None and topical:
            topic = " ".join(reversed(topical)).replace(" - ", "-").strip(" -") or None
        if kind == "list" and topic is None and not bare:
            return None
        if kind != "list" and proper is None and topic is None:
            # "the deal on Black Sea grain exports" names it; "a large agreement on drones" says what about.
            comp = COMPLEMENT.match(text[end:sent.end_char])
            if comp and comp.group("cap") and not self.lex.country_of_form(comp.group("cap")):
                proper = f"{comp.group('cap')} {word}"
                bare = False
            elif comp and comp.group("low") and comp.group("low") not in self.pat.determiners:
                topic = comp.group("low").lower()
                bare = False
        if so_called is not None and proper is None:
            # "the so-called Danish model": so called, it is a name.
            proper = text[so_called:m.end() + sent.start_char].strip()
            bare = False
        # "the 28-point plan": its size is a version of the plan, not what makes it the plan.
        points = POINTS.search(topic or "")
        if points:
            topic = (topic or "").replace(points.group(0), " ").strip() or None
        return Phrase(first_char(doc, first, start), end, kind, low.endswith(("s", "a")) and low not in
                      ("accords",) or low in ("memoranda", "proposals", "documents", "papers"), proper, owner,
                      None if proper else topic, bare and proper is None and points is None, determined,
                      points.group(1) if points else None)

    @staticmethod
    def sentence_mentions(ctx: DocContext, sent: SpacySpan) -> list[Any]:
        """The actor mentions of one sentence (DocContext.mentions_in walks every mention of the doc)."""
        lo = bisect_left(ctx.mentions, sent.start, key=lambda ms: ms.start)
        out = []
        for ms in ctx.mentions[lo:]:
            if ms.start >= sent.end:
                break
            if ms.end <= sent.end:
                out.append(ms)
        return out

    def is_actor_at(self, ctx: DocContext, char: int) -> bool:
        span = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
        return span is not None and ctx.token_ref.get(span.start) is not None

    def clause_subject(self, ctx: DocContext, sent: SpacySpan, char: int) -> int | None:
        """The first actor of the clause before `char` (its subject): "Kyiv had passed its own memorandum"."""
        rel = char - sent.start_char
        head = ctx.text[sent.start_char:char]
        cut = 0
        for cm in CLAUSE_START.finditer(head):
            if cm.end() < rel:
                cut = cm.end()
        before = [ms for ms in self.sentence_mentions(ctx, sent) if ctx.doc[ms.start].idx < char]
        for ms in before:
            if sent.start_char + cut <= ctx.doc[ms.start].idx:
                return self.country_for(ctx, ms.ref)
        # "Russian officials ... have demanded, in their memorandum": the sentence's subject.
        return self.country_for(ctx, before[0].ref) if before else None

    def country_for(self, ctx: DocContext, ref: int) -> int:
        """An owner that is a person or body speaks for its country where the report names it."""
        if ctx.kind(ref) == "person":
            c = ctx.registry_country(ref, self.lex)
            return c if c is not None else ref
        if ctx.kind(ref) == "organization":
            a = ctx.actors[ref]
            c = ctx.country_ref(a.country) if a.country else None
            return c if c is not None else ref
        return ref

    # --- the doc -------------------------------------------------------------------------------------

    def find(self, doc: Doc) -> tuple[list[LocalInstrument], list[list[DateExpr | None]]]:
        ctx = context(doc)
        text = ctx.text
        # (instrument, mention start) and (instrument, step type, sentence) already read: one of each.
        self.seen: set[tuple[int, ...] | tuple[int, str, int]] = set()
        skipped = [(m.start(), text.find("\n", m.start()) if text.find("\n", m.start()) >= 0 else len(text))
                   for m in self.pat.skip_line.finditer(text)]
        instruments: list[LocalInstrument] = []
        sides = self.two_sides(ctx)
        last: LocalInstrument | None = None
        for sent in sentences(doc).spans:
            if any(s <= sent.start_char < e for s, e in skipped):
                continue
            stext = text[sent.start_char:sent.end_char]
            found: list[tuple[LocalInstrument, int, int]] = []
            for inst, s, e in self.exchanges(doc, ctx, sent, instruments, sides):
                found.append((inst, s, e))
            for m in self.pat.kind_words.finditer(stext):
                s0 = sent.start_char + m.start()
                if m.group(0).lower() in self.pat.reference_words and self.pat.kind_words.match(
                        stext, m.end() + 1) and stext[m.end():m.end() + 1] == " ":
                    continue  # "its draft treaty": the word after names the kind
                if any(s <= s0 < e for _, s, e in found) or ctx.is_masked(s0):
                    continue
                phrase = self.read_phrase(doc, ctx, sent, m)
                if phrase is None:
                    continue
                exchanges = [x for x, _, _ in found if x.figure is not None]
                subject = self.subject_of(stext)
                if (not exchanges and phrase.kind == "agreement" and phrase.owner is None and subject
                        and (phrase.proper or not phrase.topic) and self.pat.exchanged.search(stext)):
                    # "6,057 bodies returned under Istanbul agreement": an exchange agreement by what it moved.
                    exchanges = [self.exchange(instruments, subject, None)]
                if phrase.kind == "agreement" and phrase.owner is None and exchanges:
                    # "under the Istanbul deal ..., completing the 1,000-for-1,000 exchange": the agreement
                    # a sentence names beside an exchange is that exchange.
                    found.append((exchanges[0], phrase.start, phrase.end))
                    continue
                if phrase.kind is None and phrase.owner is None and phrase.proper is None and found:
                    # "the memorandum Russia had handed over as a detailed document": the same one.
                    found.append((found[-1][0], phrase.start, phrase.end))
                    continue
                for inst in self.bind(ctx, sent, phrase, instruments, sides, stext):
                    found.append((inst, phrase.start, phrase.end))
                    if phrase.points:
                        self.add_version(inst, f"{phrase.points} points", Span(phrase.start, phrase.end,
                                                                                sent.start_char, sent.end_char))
            if not found:
                if last is not None and self.pat.continues.match(stext):
                    self.add_provision(last, ctx, sent, 0)
                continue
            for inst, s, e in found:
                if (id(inst), s) not in self.seen:
                    self.seen.add((id(inst), s))
                    inst.mentions.append(Mention(text[s:e], Span(s, e, sent.start_char, sent.end_char)))
                if len(text[s:e]) > len(inst.label) and inst.proper is None:
                    inst.label = text[s:e]
                self.add_steps(doc, ctx, sent, inst, s, e, [(x, y) for _, x, y in found], sides)
                self.add_provision(inst, ctx, sent, e - sent.start_char)
                last = inst
        kept = [i for i in instruments if i.mentions]
        for n, inst in enumerate(kept):
            inst.ref = n
        return kept, [[self.step_date(text, st) for st in inst.steps] for inst in kept]

    def two_sides(self, ctx: DocContext) -> list[int]:
        counts = sorted((a for a in ctx.actors if a.kind == "country"), key=lambda a: -len(a.mentions))
        return [a.ref for a in counts[:2]] if len(counts) >= 2 else []

    def step_date(self, text: str, step: InstrumentStep) -> DateExpr | None:
        """The date the step's sentence gives; for a stage carried out, only a date before its verb ("has
        received the bodies ..., completing the repatriation agreed on June 2" is not dated June 2)."""
        end = step.span.end if step.type == "implement" else step.span.sent_end
        return find_date(text[step.span.sent_start:end])

    # --- identity within the report ------------------------------------------------------------------

    def bind(self, ctx: DocContext, sent: SpacySpan, ph: Phrase, instruments: list[LocalInstrument],
             sides: list[int], stext: str) -> list[LocalInstrument]:
        kind = ph.kind
        owner = self.country_for(ctx, ph.owner) if ph.owner is not None else None
        if kind == "proposal" and ph.plural and (owner is not None or not ph.bare):
            # A party's written proposals, taken together, are its memorandum: "its proposals".
            kind = "memorandum"
        if ph.proper:
            for inst in instruments:
                if inst.proper and instrument_name_match(inst.proper, ph.proper):
                    return [inst]
            if kind is None:
                return []
            return [self.new(instruments, kind, ph, owner)]
        if ph.bare and ph.determined and not ph.plural and kind is not None and kind not in self.pat.needs_name \
                and not any(
                i.kind == kind for i in instruments) and self.pat.made_after.match(ctx.text[ph.end:sent.end_char]):
            # "The joint statement issued after the meeting": first named, it is new.
            return [self.new(instruments, kind, ph, None)]
        if ph.bare and not ph.determined:
            # "signed a joint declaration": a new one, done; "no agreement on a truce": nothing.
            if kind is not None and kind not in self.pat.needs_name and self.pat.realized.search(
                    ctx.text[sent.start_char:ph.start]):
                return [self.new(instruments, kind, ph, None)]
            if kind is not None:
                return []
            ph.bare = False
        if kind in self.pat.needs_name or kind is None and ph.bare:
            # "the platform", "the document": the last instrument of that kind (any kind for a document).
            if not ph.bare:
                if kind is None and ph.topic is None and owner is not None:
                    pass
                else:
                    return []
            cands = [i for i in instruments if kind is None or i.kind == kind]
            # "the marketplace" is the one a mention called a marketplace, if any.
            word = ctx.text[ph.start:ph.end].split()[-1].lower()
            cands = [i for i in cands if any(word in m.text.lower() for m in i.mentions)] or cands
            if kind is None and owner is not None:
                cands = [i for i in cands if i.owner == owner] or []
            if kind is None and owner is None and ph.plural and cands:
                return self.plural_refs(cands, sides)
            return [cands[-1]] if cands else []
        if kind is None:
            # A document with an owner or a described content: "Russia's document", "documents with a
            # vision for a ceasefire".
            after = ctx.text[ph.end:sent.end_char]
            if owner is None and not self.pat.reference_content.match(after):
                return []
            kind = self.pat.default_kind
        if ctx.text[ph.start:ph.end].lower().endswith("agreement") and owner is not None and ph.topic is None \
                and ph.proper is None and (not ph.determined or CONSENT_TO.match(ctx.text[ph.end:sent.end_char])):
            return []  # "the U.S. seeks Russian agreement", "Kyiv's agreement to talks": consent, no instrument
        if owner is not None:
            same = [i for i in instruments if i.owner == owner and (i.kind == kind or kind in ("proposal", "memorandum")
                                                                   and i.kind in ("proposal", "memorandum", "plan"))]
            if same:
                return [same[-1]]
            return [self.new(instruments, kind, ph, owner)]
        if ph.plural and (kind in ("memorandum", "proposal") or ph.kind is None) and len(sides) == 2:
            # "exchanged documents", "each other's memoranda": one for each side of the talks.
            if re.search(r"\b(?:exchang\w*|each other|both|two sides|the sides|parties|swapped)\b", stext, re.I):
                out = []
                for side in sides:
                    same = [i for i in instruments if i.owner == side and i.kind in ("memorandum", "proposal")]
                    out.append(same[-1] if same else self.new(instruments, "memorandum", ph, side))
                return out
            cands = [i for i in instruments if i.kind in ("memorandum", "proposal")]
            if cands and ph.topic is None:
                return self.plural_refs(cands, sides)
        if ph.topic is not None and not ph.bare:
            if kind == "agreement" and any(p.search(ph.topic) for p in self.pat.exchange_subjects.values()) or (
                    kind == "agreement" and self.pat.exchange_verbs.search(ph.topic)):
                subject = self.subject_of(ph.topic)
                same = [i for i in instruments if i.figure is not None and (subject is None or i.topic == subject)]
                if same:
                    return [same[-1]]
                if subject is not None:
                    # "the largest prisoner swap deal" before its figure is given: an exchange.
                    inst = self.new(instruments, kind, ph, None)
                    inst.topic, inst.figure = subject, ""
                    return [inst]
            same = [i for i in instruments if i.kind == kind and i.topic == ph.topic]
            if same:
                return [same[-1]]
            return [self.new(instruments, kind, ph, None)]
        if ph.points and not ph.determined:
            # "a 20-point plan": known by its size until a report says whose it is.
            same = [i for i in instruments if i.kind == kind and i.topic == f"{ph.points}-point"]
            if same:
                return [same[-1]]
            inst = self.new(instruments, kind, ph, None)
            inst.topic = f"{ph.points}-point"
            return [inst]
        # A bare phrase refers back.
        cands = [i for i in instruments if i.kind == kind]
        if ph.plural and cands:
            return self.plural_refs(cands, sides)
        return [cands[-1]] if cands else []

    def plural_refs(self, cands: list[LocalInstrument], sides: list[int]) -> list[LocalInstrument]:
        owned = [i for i in cands if i.owner is not None]
        return owned[-2:] if len(owned) >= 2 else [cands[-1]]

    def subject_of(self, text: str) -> str | None:
        for name, p in self.pat.exchange_subjects.items():
            if p.search(text):
                return name
        return None

    def new(self, instruments: list[LocalInstrument], kind: str, ph: Phrase, owner: int | None) -> LocalInstrument:
        inst = LocalInstrument(ref=len(instruments), kind=kind, label="", proper=ph.proper, owner=owner,
                               topic=ph.topic)
        instruments.append(inst)
        return inst

    # --- exchanges agreed at the talks ---------------------------------------------------------------

    def exchanges(self, doc: Doc, ctx: DocContext, sent: SpacySpan, instruments: list[LocalInstrument],
                  sides: list[int]) -> list[tuple[LocalInstrument, int, int]]:
        """Exchanges agreed at the talks ("agreed to exchange 1,000 prisoners each"), exchanges named by their
        figure ("the 1,000-for-1,000 exchange") and "the exchange" referring back to one of them."""
        stext = ctx.text[sent.start_char:sent.end_char]
        out: list[tuple[LocalInstrument, int, int]] = []
        agree = self.pat.exchange_agree.search(stext)
        lead = self.list_lead(ctx.text, sent.start_char)
        for verb in self.pat.exchange_verbs.finditer(stext):
            tail = stext[verb.start():]
            stop = EXCHANGE_END.search(tail)
            clause = tail[:stop.start()] if stop else tail
            around = stext[max(0, verb.start() - 60):verb.start()] + clause
            figure = self.figure_near(stext, verb.start())
            attached = self.pat.figure_pair.search(stext[max(0, verb.start() - 30):verb.start()])
            plural = verb.group(0).lower().endswith("s")
            agreed = (agree is not None and abs(agree.start() - verb.start()) <= AGREE_REACH
                      and not self.pat.not_agreed.search(stext[:min(agree.start(), verb.start())][-60:])
                      and not self.pat.not_agreed.search(
                          stext[min(agree.start(), verb.start()):max(agree.end(), verb.start())])
                      and (not plural or figure is not None))
            # What is exchanged: named in the exchange's clause, else earlier in the sentence ("received the
            # bodies of 6,057 people ..., completing the repatriation it agreed to").
            subject = (self.subject_of(clause) or self.subject_of(around)
                       or self.subject_of(stext[:verb.start()]))
            led = lead is not None and figure is not None and not plural
            if (agreed or led) and subject is not None:
                inst = self.exchange(instruments, subject, figure)
                if led and not agreed and lead is not None:
                    # A bullet under "Here is what was agreed": agreed by both sides.
                    step = InstrumentStep("agree", list(sides), [], None, lead.group(0),
                                          Span(lead.start(), lead.end(), sent.start_char, sent.end_char))
                    if not any(x.type == "agree" and x.span.sent_start == sent.start_char for x in inst.steps):
                        inst.steps.append(step)
            elif attached and not plural and figure is not None:
                # "completing the 1,000-for-1,000 exchange": its figure names it.
                inst = self.exchange(instruments, subject or self.pat.default_subject, figure)
            elif (stext[max(0, verb.start() - 4):verb.start()].lower() == "the " and not plural
                  and not re.match(r"\s+of\b", stext[verb.end():])):
                # "the exchange would continue": the last exchange the report named.
                known = [i for i in instruments if i.figure is not None]
                if not known:
                    continue
                out.append((known[-1], sent.start_char + verb.start() - 4, sent.start_char + verb.end()))
                continue
            else:
                continue
            s = sent.start_char + verb.start()
            e = sent.start_char + verb.start() + len(clause.rstrip(" ,.;"))
            if e <= s:
                continue
            out.append((inst, s, e))
            text = ctx.text[s:e]
            if agreed and not any(p.text == text for p in inst.provisions):
                inst.provisions.append(Provision(text, self.issue_of(text), Span(s, e, sent.start_char, sent.end_char)))
            break
        return out

    def list_lead(self, text: str, at: int) -> re.Match[str] | None:
        """For a bullet line, the cue of the sentence that leads its list ("Here is what was agreed", "the
        main outcomes were:"), if it says the items were agreed."""
        line_start = text.rfind("\n", 0, at) + 1
        if not BULLET.match(text, line_start):
            return None
        start = line_start
        while start > 0:  # back over the list's other items to the line before them
            prev = text.rfind("\n", 0, start - 1) + 1
            line = text[prev:start].strip()
            if line and not BULLET.match(text, prev):
                return self.pat.list_lead.search(text, prev, start)
            start = prev
        return None

    def figure_near(self, stext: str, at: int) -> str | None:
        """An exchange's figure, before or after its word; it may follow a comma: "an exchange of prisoners,
        all for all", "return the bodies of the fallen, six thousand for six thousand"."""
        reach = stext[max(0, at - 60):at + FIGURE_REACH]
        pair = self.pat.figure_pair.search(reach)
        each = self.pat.figure_each.search(stext[at:at + FIGURE_REACH])
        if self.pat.all_for_all.search(reach):
            return "all-for-all"
        if pair:
            return number_value(pair.group("a"))
        if each:
            return number_value(each.group("a"))
        return None

    def exchange(self, instruments: list[LocalInstrument], subject: str, figure: str | None) -> LocalInstrument:
        same = [i for i in instruments if i.topic == subject and i.figure is not None
                and (figure is None or i.figure == figure or i.figure == "")]
        if same:
            inst = same[-1]
            if figure and not inst.figure:
                inst.figure = figure
            return inst
        inst = LocalInstrument(ref=len(instruments), kind="agreement", label="", topic=subject, figure=figure or "")
        instruments.append(inst)
        return inst

    # --- steps and provisions ------------------------------------------------------------------------

    def add_steps(self, doc: Doc, ctx: DocContext, sent: SpacySpan, inst: LocalInstrument, s: int, e: int,
                  spans: list[tuple[int, int]], sides: list[int]) -> None:
        text = ctx.text
        # The mention's clause.
        lo, hi = sent.start_char, sent.end_char
        for cm in CLAUSE_END.finditer(text, s, hi):
            if cm.start() >= e:
                hi = cm.start()
                break
        for cm in CLAUSE_END.finditer(text, lo, s):
            lo = cm.end()
        best: tuple[int, str, re.Match[str]] | None = None
        for stype, pats in self.pat.steps.items():
            for p in pats:
                for m in p.finditer(text, lo, hi):
                    if any(a <= m.start() < b for a, b in spans):
                        continue
                    dist = s - m.end() if m.end() <= s else (m.start() - e) + 40  # prefer a verb before it
                    if best is None or dist < best[0]:
                        best = (dist, stype, m)
        stage = self.pat.stage.search(text, lo, hi) if inst.figure is not None else None
        if best is None and stage is None:
            return
        if stage is not None and (best is None or best[1] in ("agree", "hand_over", "discuss")
                                  and inst.figure is not None and best[2].start() > stage.start()):
            m = stage
            stype = "implement"
        else:
            assert best is not None
            _, stype, m = best
        if self.pat.not_done.search(text[max(lo, m.start() - 40):m.start()]):
            return
        if m.start() >= e and not text[e:m.start()].strip(" ,") and self.is_content_verb(m.group(0)):
            return  # "the document offers two ways": what it says, a provision, not a step
        if stype == "hand_over" and inst.figure is not None and re.match(r"exchang", m.group(0), re.I):
            return  # the exchange is what the agreement says, not a handing over of it
        if stype == "agree" and inst.figure is None and inst.kind not in ("agreement", "declaration"):
            stype = "accept"
        inside = [(a, b) for a, b in spans]
        for rm in REPORTING.finditer(text, lo, m.start()):
            lo = rm.end()
        actors: list[int] = []
        targets: list[int] = []
        in_sentence = self.sentence_mentions(ctx, sent)
        for ms in in_sentence:
            c = doc[ms.start].idx
            if c < lo or c >= hi or any(a <= c < b for a, b in inside):
                continue
            ref = ms.ref
            if c < m.start() and text.rfind(",", c, m.start()) >= 0 and any(
                    text.rfind(",", c, m.start()) < doc[x.start].idx < m.start() for x in in_sentence
                    if not any(a <= doc[x.start].idx < b for a, b in inside)):
                # "According to Yermak, the Ukrainian side handed over": the actor nearest the verb acts.
                continue
            if c < m.start():
                before = text[max(lo, c - 12):c].lower()
                if re.search(r"\b(?:with|between|to|from|of|by)\s+(?:the\s+)?$", before) and stype != "agree":
                    if re.search(r"\bby\s+(?:the\s+)?$", before):
                        actors.append(ref)
                    continue
                actors.append(ref)
            else:
                before = text[max(m.start(), c - 12):c].lower()
                if stype in ("hand_over", "propose") and (c < s or re.search(r"\bto\s+(?:the\s+)?$", before)):
                    targets.append(ref)
                elif re.search(r"\bby\s+(?:the\s+)?$", before) and c - m.end() < BY_AGENT_REACH:
                    actors.append(ref)
        if not actors and stype != "agree":  # an agreement is both sides' (below), whoever tells of it
            # "'... which we have already started to implement,' Umerov said": the speaker and, for "we",
            # the speaker's country.
            quote = next((q for q in doc._.parley_quotes or [] if q.span.start <= m.start() < q.span.end), None)
            if quote is not None and re.search(r"\b(?:[Ww]e|I|[Oo]ur)\b", text[quote.span.start:m.start()]):
                actors = [quote.speaker]
                country = ctx.registry_country(quote.speaker, self.lex)
                if country is not None and re.search(r"\b(?:we|our)\b", text[quote.span.start:m.start()], re.I):
                    actors.append(country)
        if not actors and stype in ("propose", "hand_over") and inst.owner is not None:
            actors = [inst.owner]
        if not actors and stype == "agree" and sides:
            actors = list(sides)
        if stype == "hand_over" and re.match(r"exchang", m.group(0), re.I) and inst.owner is not None and sides:
            actors = [inst.owner]
            targets = [x for x in sides if x != inst.owner]
        actors = list(dict.fromkeys(actors))
        targets = [t for t in dict.fromkeys(targets) if t not in actors]
        detail: str | None = None
        if stype == "amend":
            # "cut to 20 points", "the 28 points became 20": the new version's size.
            sizes = POINTS.findall(text[sent.start_char:sent.end_char])
            if sizes:
                detail = " -> ".join(f"{n} points" for n in sizes)
                self.add_version(inst, f"{sizes[-1]} points", Span(m.start(), m.end(), sent.start_char,
                                                                   sent.end_char))
        if stype == "implement":
            figs = [number_value(f.group("n")) for f in self.pat.stage_figure.finditer(text, lo, sent.end_char)]
            stage_m = self.pat.stage.search(text, sent.start_char, sent.end_char)
            each_side = re.search(r"\beach\b", text[sent.start_char:sent.end_char])
            parts = [f"{stage_m.group('ord').lower()} stage" if stage_m and stage_m.group('ord') else None,
                     f"{figs[0]} for {figs[0]}" if figs and each_side and len(figs) == 1 else ", ".join(figs) or None]
            detail = ": ".join(p for p in parts if p) or None
        step = InstrumentStep(stype, actors, targets, None, m.group(0),
                              Span(m.start(), m.end(), sent.start_char, sent.end_char), detail)
        if (id(inst), step.type, step.span.sent_start) not in self.seen:
            self.seen.add((id(inst), step.type, step.span.sent_start))
            inst.steps.append(step)

    def is_step_word(self, word: str) -> bool:
        """A word that is a lifecycle verb ("reject", "signed", "implement"): it ends a noun phrase."""
        return word in self.pat.verbs or any(p.fullmatch(word) for pats in self.pat.steps.values() for p in pats)

    def is_outlet(self, proper: str, word: str) -> bool:
        name = proper[: -len(word)].strip().lower() if proper.lower().endswith(word.lower()) else proper.lower()
        return name in self.lex.outlets

    @staticmethod
    def add_version(inst: LocalInstrument, text: str, span: Span) -> None:
        if not any(p.text == text for p in inst.provisions):
            inst.provisions.append(Provision(text, None, span))

    def is_content_verb(self, cue: str) -> bool:
        return any(p.fullmatch(cue.strip()) or p.match(cue.strip()) for p in self.pat.provision_cues)

    def add_provision(self, inst: LocalInstrument, ctx: DocContext, sent: SpacySpan, offset: int) -> None:
        stext = ctx.text[sent.start_char:sent.end_char]
        for p in self.pat.provision_cues:
            m = p.search(stext, offset)
            if m is None:
                continue
            body = stext[m.end():].strip(" ,:").rstrip(".")
            if m.group(0).lower().startswith(("on a", "on an")):
                body = m.group(0)[5:].strip()
            if len(body.split()) < 2:
                continue
            if not any(x.text == body for x in inst.provisions):
                s = sent.start_char + m.start()
                inst.provisions.append(Provision(body, self.issue_of(body), Span(s, sent.end_char, sent.start_char,
                                                                                 sent.end_char)))
            return

    def issue_of(self, text: str) -> str | None:
        for issue, pats in self.issues.items():
            if any(p.search(text) for p in pats):
                return issue
        return None


def first_char(doc: Doc, token: int, fallback: int) -> int:
    return doc[token].idx if 0 <= token < len(doc) else fallback


def resolve_instrument_dates(ext: Extraction, doc: Doc) -> None:
    """Complete each step's partial date with the report's date; a step whose sentence gives no date took
    place by the report's date, which is the best the report says."""
    published = ext.report.published
    exprs = doc._.parley_instrument_dates or []
    for inst, inst_dates in zip(ext.instruments, exprs, strict=False):
        for step, expr in zip(inst.steps, inst_dates, strict=False):
            step.date = expr.resolve(published) if expr is not None else None
            if step.date is None and published is not None:
                step.date = published.isoformat()


@Language.factory("parley_instruments", assigns=["doc._.parley_instruments", "doc._.parley_instrument_dates"],
                  requires=["doc._.parley_actors", "doc._.parley_quotes"], default_config={"data_dir": None})
def make_instrument_component(nlp: Language, name: str, data_dir: str | None) -> InstrumentComponent:
    """`data_dir`: a folder of data files (instruments.toml, ...) to read instead of the default ones."""
    return InstrumentComponent(load_lexicon(data_dir), load_patterns(data_dir))


class InstrumentComponent:
    def __init__(self, lexicon: Lexicon, patterns: InstrumentPatterns):
        self.finder = InstrumentFinder(lexicon, patterns)

    def __call__(self, doc: Doc) -> Doc:
        instruments, dates = self.finder.find(doc)
        doc._.parley_instruments = instruments
        doc._.parley_instrument_dates = dates
        return doc
