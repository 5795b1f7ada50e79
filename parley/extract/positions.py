"""Positions: the stance (support or oppose) an actor takes on one of the issues of the talks.

A sentence that carries an issue cue and a stance cue (parley/data/cues.toml, regular expressions) makes a
position; a negation just before the stance cue flips it ("not ready for a ceasefire"). The first stance
cue of the sentence decides, since it belongs to the main clause ("Russia rejected the proposal,
insisting ... before a ceasefire" opposes). Holders:

- inside a quotation, its speaker;
- "according to X", X;
- otherwise the actors named before the stance cue that are not objects of a preposition ("with X") or
  title words of a person ("Turkish Foreign Minister");
- whoever reports it, named before it ("X said Kyiv ...", "X, who ..., told Y that ...") or in a closing
  attribution ("..., the head of the Office, X, said on Tuesday"); with nobody named, the person a clause's
  opening "he"/"she" stands for;
- a person speaks for their country (the registry's, their title's, or the report's own), which holds the
  position too; with no holder named at all, the report's own country holds it.

A sentence ending in a colon leads the list lines that follow it ("Ukraine requires support: air
defence systems; investment in the defence industry;"), whose issues take the lead's stance and holders.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.extract.context import DocContext, context, locates_group, parsed_token, sentences, span_text
from parley.grammar import any_of, load_grammar
from parley.lexicon import Lexicon, load_lexicon
from parley.models import Position

if TYPE_CHECKING:
    from parley.extract.events import EventFinder

if not Doc.has_extension("parley_positions"):
    Doc.set_extension("parley_positions", default=None)

LIST_ITEM_MAX_WORDS = 20
# A closing attribution ("..., Yermak said on Tuesday.") leaves at most this many tokens after its verb.
TRAILING_REST = 6
# How far back (tokens) a relative clause between a speaker and the speech verb may reach.
RELATIVE_MAX_TOKENS = 30
# How far (characters) a stance cue may stand from the issue it bears on: "ready for a long-term
# ceasefire" is close; "agreed on Wednesday to exchange prisoners ... far apart on a ceasefire" is not.
ISSUE_WINDOW = 100
# At most this many words between a stance cue and the deal it refers to ("voted against, calling the deal").
REFERENCE_GAP_WORDS = 2
# Labels a name climbs through to the phrase it is part of ("the Russians" in "the Russians' list"), and the
# labels of what a verb acts on: a name there receives the act and holds no stance.
HOLDER_CLIMB = frozenset({"compound", "amod", "poss", "conj", "appos", "nmod"})
RECEIVER_DEPS = frozenset({"dobj", "dative", "iobj"})


@dataclass(slots=True)
class Stance:
    stance: str
    start: int  # char offset of the last cue of this stance
    cues: list[int]  # char offsets of every cue of this stance (after negation)


class PositionFinder:
    def __init__(self, lexicon: Lexicon, sides: EventFinder | None = None):
        self.lex = lexicon
        self.sides = sides  # who "the two sides", "both countries" are
        g = load_grammar(lexicon.data_dir)
        self.meeting, self.subordinate, self.segment_break = g.pattern("meeting"), g.pattern("subordinate"), \
            g.pattern("segment_break")
        self.relative, self.clause_break, self.condition = g.pattern("relative"), g.pattern("clause_break"), \
            g.pattern("condition")
        self.first_person, self.they = g.pattern("first_person"), g.pattern("third_plural")
        self.object_preps, self.complement_preps = g.words("object_preps"), g.words("complement_preps")
        self.speech_fillers, self.coordinators = g.words("speech_fillers"), g.words("coordinators")
        self.third_singular, self.object_determiners = g.words("third_singular"), g.words("object_determiners")
        self.title_connectors = g.words("title_connectors")
        self.subject_pronouns = g.words("subject_pronouns")
        self.object_control = g.words("object_control")
        self.relative_pronouns = g.words("relative_pronouns")
        self.subordinate_words = g.words("complementizers")
        cues = lexicon.cues.get("positions", {})
        self.issues = {issue: [re.compile(p, re.I) for p in pats] for issue, pats in cues.get("issues", {}).items()}
        # One pass to tell whether a sentence names any issue at all (most do not), and one per issue to tell
        # which, before each of that issue's cues is looked for on its own (measured: 1.2 -> 0.5 ms a report).
        self.any_issue = any_of(p.pattern for pats in self.issues.values() for p in pats)
        self.issue_any = {issue: any_of(p.pattern for p in pats) for issue, pats in self.issues.items()}
        stance = cues.get("stance", {})
        self.support = [re.compile(p, re.I) for p in stance.get("support", [])]
        self.oppose = [re.compile(p, re.I) for p in stance.get("oppose", [])]
        self.any_stance = any_of(p.pattern for p in [*self.support, *self.oppose])
        self.negation = [re.compile(p, re.I) for p in stance.get("negation", [])]
        refs = cues.get("references", {})
        self.reference = re.compile(refs["phrase"], re.I) if refs.get("phrase") else None
        self.referable = frozenset(refs.get("issues", []))
        self.reference_reach = int(refs.get("reach", 0))
        self.according = g.pattern("according_to")
        self.threats = [re.compile(p, re.I) for p in stance.get("threats", [])]
        self.speech_verbs = frozenset(v for v in lexicon.cues.get("quotes", {}).get("speech", []) if " " not in v)

    def leaders_named(self, doc: Doc, ctx: DocContext, sent: Span) -> int | None:
        """Offset (in the sentence) of a meeting between two heads of state the sentence names: "a meeting
        between Zelensky and Putin" is the leaders' meeting however the leaders are named."""
        m = self.meeting.search(span_text(sent))
        if m is None:
            return None
        leaders = set()
        for mention in ctx.mentions_in(sent.start, sent.end, "person"):
            reg = self.lex.registry_person(ctx.actors[mention.ref].name)
            if reg and any(r.title.lower() in self.lex.leader_titles and not r.until for r in reg.roles):
                leaders.add(reg.id)
        return m.start() if len(leaders) >= 2 else None

    def issue_hits(self, text: str) -> list[tuple[str, int]]:
        """(issue, offset) of every place the text names an issue."""
        if not self.any_issue.search(text):
            return []
        return [(issue, m.start()) for issue, pats in self.issues.items() if self.issue_any[issue].search(text)
                for p in pats for m in p.finditer(text)]

    @staticmethod
    def first_hits(hits: list[tuple[str, int]], start: int, end: int) -> list[tuple[str, int]]:
        """(issue, first offset) of the issues among `hits` within [start, end), in the order of `issues`."""
        first: dict[str, int] = {}
        for issue, pos in hits:
            if start <= pos < end and pos < first.get(issue, end):
                first[issue] = pos
        return list(first.items())

    def stance_in(self, text: str) -> Stance | None:
        """The main clause's stance (its first cue, negation applied); `start` is the last cue of that
        stance, so that holders named between several cues of one stance all count."""
        if not self.any_stance.search(text):
            return None
        found: list[tuple[int, str]] = []
        for kind, pats in (("support", self.support), ("oppose", self.oppose)):
            for p in pats:
                for m in p.finditer(text):
                    if self.conditional(text, m.start()):
                        continue  # "if Moscow rejects a ceasefire, ..." states no stance
                    before = text[max(0, m.start() - 25):m.start()]
                    negated = any(n.search(before) for n in self.negation)
                    found.append((m.start(), ("oppose" if kind == "support" else "support") if negated else kind))
        if not found:
            return None
        found.sort()
        kind = found[0][1]
        cues = [start for start, k in found if k == kind]
        return Stance(kind, max(cues), cues)

    def find(self, doc: Doc) -> list[Position]:
        ctx = context(doc)
        quotes = list(doc._.parley_quotes or [])
        roles = list(doc._.parley_roles or [])
        home = self.home_country(ctx)
        sides = self.sides.two_sides(ctx) if self.sides is not None else []
        if sides and home not in sides:
            home = None  # a host or mediator ("talks in Washington"): no stance is its for want of another holder
        out: list[Position] = []
        seen: set[tuple[int, str, str]] = set()

        def add(holder: int, issue: str, stance: str, sent: Span) -> None:
            key = (holder, issue, stance)
            if key in seen:
                return
            seen.add(key)
            out.append(Position(holder, issue, "oppose" if stance == "oppose" else "support", ctx.char_span(sent)))

        persons = [(doc[m.start].idx, m.ref) for m in ctx.mentions if m.kind == "person"
                   and not any(q.span.start <= doc[m.start].idx < q.span.end for q in quotes)]
        lead: tuple[Stance, list[int]] | None = None
        named: list[tuple[int, str]] = []  # (sentence number, issue) of every issue named so far
        for number, sent in enumerate(sentences(doc).spans):
            text = span_text(sent)
            hits = self.issue_hits(text)  # once per sentence; its clauses take theirs from these
            named += [(number, issue) for issue, _ in sorted(self.first_hits(hits, 0, len(text)), key=lambda h: h[1])]
            if ctx.is_masked(sent.start_char):
                continue
            if lead is not None and not self.is_list_item(sent):
                lead = None
            if lead is not None:
                lead_stance, lead_holders = lead
                for issue, _ in self.first_hits(hits, 0, len(text)):
                    for h in lead_holders:
                        add(h, issue, lead_stance.stance, sent)
                continue
            last_issue: str | None = None
            leaders_at = self.leaders_named(doc, ctx, sent)
            for seg_start, seg_end in self.segments(text):
                seg = text[seg_start:seg_end]
                issues = self.first_hits(hits, seg_start, seg_end)
                if leaders_at is not None and seg_start <= leaders_at < seg_end and \
                        "leaders_meeting" not in {i for i, _ in issues}:
                    issues.append(("leaders_meeting", leaders_at))
                relative = not issues and last_issue is not None and seg_start > 0 and bool(self.relative.match(seg))
                if not issues and not relative:
                    issues = self.referred(seg, seg_start, number, named)  # "accepted the deal"
                if not issues and not relative and not seg.rstrip().endswith(":"):
                    continue  # no issue here: no stance to look for
                found = self.stance_in(seg)
                if found is None:
                    last_issue = issues[-1][0] if issues else last_issue
                    continue
                stance = Stance(found.stance, found.start + seg_start, [c + seg_start for c in found.cues])
                if relative and last_issue:
                    issues = [(last_issue, stance.start)]  # ", which Moscow did not accept"
                if issues or seg.rstrip().endswith(":"):
                    holders = self.holders(doc, ctx, sent, stance, quotes, roles, home, persons,
                                           sent.start_char + seg_start)
                    # The stance must bear on the issue: the same stretch of the sentence.
                    for issue, pos in issues:
                        if not self.near(stance, pos):
                            continue
                        kind = self.flipped(stance.stance) if self.against_issue(text, pos) else stance.stance
                        for h in holders:
                            add(h, issue, kind, sent)
                    if seg.rstrip().endswith(":"):
                        lead = (stance, holders)
                last_issue = issues[-1][0] if issues else last_issue
        return out

    def referred(self, seg: str, seg_start: int, number: int, named: list[tuple[int, str]]) -> list[tuple[str, int]]:
        """The issue a deal named only by reference in `seg` is about: the last issue named in the sentences
        just before, if a deal settles it ([positions.references])."""
        m = self.reference.search(seg) if self.reference is not None else None
        if m is None:
            return []
        # What the stance is taken on: the reference must follow its cue closely ("accepted the deal", "voted
        # against, calling the deal ..."), not stand in another clause ("withdrew from the agreement, brokered
        # by ...").
        # A passive cue may follow it in the same clause ("that this arrangement is fully implemented").
        before, after = seg[:m.start()], seg[m.end():]
        ends = [c.end() for p in (*self.support, *self.oppose) for c in p.finditer(before)]
        starts = [c.start() for p in (*self.support, *self.oppose) for c in p.finditer(after)]
        cue_before = bool(ends) and len(before[max(ends):].split()) <= REFERENCE_GAP_WORDS
        cue_after = bool(starts) and len(after[:min(starts)].split()) <= REFERENCE_GAP_WORDS + 1 \
            and not re.search(r"[,;:—–()]", after[:min(starts)])
        if not cue_before and not cue_after:
            return []
        recent = [issue for n, issue in named if number - self.reference_reach <= n < number]
        if not recent or recent[-1] not in self.referable:
            return []
        return [(recent[-1], m.start() + seg_start)]

    def segments(self, text: str) -> list[tuple[int, int]]:
        """Clauses that carry their own stance: the main one, then ", which ...", "; ...", ", but ..."."""
        cuts = [m.start() for m in self.segment_break.finditer(text)]
        bounds = [0, *cuts, len(text)]
        return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    def against_issue(self, text: str, issue_pos: int) -> bool:
        """"an attack on its sovereignty", "conditions that undermine its sovereignty": opposing the threat
        supports the issue."""
        before = text[max(0, issue_pos - 40):issue_pos]
        return any(p.search(before) for p in self.threats)

    @staticmethod
    def flipped(stance: str) -> str:
        return "oppose" if stance == "support" else "support"

    def conditional(self, text: str, cue: int) -> bool:
        """Whether the clause holding the cue is a condition ("if ...", "unless ...")."""
        clause = self.clause_break.split(text[:cue])[-1]
        return bool(self.condition.search(clause))

    @staticmethod
    def near(stance: Stance, issue_pos: int) -> bool:
        """A cue of the stance within ISSUE_WINDOW characters before the issue, or just after it."""
        return any(-ISSUE_WINDOW <= cue - issue_pos <= ISSUE_WINDOW // 2 + 10 for cue in stance.cues)

    @staticmethod
    def is_list_item(sent: Span) -> bool:
        return len(span_text(sent).split()) <= LIST_ITEM_MAX_WORDS

    def holders(self, doc: Doc, ctx: DocContext, sent: Span, stance: Stance, quotes: list, roles: list,
                home: int | None, persons: list[tuple[int, int]], seg_start: int) -> list[int]:
        stance_char = sent.start_char + stance.start
        quote = next((q for q in quotes if q.span.start <= stance_char < q.span.end), None)
        # Inside a quotation the speaker holds the position, unless the quoted clause names its own
        # subject ("The Republic of Turkey has consistently supported ...").
        first = max(seg_start, quote.span.start) if quote is not None else seg_start
        if quote is not None and self.they.search(ctx.text[first:stance_char]) \
                and not self.speaker_subject(ctx.text, first, stance_char):
            return []  # "They refuse a ceasefire," he said: the other side, whom the quote does not name
        holders: list[int] = []
        m = self.according.search(span_text(sent))
        if m:
            tok_after = doc.char_span(sent.start_char + m.end(), sent.end_char, alignment_mode="expand")
            if tok_after is not None:
                for t in tok_after:
                    ref = ctx.token_ref.get(t.i)
                    if ref is not None:
                        # "according to a senior Israeli official": an unnamed source, whose country does not
                        # hold what it reports of others ("..., Hamas is demanding ...").
                        unnamed = ctx.kind(ref) == "country" and t.i + 1 < len(doc) and doc[t.i + 1].is_lower
                        if not unnamed:
                            holders.append(ref)
                        break
        # Holders are named in the stance's own clause: in "X thanked the Americans and stressed that Ukraine
        # is ready for a ceasefire" the clause starts at "that" (X holds it as its reporter, below).
        # If that clause names nobody ("and that a meeting was needed"), the sentence's earlier actors do.
        breaks = [m.end() for m in self.subordinate.finditer(ctx.text, first, stance_char)]
        for clause_start in dict.fromkeys([max(breaks, default=first), first]):
            named = [r for r in self.named_holders(doc, ctx, sent, clause_start, stance_char) if r not in holders]
            # "the two countries undertake to respect ...": the report's sides, when no one is named between the
            # phrase and the cue (in "Under the deal, which X helped negotiate, the two countries ..." X is not).
            sides_at = [doc[s].idx for s, _ in self.sides.sides_in(ctx, sent)] if self.sides is not None else []
            sides_at = [c for c in sides_at if clause_start <= c < stance_char]
            if sides_at and self.sides is not None and not any(
                    sides_at[-1] < doc[m.start].idx < stance_char for m in ctx.mentions_in(sent.start, sent.end)
                    if m.ref in named):
                named = [r for r in self.sides.two_sides(ctx) if r not in holders]
            if named:
                holders += named
                break
        if quote is not None and (not holders or self.speaker_subject(ctx.text, first, stance_char)):
            holders = [quote.speaker]
        elif quote is not None and ctx.actor_country(quote.speaker, roles, self.lex) in holders:
            # '"The US expects Hamas to ...," Witkoff said': the speaker holds what his country holds.
            holders.append(quote.speaker)
        if quote is None:
            # Reported speech: whoever says it holds it too ("He said Kyiv had proposed a ceasefire"), whether
            # named before it or after it ("Ukraine has asked Russia to return the children, Yermak said").
            reporter = self.reporter(doc, ctx, first, stance_char, persons)
            if reporter is None:
                reporter = self.trailing_reporter(doc, ctx, sent, stance_char)
            if reporter is not None and reporter not in holders:
                holders.append(reporter)
            if not holders:
                # "He also pledged to expand co-production": the person "he" stands for holds it.
                subject = self.pronoun_subject(doc, ctx, first, stance_char, persons)
                if subject is not None:
                    holders.append(subject)
        if not holders and home is not None:
            holders = [home]
        return self.with_country(ctx, holders, roles, home)

    def named_holders(self, doc: Doc, ctx: DocContext, sent: Span, start: int, end: int) -> list[int]:
        """People and countries named in text[start:end] that can hold a stance (not objects or titles)."""
        out: list[int] = []
        for mention in ctx.mentions_in(sent.start, sent.end):
            tok = doc[mention.start]
            if not start <= tok.idx < end or mention.ref in out:
                continue
            if mention.kind == "organization" and (self.qualifies_person(doc, ctx, mention.end)
                                                   or not self.organization_can_hold(doc, mention)):
                continue  # "the Ministry of Defense's Umerov", "the head of the Council"
            if ctx.token_ref.get(mention.start) != mention.ref:
                continue  # a country nested in an organization's name
            if self.is_object(doc, mention.start, sent.start) or self.parsed_object(doc, mention.start) or (
                    mention.kind == "country" and (
                    self.qualifies_person(doc, ctx, mention.end) or locates_group(ctx, self.lex, mention.start))):
                continue  # "Ukraine's Zelensky", "Yemen's Houthis": the country qualifies who holds it
            if mention.start == sent.start and mention.end < len(doc) and doc[mention.end].text == ":":
                continue  # "Sudan: RSF declares truce": a headline's topic, not who holds the stance
            out.append(mention.ref)
        return out

    def organization_can_hold(self, doc: Doc, mention) -> bool:
        """A body holds a stance as a subject ("Hamas accepted the truce"), not as the complement of a
        title or a place ("the head of the Council", "in the Security Council")."""
        return mention.start == 0 or doc[mention.start - 1].lower_ not in self.complement_preps

    def reporter(self, doc: Doc, ctx: DocContext, start: int, end: int, persons: list[tuple[int, int]]) -> int | None:
        """The person (or he/she) right before a speech verb in text[start:end]."""
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return None
        for tok in span:
            if tok.lower_ not in self.speech_verbs or tok.i == 0:
                continue
            j = tok.i - 1
            while j > span.start and doc[j].lower_ in self.speech_fillers:
                j -= 1
            if doc[j].text == ",":
                # "Erdogan, who has positioned Turkey as a mediator ..., told Zelenskiy that": past the clause.
                k = next((k for k in range(j - 1, max(span.start, j - RELATIVE_MAX_TOKENS), -1)
                          if doc[k].lower_ in self.relative_pronouns and doc[k - 1].text == ","), None)
                if k is not None and k - 2 >= span.start:
                    j = k - 2
            ref = ctx.token_ref.get(j)
            if ref is not None and ctx.kind(ref) == "person":
                return ref
            if doc[j].lower_ in self.coordinators:
                # "X thanked the Americans and stressed that ...": the subject of the first verb.
                sent = sentences(doc).of(j)
                subjects = [m.ref for m in ctx.mentions_in(sent.start, j, "person")
                            if not self.is_object(doc, m.start, sent.start)]
                return subjects[0] if subjects else None
            if doc[j].lower_ in self.third_singular:
                return ctx.salient_person(persons, doc[j].idx)
        return None

    def trailing_reporter(self, doc: Doc, ctx: DocContext, sent: Span, stance_char: int) -> int | None:
        """The person of a closing attribution after the stance: "..., the head of the Presidential Office,
        Andriy Yermak, said on Tuesday." (nothing but a few words may follow the speech verb)."""
        span = doc.char_span(stance_char, sent.end_char, alignment_mode="expand")
        if span is None:
            return None
        for tok in span:
            if tok.lower_ not in self.speech_verbs or tok.idx <= stance_char:
                continue
            rest = doc[tok.i + 1:sent.end]
            if len(rest) > TRAILING_REST or any(t.lower_ in self.subordinate_words for t in rest):
                return None
            j = tok.i - 1
            while j > span.start and (doc[j].lower_ in self.speech_fillers or doc[j].text == ","):
                j -= 1
            ref = ctx.token_ref.get(j)
            if ref is None or ctx.kind(ref) != "person":
                return None
            # The attribution opens with a comma: ", X said", not "... and X said".
            k = j
            while k > span.start:
                prev = doc[k - 1]
                if prev.text == ",":
                    if k - 2 >= span.start and self.attribution_word(ctx, doc[k - 2]):
                        k -= 1  # a comma inside the title: "the head of the Office, Andriy Yermak,"
                        continue
                    return ref
                if not self.attribution_word(ctx, prev):
                    return None
                k -= 1
            return None
        return None

    def attribution_word(self, ctx: DocContext, tok: Token) -> bool:
        """A word of a speaker's name or title ("the head of the Presidential Office, Andriy Yermak")."""
        return (ctx.token_ref.get(tok.i) is not None or self.lex.is_title_word(tok.text)
                or tok.lower_ in self.title_connectors or tok.lower_ in self.object_determiners)

    def pronoun_subject(self, doc: Doc, ctx: DocContext, start: int, end: int,
                        persons: list[tuple[int, int]]) -> int | None:
        """The person a clause's opening "he"/"she" stands for ("He also pledged to ...")."""
        words = ctx.text[start:end].split()
        if not words or words[0].lower() not in self.subject_pronouns:
            return None
        return ctx.salient_person(persons, start)

    def speaker_subject(self, text: str, start: int, end: int) -> bool:
        """Whether the quoted clause before the stance cue speaks in the first person ("We support")."""
        return bool(self.first_person.search(text, start, end))

    def is_object(self, doc: Doc, i: int, sent_start: int) -> bool:
        j = i - 1
        while j >= sent_start and doc[j].lower_ not in self.object_control and (doc[j].lower_ in self.object_determiners
                                   or doc[j].is_title and not doc[j].is_sent_start and doc[j].lower_ not in self.object_preps
                                   or self.lex.is_title_word(doc[j].text)):
            j -= 1
        return j >= sent_start and (doc[j].lower_ in self.object_preps or doc[j].lower_ in self.object_control)

    @staticmethod
    def parsed_object(doc: Doc, i: int) -> bool:
        """Whether the parse of token i's sentence (where the event component parsed it) makes it what a verb
        acts on, or part of it: "Moscow had handed Kyiv a memorandum", "gave the Russians a list of children"
        name who receives, not who holds a stance."""
        tok = parsed_token(doc, i)
        steps = 0
        while tok is not None and tok.dep_ in HOLDER_CLIMB and tok.head is not tok and steps < 4:
            tok, steps = tok.head, steps + 1
        return tok is not None and tok.dep_ in RECEIVER_DEPS

    def qualifies_person(self, doc: Doc, ctx: DocContext, j: int) -> bool:
        steps = 0
        while j < len(doc) and steps < 8:
            r = ctx.token_ref.get(j)
            if r is not None and ctx.kind(r) == "person":
                return True
            if not (self.lex.is_title_word(doc[j].text) or doc[j].lower_ in self.title_connectors
                    or (r is not None and ctx.kind(r) == "organization")):
                return False
            j += 1
            steps += 1
        return False

    def with_country(self, ctx: DocContext, holders: list[int], roles: list, home: int | None) -> list[int]:
        out = list(holders)
        for h in holders:
            if ctx.kind(h) != "person":
                continue
            country = self.person_country(ctx, h, roles, home)
            if country is not None and country not in out:
                out.append(country)
        return out

    def person_country(self, ctx: DocContext, person: int, roles: list, home: int | None) -> int | None:
        found = ctx.actor_country(person, roles, self.lex)
        return found if found is not None else home

    def home_country(self, ctx: DocContext) -> int | None:
        """The country the report is about: its most-named person's, else its most-named country."""
        people = Counter({a.ref: len(a.mentions) for a in ctx.actors if a.kind == "person"})
        for ref, _ in people.most_common(3):
            country = self.person_country(ctx, ref, [], None)
            if country is not None:
                return country
        counts = Counter({a.ref: len(a.mentions) for a in ctx.actors if a.kind == "country"})
        return counts.most_common(1)[0][0] if counts else None


@Language.factory("parley_positions", assigns=["doc._.parley_positions"],
                  requires=["doc._.parley_actors", "doc._.parley_roles", "doc._.parley_quotes"],
                  default_config={"data_dir": None})
def make_position_component(nlp: Language, name: str, data_dir: str | None) -> PositionComponent:
    """`data_dir`: a folder of data files (cues.toml with the issues, negotiations.toml, grammar.toml) to read
    instead of the default ones. Where the pipeline has the event component, its reading of "the two sides"
    ("both countries agreed to a ceasefire") names holders too."""
    events = nlp.get_pipe("parley_events") if "parley_events" in nlp.component_names else None
    return PositionComponent(load_lexicon(data_dir), getattr(events, "finder", None))


class PositionComponent:
    def __init__(self, lexicon: Lexicon, sides: EventFinder | None = None):
        self.finder = PositionFinder(lexicon, sides)

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_positions = self.finder.find(doc)
        return doc
