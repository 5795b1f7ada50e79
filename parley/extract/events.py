"""Events coded in PLOVER: a cue proposes an event, the dependency parse of its sentence gives the arguments.

The cue lexicon (parley/data/cues.toml) is matched over every token; only sentences that carry a cue and
name an actor are parsed, with the model's own tok2vec/tagger/parser run on that sentence alone (see
:mod:`parley.extract.pipeline`). From the parse:

- a verb cue takes its subject as actors ("by X" for a passive, whose subject becomes the target) and its
  object and prepositional objects (with, to, against, on, for) as targets; a verb with no subject of its
  own inherits one through conj/xcomp/advcl, and a relative clause's from the noun it modifies;
- a noun or adjective cue ("held a meeting with", "grateful to", "Russia's attacks on") takes possessors,
  "by" and "between" phrases as actors, or else the subject of the verb it depends on;
- a delegation, team or side stands for its country because the country word is in the subject phrase;
  a demonym inside a person's title ("Turkish Foreign Minister X") is the title, not a second participant;
- "we"/"I" inside a quotation are its speaker (and for "we", the speaker's country); "he"/"she" are the
  latest person named outside quotations; a negated verb makes no event;
- "X also took part in the meeting" adds X to the last meeting rather than starting a new event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.attrs import ENT_IOB, SPACY
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from parley.extract.context import (
    DocContext,
    context,
    doc_array,
    doc_text,
    doc_words,
    keep_parses,
    locates_group,
    sentences,
    span_text,
)
from parley.extract.dates import DateExpr, find_date
from parley.grammar import load_grammar
from parley.lexicon import Lexicon, load_lexicon
from parley.models import Event

if not Doc.has_extension("parley_events"):
    Doc.set_extension("parley_events", default=None)
if not Doc.has_extension("parley_event_dates"):
    Doc.set_extension("parley_event_dates", default=None)

# Only tok2vec and the parser: the parser reads tok2vec, not the tagger, and cues are told apart as
# nouns or verbs by their dependency label (NOMINAL_DEPS), so tagger, attribute_ruler and lemmatizer
# are not run (measured 18-32 % less parse time on the examples; seeds events F1 0.756 -> 0.769).
SYNTAX_PIPES = ("tok2vec", "parser")
# Labels that only nominals and adjectives take: a cue with one of them is a noun ("held a meeting").
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "acomp", "compound", "appos",
                          "npadvmod", "amod", "poss", "dative", "oprd", "nmod", "iobj"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "obj", "attr", "oprd"})
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "ccomp", "acl", "pcomp"})
TRANSFER = "transfer"
HEADLINE_WORDS = 16  # a first line without a full stop and at most this many words is a headline
REFUSAL = "refusal"  # cues that are an act only when negated ("does not recognise the vote")
CONDITIONAL = "conditional"  # cues that are an act only as a condition's consequence ("more pressure if ...")
NO_EVENT = "none"  # [events.by_object] type of objects that make their verb no event ("released a statement")


class SentenceParser:
    """Parse single sentences with the model's own syntax components (which the fast pass skips)."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._pipes: list | None = None

    def pipes(self) -> list:
        if self._pipes is None:
            self._pipes = [self.nlp.get_pipe(n) for n in SYNTAX_PIPES if n in self.nlp.component_names]
        return self._pipes

    def parse(self, sents: list[Span]) -> list[Doc]:
        docs = [Doc(self.nlp.vocab, words=doc_words(s.doc)[s.start:s.end],
                    spaces=[bool(w) for w in doc_array(s.doc, SPACY)[s.start:s.end]]) for s in sents]
        for proc in self.pipes():
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        return docs


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    type: str
    join: bool = False
    agent: int | None = None  # the token of an actor hyphenated before the cue ("US-brokered")

    def text_lower(self, doc: Doc) -> str:
        return doc[self.start:self.end].text.lower()


class EventFinder:
    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.lex = lexicon
        self.parser = SentenceParser(nlp)
        g = load_grammar(lexicon.data_dir)
        self.first_plural, self.first_singular = g.words("first_plural"), g.words("first_singular")
        self.possessive_pronouns = g.words("possessive_pronouns")
        self.third, self.third_plural = g.words("third_singular"), g.words("third_plural")
        self.neuter, self.object_control_preps = g.words("neuter"), g.words("object_control_preps")
        self.span_phrase, self.perfect_aux = g.pattern("time_span"), g.words("perfect_aux")
        self.target_preps, self.agent_preps = g.words("target_preps"), g.words("agent_preps")
        self.joint_preps, self.subject_preps = g.words("joint_preps"), g.words("subject_preps")
        self.joint_adverbs, self.condition_marks = g.words("joint_adverbs"), g.words("condition_marks")
        self.intent, self.hypothetical_aux = g.words("intent"), g.words("hypothetical_aux")
        self.intent_nouns, self.cessation = g.words("intent_nouns"), g.words("cessation")
        self.wanted_preps = g.words("wanted_preps")
        self.title_connectors, self.anaphoric = g.words("title_connectors"), g.words("anaphoric")
        self.coordinators, self.relatives = g.words("coordinators"), g.words("relative_subjects")
        events = lexicon.cues.get("events", {})
        self.cue_type: dict[str, str] = {}
        self.join_type: dict[str, str] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for etype, phrases in events.items():
            if etype in ("join", "light_verbs", "temporal_preps", "by_object", "between_sides", "sides", "transfer",
                         "transfer_objects", "alone", "group_nouns", "dyadic", "of_acts", "force_nouns", "travel", "office_verbs", "object_typed",
                         "sequence_preps", "witnessed", "refusal", "retold", "answers", "not_acts",
                         "conditional_threat",
                         "not_consult_objects", "agent_nouns", "toward_other_side", "toward_both_sides",
                         "complement_targets"):
                continue
            for p in phrases:
                self.cue_type.setdefault(p.lower(), etype)
        threats = events.get("conditional_threat", {})
        self.threat_types = frozenset(threats.get("types", []))
        for p in threats.get("forms", []):
            self.cue_type.setdefault(p.lower(), CONDITIONAL)
        self.refusal = frozenset(events.get("refusal", {}).get("forms", []))
        for p in self.refusal:
            self.cue_type.setdefault(p.lower(), REFUSAL)  # an act only when negated
        for p in events.get("transfer", {}).get("forms", []):
            self.cue_type.setdefault(p.lower(), TRANSFER)  # typed by their object only
        for etype, phrases in events.get("join", {}).items():
            for p in phrases:
                self.join_type[p.lower()] = etype
        for phrase in [*self.cue_type, *self.join_type]:
            self.matcher.add(phrase, [nlp.make_doc(phrase)])
        self.light_verbs = frozenset(events.get("light_verbs", {}).get("forms", []))
        # Only the verbs of handing over, releasing and exchanging take their type from their object:
        # "rejected the plan" stays a rejection.
        self.object_typed = frozenset([*events.get("object_typed", {}).get("types", []), TRANSFER])
        self.type_by_object = {w: etype for etype, words in events.get("by_object", {}).items() for w in words}
        # Objects that type only the verbs of handing over and declaring: "declared a truce" is a concession,
        # "signed a truce" stays an agreement.
        self.type_by_transfer_object = {w: etype for etype, words in events.get("transfer_objects", {}).items()
                                        for w in words}
        self.speech_verbs = frozenset(w for v in lexicon.cues.get("quotes", {}).get("speech", []) for w in [v]
                                      if " " not in v)
        # Nouns for the people who act ("mediators"): their complements name them, not their counterparts.
        self.agent_nouns = frozenset(events.get("agent_nouns", {}).get("forms", []))
        self.not_consult_objects = frozenset(events.get("not_consult_objects", {}).get("forms", []))
        self.group_nouns = frozenset(events.get("group_nouns", {}).get("forms", []))
        self.retold = frozenset(events.get("retold", {}).get("types", []))
        self.not_acts = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.not_acts.add("NOT_ACT", [nlp.make_doc(p) for p in events.get("not_acts", {}).get("phrases", [])])
        self.answers = frozenset(events.get("answers", {}).get("types", []))
        self.answered = frozenset(events.get("answers", {}).get("objects", []))
        self.definite = g.words("definite")
        self.negations = g.words("negations")
        self.negation_suffixes = tuple(g.words("negation_suffixes"))
        self.travel = frozenset(events.get("travel", {}).get("forms", []))
        self.witnessed = frozenset(events.get("witnessed", {}).get("types", []))
        self.reporting_verbs = frozenset(events.get("witnessed", {}).get("verbs", []))
        self.travel_preps = frozenset(events.get("travel", {}).get("preps", []))
        self.office_verbs = frozenset(events.get("office_verbs", {}).get("forms", []))
        self.force_nouns = frozenset(events.get("force_nouns", {}).get("forms", []))
        self.force_names = tuple(w.lower() for w in events.get("force_nouns", {}).get("names", []))
        # Acts that need a counterpart: with no target they are kept only when several parties act jointly.
        self.dyadic = frozenset(events.get("dyadic", {}).get("types", []))
        self.complement_targets = frozenset(events.get("complement_targets", {}).get("types", []))
        self.toward_other_side = frozenset(events.get("toward_other_side", {}).get("types", []))
        self.toward_both_sides = frozenset(events.get("toward_both_sides", {}).get("forms", []))
        self.alone = frozenset(events.get("alone", {}).get("types", []))
        self.of_acts = frozenset(events.get("of_acts", {}).get("types", []))
        self.participant_preps = g.words("participant_preps")
        self.between_sides = frozenset(events.get("between_sides", {}).get("cues", []))
        # "the two sides", "the South Asian countries": phrases, and token patterns for what phrases can't list.
        sides = events.get("sides", {})
        # Phrases through a PhraseMatcher: as 31 token patterns of a Matcher they took 0.75 ms a report.
        self.sides_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.sides_phrases.add("SIDES", [nlp.make_doc(p) for p in sides.get("phrases", [])])
        self.sides_matcher = Matcher(nlp.vocab)
        self.sides_matcher.add("SIDES", list(sides.get("patterns", [])))
        self.temporal_preps = frozenset(events.get("temporal_preps", {}).get("forms", []))
        self.sequence_preps = frozenset(events.get("sequence_preps", {}).get("forms", []))
        self.place_preps = frozenset(lexicon.cues.get("places", {}).get("before", ["in", "at"]))
        self.country_aliases = frozenset(a for c in lexicon.countries.values() for a in [c.name, *c.aliases])
        # Every word pronoun_refs may resolve: a token with none of them is passed over unread.
        self.referring = (self.group_nouns | self.force_nouns | self.neuter | self.third_plural | self.first_plural
                          | self.first_singular | self.third)

    # --- cues -------------------------------------------------------------------------------------

    def cues(self, doc: Doc, ctx: DocContext) -> list[Cue]:
        found: list[Cue] = []
        for match_id, start, end in self.matcher(doc):
            phrase = doc.vocab.strings[match_id]
            if ctx.is_masked(doc[start].idx):
                continue
            agent = None
            if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
                if start - 2 not in ctx.token_ref or phrase in self.join_type:
                    continue  # inside a hyphenated word: "so-called", "long-awaited"
                agent = start - 2  # "the US-brokered agreement": the US brokered it
            if phrase in self.join_type:
                found.append(Cue(start, end, self.join_type[phrase], join=True))
            else:
                found.append(Cue(start, end, self.cue_type[phrase], agent=agent))
        # Fixed phrases that name no act ("in return", "in turn") void the cues inside them.
        void = {i for _, start, end in self.not_acts(doc) for i in range(start, end)}
        found = [c for c in found if c.start not in void]
        # Longest match wins where cues overlap ("held talks" over "talks").
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        out: list[Cue] = []
        for c in found:
            if out and c.start < out[-1].end:
                continue
            out.append(c)
        return out

    # --- arguments --------------------------------------------------------------------------------

    def refs_in(self, tokens: list[Token], offset: int, ctx: DocContext, pron: dict[int, list[int]]) -> list[int]:
        """Actors mentioned by these parsed tokens (offset maps them back into the report's Doc)."""
        refs: list[int] = []
        idx = sorted(t.i + offset for t in tokens)
        for i in idx:
            ref = ctx.token_ref.get(i)
            if ref is None:
                for r in pron.get(i, []):
                    if r not in refs:
                        refs.append(r)
                continue
            if ctx.kind(ref) == "country" and (self.title_of_person(i, ctx) or locates_group(ctx, self.lex, i)):
                continue
            if ref not in refs:
                refs.append(ref)
        return refs

    def title_of_person(self, i: int, ctx: DocContext) -> bool:
        """Whether country word i only qualifies a person's title ("Turkish Foreign Minister Hakan Fidan")."""
        doc = ctx.doc
        j = i + 1
        ref = ctx.token_ref.get(i)
        while j < len(doc) and ctx.token_ref.get(j) == ref:
            j += 1
        if j < len(doc) and doc[j].text in ("'s", "’s"):
            j += 1
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

    @staticmethod
    def subtree(tok: Token) -> list[Token]:
        return list(tok.subtree)

    def subject_of(self, verb: Token) -> tuple[list[Token], list[Token]]:
        """(subject tokens, passive-subject tokens) of a verb, inherited from governing verbs if needed."""
        seen = 0
        v = verb
        while v is not None and seen < 5:
            subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
            passive = [c for c in v.children if c.dep_ in PASSIVE_DEPS]
            if v is verb and v.dep_ == "relcl" and [c.lower_ for c in subj or passive] in ([w] for w in self.relatives):
                # "the conflict on the Thai-Cambodian border, which has killed ...": the noun it stands for.
                antecedent = [t for t in self.phrase(v.head) if t.i < v.left_edge.i]
                return (antecedent, []) if subj else ([], antecedent)
            if subj or passive:
                # A headline's "Thailand, Cambodia agree": the name before the comma is a subject too.
                listed = [c for c in v.children if c.dep_ == "npadvmod" and subj and c.i + 2 == subj[0].left_edge.i
                          and c.nbor(1).text == ","]
                return ([t for s in [*listed, *subj] for t in self.phrase(s)],
                        [t for s in passive for t in self.phrase(s)])
            if v.dep_ == "relcl":
                return [t for t in v.head.subtree if t.i < v.i and t.i >= v.head.left_edge.i], []
            if v.dep_ == "prep" and seen > 0 and v.lower_ in self.object_control_preps:
                objects = [c for c in v.head.children if c.dep_ in ("dobj", "dative")]
                if objects:  # "thanked Turkey for hosting": Turkey hosted
                    return [t for o in objects for t in self.phrase(o)], []
            if (v.dep_ in INHERIT_DEPS or (v.dep_ == "prep" and seen > 0)) and v.head is not v:
                v = v.head  # "... began talks by holding a call": "by" hangs on the verb with the subject
                seen += 1
                continue
            break
        return [], []

    def phrase(self, head: Token) -> list[Token]:
        """A subject's tokens without its prepositional attachments other than of/from: in "the delegation at
        the talks with Ukraine" Ukraine does not act; in "representatives from Moscow and Kyiv" both do."""
        out: list[Token] = []
        stack = [head]
        while stack:
            tok = stack.pop()
            out.append(tok)
            stack.extend(c for c in tok.children if not (c.dep_ == "prep" and c.lower_ not in self.subject_preps))
        return sorted(out, key=lambda t: t.i)

    def arguments(self, anchor: Token, of_acts: bool = False, gives: bool = False, witnessed: bool = False,
                  cue: Span | None = None) -> tuple[list[Token], list[Token], bool, bool]:
        """(actor tokens, target tokens, negated, subject-lending) for a cue anchored at `anchor` in a parsed
        sentence; the last is False for a noun whose governing verb does not lend it its subject. With
        `of_acts`, a noun's "of" phrase names who acts ("the meeting of Aliyev and Pashinyan", "the mediation
        of the ICRC"), not its counterpart. `cue`, the cue's tokens when it is several words ("round of
        talks"): the phrases hanging on any of them are the noun's, not the cue's own words. With `gives` (an
        act of handing over), the owner of the object is on the giver's side ("Medinsky handed over Russia's
        document"). With `witnessed` (an act its reporters take no part in), a verb of reporting lends the noun
        no subject ("the air force reported drones in an attack")."""
        actors: list[Token] = []
        targets: list[Token] = []
        negated = self.has_negation(anchor) or self.hypothetical(anchor)
        head = anchor
        lends_subject = True
        temporal = False
        owner_pronouns: list[Token] = []  # "their meeting": whoever the verb's subject is, else whom it stands for
        if anchor.dep_ in NOMINAL_DEPS:
            words = list(cue) if cue is not None else [anchor]
            own = {t.i for t in words}
            # The phrases on the cue's words, and a preposition of the cue whose object is not ("meeting with
            # Erdogan"); never the cue's own "of" ("round of talks" is not talks by someone).
            for c in [*(c for t in words for c in t.children if c.i not in own),
                      *(t for t in words if t is not anchor and t.dep_ == "prep"
                        and any(g.i not in own for g in t.children))]:
                # Possessors and capitalized modifiers act ("Russia's attacks", "Russian strikes"); other
                # modifiers ("working-level talks") do not.
                if c.dep_ == "poss" and c.lower_ in self.possessive_pronouns:
                    owner_pronouns.append(c)
                elif c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and c.i < anchor.i
                                          and c.text[:1].isupper()):
                    actors += list(c.subtree)
                elif anchor.lower_ in self.agent_nouns and (
                        c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in self.subject_preps)):
                    # "the mediators from Qatar and Egypt", "mediators Egypt, Qatar and Turkey": who they are.
                    actors += [t for t in c.subtree if t is not c] if c.dep_ == "prep" else list(c.subtree)
                elif c.dep_ == "prep" and (c.lower_ in self.agent_preps
                                           or (of_acts and c.lower_ in self.participant_preps)):
                    actors += [t for g in c.children for t in g.subtree]
                elif c.dep_ == "prep" and c.lower_ in self.joint_preps:
                    actors += [t for g in c.children for t in g.subtree]  # "an exchange between A, B and C"
                elif c.dep_ == "prep" and c.lower_ in self.target_preps | self.subject_preps:
                    targets += [t for g in c.children for t in g.subtree]
            # Climb to the verb this noun depends on: "held a meeting with", "are grateful to", "told
            # reporters after a meeting with". Its subject takes part only through a light verb or a
            # temporal preposition; "Zelensky condemned the strike" does not make Zelensky strike.
            h = anchor
            steps = 0
            lends_subject = False
            while h.dep_ in ("dobj", "pobj", "attr", "acomp", "prep", "compound", "conj", "appos", "npadvmod") \
                    and h.head is not h and steps < 4:
                if h.dep_ == "prep":
                    # "agreed to an exchange during negotiations in Istanbul": a temporal phrase keeps lending
                    # through the prepositions above it (an object of a verb decides anew, below).
                    lends_subject = lends_subject or h.lower_ in self.temporal_preps
                    temporal = temporal or h.lower_ in self.sequence_preps
                elif h.dep_ in ("dobj", "attr", "acomp"):
                    lends_subject = h.head.lower_ in self.light_verbs
                    # "Kyiv proposed a meeting", "demanded the release of ...": wanted, not done.
                    negated = negated or h.head.lower_ in self.intent | self.cessation or (
                        h.dep_ == "dobj" and self.cue_type.get(h.head.lower_) == "request")
                elif h.dep_ == "pobj" and h.head.head is not h.head:
                    # "a request for a meeting between A and B", "asked for their return": wanted, not done.
                    gov, prep = h.head.head.lower_, h.head.lower_
                    negated = negated or gov in self.intent_nouns or (prep in self.wanted_preps and "request" in (
                        self.cue_type.get(gov), self.cue_type.get(f"{gov} {prep}")))
                h = h.head
                steps += 1
            head = h
            if witnessed and head.lower_ in self.reporting_verbs:
                lends_subject = False
            if h is anchor and anchor.dep_ in ("nsubj", "nsubjpass") and anchor.head is not anchor:
                head = anchor.head  # "negotiations took place ... between A and B"
            negated = negated or self.has_negation(head) or self.hypothetical(head)
            # "between A and B" on the verb or its object names the parties.
            objects = [g for o in head.children if o.dep_ in OBJECT_DEPS for g in o.children]
            for c in [*head.children, *objects]:
                if c.dep_ == "prep" and c.lower_ in self.joint_preps:
                    actors += [t for g in c.children for t in g.subtree]
            if not actors and head is not anchor and anchor.dep_ not in ("nsubj", "nsubjpass") and lends_subject:
                subj, passive = self.subject_of(head)
                actors = subj or passive
            actors = actors or owner_pronouns
            if not lends_subject and head is not anchor and anchor.dep_ not in ("nsubj", "nsubjpass"):
                return actors, targets, negated, False  # the governing verb's objects are not this event's
        else:
            subj, passive = self.subject_of(anchor)
            agent = [t for c in anchor.children if c.dep_ == "agent" for t in c.subtree if t.lower_ != "by"]
            if agent and not subj and anchor.dep_ in ("acl", "advcl", "relcl"):
                # "the talks, hosted by Malaysia's Prime Minister": the participle's agent acts.
                actors = agent
            elif passive and not subj:
                # "The declaration was signed between the government and the M23": the parties act together.
                joint = [t for c in anchor.children if c.dep_ == "prep" and c.lower_ in self.joint_preps
                         for g in c.children for t in g.subtree]
                # With no agent, nobody acts ("The delegation was briefed"): mark the subject as seen.
                actors, targets = (agent, passive) if agent else (joint, []) if joint else ([anchor], passive)
            else:
                actors = subj
        # "X said ..., following talks with the US": the verb a phrase of sequence hangs on is another act,
        # whose objects are not this one's counterparts (but "told Putin in a phone call": the same act).
        for c in ([] if anchor.dep_ in NOMINAL_DEPS and temporal else head.children):
            if c.dep_ in OBJECT_DEPS and c.i != anchor.i:
                # "Medinsky handed over Russia's document": the owner of what is given is on the giver's side.
                owners = [t for p in c.children if p.dep_ == "poss" for t in p.subtree] if gives else []
                actors += owners
                targets += [t for t in c.subtree if t not in owners]
            elif c.dep_ == "prep" and c.lower_ in self.target_preps:
                if c.lower_ == "with" and any(t.lower_ in self.joint_adverbs for t in c.lefts):
                    actors += [t for g in c.children for t in g.subtree]
                else:
                    targets += [t for g in c.children for t in g.subtree]
            elif c.dep_ == "advmod" and c.lower_ in self.joint_adverbs:
                actors += [t for p in c.children for g in p.children for t in g.subtree]
        if anchor is not head:
            for c in anchor.children:
                if c.dep_ in OBJECT_DEPS:
                    targets += list(c.subtree)
        return actors, targets, negated, lends_subject

    def pluperfect(self, verb: Token) -> bool:
        """'had struck': before the time the report tells of, so not an act of its day."""
        return any(c.dep_ == "aux" and c.lower_ in self.perfect_aux for c in verb.children)

    @staticmethod
    def in_relative_clause(anchor: Token) -> bool:
        tok, steps = anchor, 0
        while steps < 8:
            if tok.dep_ == "relcl":
                return True
            if tok.head.i == tok.i:
                return False
            tok, steps = tok.head, steps + 1
        return False

    @staticmethod
    def describes(noun: Token, verb: Token) -> bool:
        """Whether one of two cues of a type only names the act of the other: a noun hanging on the verb through
        a preposition ("each released 390 people in the first stage of the exchange"), as its object ("signed a
        final ceasefire agreement", "the agreement was signed") or as its subject ("Israeli strikes killed 19
        people") is one act. (Sibling cues in a list stay apart.)"""
        for n, v in ((noun, verb), (verb, noun)):
            if n.dep_ not in NOMINAL_DEPS:
                continue
            if n.head.i == v.i and n.dep_ in ("dobj", "nsubjpass", "nsubj") and v.dep_ not in NOMINAL_DEPS:
                return True
            tok, via_prep, steps = n, False, 0
            while tok.head.i != tok.i and steps < 6:
                via_prep = via_prep or tok.dep_ in ("prep", "pobj")
                tok, steps = tok.head, steps + 1
                if tok.i == v.i:
                    if via_prep:
                        return True
                    break
        return False

    def is_negation(self, tok: Token) -> bool:
        """"not", "never", and a contraction ending in "n't" that the tokenizer left whole ("WON’T")."""
        return tok.lower_ in self.negations or tok.lower_.endswith(self.negation_suffixes)

    def has_negation(self, verb: Token) -> bool:
        """A negation on the verb, or right before it where the parse missed it ("WON’T ACCEPT" in a headline)."""
        if any(c.dep_ == "neg" for c in verb.children):
            return True
        return verb.dep_ not in NOMINAL_DEPS and verb.i > 0 and self.is_negation(verb.doc[verb.i - 1])

    def owned_request(self, noun: Token) -> bool:
        """A request noun with its maker named before it ("a U.S. proposal", "Trump's plan"), not negated."""
        return noun.dep_ in NOMINAL_DEPS and not self.has_negation(noun) and any(
            c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.text[:1].isupper()) for c in noun.children
            if c.i < noun.i)

    def refuses(self, verb: Token) -> bool:
        """A negated verb of acceptance stated of its subject: "his country won't accept Nato troops". Not in a
        condition ("if they do not accept") nor wanted of someone else ("urged Kyiv not to accept")."""
        if verb.dep_ in NOMINAL_DEPS or verb.lower_ not in self.refusal:
            return False
        if not self.has_negation(verb):
            return False
        if any(c.dep_ == "mark" and c.lower_ in self.condition_marks for c in verb.children):
            return False
        return verb.dep_ not in ("xcomp", "advcl", "relcl", "acl")

    def conditioned(self, anchor: Token) -> Token | None:
        """The verb of the main clause when the act at `anchor` is the consequence of a condition ("will
        tighten sanctions against Russia if this fails", "announced the strengthening of sanctions if the
        proposal is rejected"), else None. The act inside the if-clause itself is no consequence."""
        tok, steps = anchor, 0
        while steps < 6:
            for c in tok.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.condition_marks
                                             for m in c.children) and not (c.left_edge.i <= anchor.i <= c.right_edge.i):
                    return tok
            if tok.dep_ == "advcl" or tok.head is tok:
                return None
            tok, steps = tok.head, steps + 1
        return None

    def hypothetical(self, verb: Token) -> bool:
        """A verb under would/could/might, in an if-clause, or governed by an intent ("ready to host",
        "wants to meet") tells what has not happened; so does a headline's bare infinitive ("Russia, Ukraine
        to start talks")."""
        if any(c.dep_ == "aux" and c.lower_ in self.hypothetical_aux for c in verb.children):
            return True
        if verb.dep_ in ("ROOT", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return True
        # "demanded that Ukraine halt mobilization": what a request's clause asks for is not done.
        v = verb
        while v.dep_ == "conj" and v.head is not v:
            v = v.head
        if v.dep_ == "ccomp" and self.cue_type.get(v.head.lower_) == "request":
            return True
        # Up a chain of infinitives to what governs it: "agreed to appoint teams to start negotiating".
        v, steps = verb, 0
        while v.dep_ in ("xcomp", "advcl", "conj") and v.head is not v and steps < 4:
            if v.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
                break
            if v.dep_ != "conj" and (v.head.lower_ in self.intent | self.cessation
                                     or self.cue_type.get(v.head.lower_) == "request"):
                return True  # "asked Russia to return the children": asked for, not done
            v, steps = v.head, steps + 1
        return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.condition_marks for c in verb.children)

    # --- assembly ---------------------------------------------------------------------------------

    def find(self, doc: Doc) -> tuple[list[Event], list[DateExpr | None]]:
        sents, by_sent = self.cue_sentences(doc)
        parsed = self.parser.parse(sents) if sents else []
        keep_parses(doc, sents, parsed)
        return self.assemble(doc, sents, by_sent, parsed)

    def cue_sentences(self, doc: Doc) -> tuple[list[Span], dict[int, list[Cue]]]:
        """The sentences worth parsing: a cue and someone who could act in them."""
        ctx = context(doc)
        cues = self.cues(doc, ctx)
        sents: list[Span] = []
        by_sent: dict[int, list[Cue]] = {}
        parties: dict[int, int] = {}
        for c in cues:
            sent = sentences(doc).of(c.start)
            if sent.start not in parties:
                # Who could take part: actors named, and pronouns that may stand for one.
                named = {m.ref for m in ctx.mentions_in(sent.start, sent.end)}
                lows = {w.lower() for w in doc_words(doc)[sent.start:sent.end]}
                # "we" in a quotation is its speaker and the speaker's country; "they" stands for several.
                pronouns = 2 if lows & (self.first_plural | self.third_plural) else int(bool(lows & (self.first_singular | self.third)))
                sides = 2 if self.sides_in(ctx, sent) else 0  # "the two sides"
                # "the group", "the army": a party named before.
                anaphors = len(lows & (self.group_nouns | self.force_nouns))
                parties[sent.start] = len(named) + pronouns + sides + anaphors
            if c.type == REFUSAL and not any(self.is_negation(t) for t in sent):
                continue  # "does not recognise": an act only when negated, so not worth parsing otherwise
            # A dyadic act needs two parties (or it is dropped after parsing anyway); others, and acts a verb
            # may state of its subject alone ("Moscow rejected the plan"), need one.
            alone = c.type in self.alone or c.text_lower(doc) in self.refusal
            if parties[sent.start] < (2 if c.type in self.dyadic and not c.join and not alone else 1):
                continue
            if sent.start not in by_sent:
                sents.append(sent)
                by_sent[sent.start] = []
            by_sent[sent.start].append(c)
        return sents, by_sent

    def assemble(self, doc: Doc, sents: list[Span], by_sent: dict[int, list[Cue]], parsed: list[Doc]
                 ) -> tuple[list[Event], list[DateExpr | None]]:
        if not sents:
            return [], []
        ctx = context(doc)
        quotes = list(doc._.parley_quotes or [])
        roles = list(doc._.parley_roles or [])
        persons = [(doc[m.start].idx, m.ref) for m in ctx.mentions if m.kind == "person"
                   and not any(q.span.start <= doc[m.start].idx < q.span.end for q in quotes)]
        events: list[Event] = []
        dates: list[DateExpr | None] = []
        # An act told again in another sentence is the same act; two cues of one type in one sentence are two
        # acts ("ramping up its efforts: increasing troop numbers, ... accelerating weapons production").
        seen: dict[tuple, tuple[int, str, Token]] = {}
        consumed: set[int] = set()  # cue starts that are the object of a "join" cue
        headline_end = self.headline_end(doc)
        for sent, pdoc in zip(sents, parsed, strict=True):
            offset = sent.start
            pron = self.pronoun_refs(doc, ctx, sent, quotes, persons)
            place, place_toks = self.place(doc, ctx, sent)
            stext = span_text(sent)
            sent_date = find_date(stext)
            for cue in by_sent[sent.start]:
                if cue.start in consumed:
                    continue
                if cue.join:
                    # "took part in the meeting": the meeting is the one already told, not a new event.
                    consumed.update(c.start for c in by_sent[sent.start] if cue.end <= c.start <= cue.end + 3)
                cue_text = doc[cue.start:cue.end].text.lower()
                ptoks = pdoc[cue.start - offset:cue.end - offset]
                anchor = ptoks.root
                a_toks, t_toks, negated, lends_subject = self.arguments(anchor, cue.type in self.of_acts,
                                                                        cue.type in self.object_typed,
                                                                        cue.type in self.witnessed, ptoks)
                if negated and cue.type == "request" and self.owned_request(anchor):
                    negated = False  # "ready to support a U.S. proposal": the proposal is made, whatever Kyiv does
                refused = negated and self.refuses(anchor)
                clause = self.conditioned(anchor) if cue.type in self.threat_types | {CONDITIONAL} else None
                if refused:
                    negated = False
                elif clause is not None:
                    # "will tighten sanctions against Russia if this fails": a threat by the clause's subject.
                    a_toks = self.subject_of(clause)[0]
                    lends_subject = negated = False
                elif negated or cue.type in (CONDITIONAL, REFUSAL):
                    continue
                cue_toks = set(range(cue.start, cue.end))
                if cue.agent is not None:
                    a_toks, t_toks = [pdoc[cue.agent - offset]], [t for t in t_toks if t.i + offset != cue.agent]
                if cue.type == "consult" and anchor.dep_ not in NOMINAL_DEPS:
                    t_toks = self.counterparts(anchor, t_toks)
                actors = [r for r in self.refs_in([t for t in a_toks if t.i + offset not in cue_toks], offset,
                                                  ctx, pron)]
                targets = [r for r in self.refs_in([t for t in t_toks if t.i + offset not in place_toks
                                                    and t.i + offset not in cue_toks], offset, ctx, pron)
                           if r not in actors]
                if not actors and anchor.lower_ in self.agent_nouns:
                    actors = self.named_after(doc, ctx, cue.end, sent.end)
                if cue.type == "consult" and not actors and not a_toks and anchor.dep_ in ("nsubj", "nsubjpass"):
                    # "The larger meeting has begun with Starmer, Macron and Merz": its subject is the meeting
                    # itself, and those it is held with are its parties.
                    held_with = [t for c in [*anchor.children, *anchor.head.children] if c.dep_ == "prep"
                                 and c.lower_ == "with" for g in c.children for t in g.subtree]
                    parties = [r for r in self.refs_in(held_with, offset, ctx, pron) if r in targets]
                    if len(parties) >= 2:
                        actors, targets = parties, [r for r in targets if r not in parties]
                if not actors and not a_toks and (cue.join or lends_subject):
                    # The parse found no subject: guess it from the sentence's start, unless the cue is a
                    # noun whose verb does not lend its subject ("Zelensky condemned the strike").
                    actors = self.leading_mentions(doc, ctx, sent, cue.start)
                if cue.join:
                    last = next((e for e in reversed(events) if e.type == cue.type), None)
                    if last is not None and actors:
                        last.actors += [r for r in actors if r not in last.actors and r not in last.targets]
                        continue
                if cue.type == "consult" and anchor.dep_ not in NOMINAL_DEPS and any(
                        c.lower_ in self.not_consult_objects for c in anchor.children if c.dep_ == "dobj") or any(
                        g.lower_ in self.not_consult_objects for c in anchor.children if c.dep_ == "prep"
                        and c.lower_ in self.target_preps for g in c.children if g.dep_ == "pobj"):
                    continue  # "visited prisoners of war on both sides", "talking to the press": no meeting
                if anchor.dep_ not in NOMINAL_DEPS and any(c.dep_ == "oprd" for c in anchor.children):
                    continue  # "called Putin's words another attempt": naming something, not phoning anyone
                if anchor.i == 0 and anchor.dep_ in ("advcl", "acl", "ROOT") and anchor.lower_.endswith("ed") \
                        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in anchor.children):
                    continue  # "Asked whether ..., Peskov said": he was asked; he asked nobody
                etype = "reject" if refused else "threaten" if clause is not None else (
                    (self.type_for_object(anchor, cue.type == TRANSFER) if cue.type in self.object_typed else None)
                    or cue.type)
                if etype == "concede" and anchor.dep_ in NOMINAL_DEPS and actors \
                        and all(ctx.kind(r) == "person" for r in actors) \
                        and any(c.dep_ == "prep" and c.lower_ == "between"
                                for c in [*anchor.children, *anchor.head.children]):
                    etype = "consult"  # "an exchange between Trump and Macron" is a conversation, not a swap
                if etype in (TRANSFER, NO_EVENT):
                    continue  # handed over something no object type names; released a statement
                if etype == "concede":
                    # "Romi Gonen and Emily Damari were released by Hamas": the people set free are what is
                    # conceded; whom it is conceded to is a party (found below when unnamed).
                    targets = [r for r in targets if ctx.kind(r) != "person"]
                if cue_text in self.travel and not any(c.dep_ in OBJECT_DEPS for c in anchor.children) and any(
                        (c.dep_ == "prep" and c.lower_ in self.travel_preps) or c.lower_ in self.travel_preps
                        for c in anchor.children):
                    continue  # "on his return to Yerevan", "returned home": a journey, not a concession
                if cue_text in self.office_verbs and any(
                        ctx.kind(r) == "organization" for c in anchor.children if c.dep_ == "dobj"
                        for r in self.refs_in(list(c.subtree), offset, ctx, pron)):
                    continue  # "who chairs the OSCE this year": an office, not a meeting
                # An actor never acts on the country it speaks for ("Putin said ... for Russia").
                own = {self.country_of(ctx, a) for a in actors if ctx.kind(a) == "person"}
                targets = [r for r in targets if r not in own]
                if not targets and actors and (cue.text_lower(doc) in self.between_sides
                                               or anchor.lower_ in self.between_sides):
                    targets = [r for r in self.two_sides(ctx) if r not in actors
                               and r != self.country_of(ctx, actors[0])]
                if etype in self.complement_targets and not targets and actors and anchor.dep_ not in NOMINAL_DEPS:
                    # "warned that there will be a response if India launches strikes", "urged Israel and
                    # Hamas to ...": whom the clause it governs names.
                    governed = [t for c in anchor.children if c.dep_ in ("ccomp", "xcomp", "advcl", "dobj")
                                for t in c.subtree if t.i + offset not in cue_toks]
                    targets = [r for r in self.refs_in(governed, offset, ctx, pron) if r not in actors]
                if (cue_text in self.toward_both_sides or (etype == "request" and cue.type != "request")) \
                        and not targets and actors:
                    # "a U.S. proposal for a ceasefire", "the EU called for restraint", "the White House
                    # released its plan" (typed by its object): a third party asks the report's two sides (a
                    # side's own request names whom it asks, or is dropped).
                    both = self.two_sides(ctx)
                    own = {*actors, *(self.country_of(ctx, a) for a in actors)}
                    if len(both) == 2 and not own & set(both):
                        targets = list(both)
                if etype in self.toward_other_side and not targets and actors:
                    # "the RSF declared a truce", "Hamas released the hostages": towards the other side.
                    sides = self.two_sides(ctx)
                    mine = [r for r in sides if r in actors or r in {self.country_of(ctx, a) for a in actors}]
                    if len(sides) == 2 and len(mine) == 1:
                        targets = [r for r in sides if r not in mine]
                    elif len(sides) == 2 and not mine and cue.type == TRANSFER:
                        continue  # "Trump announced the truce": a third party tells of the sides' concession
                if etype in self.answers and not targets and actors:
                    # "Russia has repeatedly rejected the proposal": whoever the report says proposed it.
                    targets = self.proposers(anchor, events, actors)
                # "We have agreed ...": an agreement of the speaker's side implies the other side.
                agreed_by_side = etype == "agree" and len(actors) >= 2
                # Some acts stand alone when a verb states them of its own subject: "Kyiv has agreed to halt
                # hostilities", "Moscow rejected the plan" (the counterpart is often left unsaid).
                alone = etype in self.alone and bool(a_toks) and (anchor.dep_ not in NOMINAL_DEPS or any(
                    c.dep_ == "poss" for c in anchor.children))  # "Putin's rejection of peace talks"
                if not actors or (etype in self.dyadic and not targets and not self.joint(ctx, actors)
                                  and not agreed_by_side and not alone):
                    continue
                key = (etype, frozenset(actors), frozenset(targets))
                if key in seen and (seen[key][0] != sent.start or seen[key][1] == cue_text
                                    or self.describes(anchor, seen[key][2])):
                    continue
                seen[key] = (sent.start, cue_text, anchor)
                # (The headline is no earlier telling: the body tells its acts in full.)
                if etype in self.retold and self.told_before(ctx, [(e, d) for e, d in zip(events, dates, strict=True)
                                                                  if headline_end <= e.span.sent_start < sent.start_char],
                                                             etype, actors, targets, sent_date, anchor):
                    continue
                # A person or body acts for its country: "Thai acting Prime Minister X met ..." is Thailand's
                # act too.
                actors = self.with_countries(ctx, roles, actors, targets)
                targets = self.with_countries(ctx, roles, targets, actors)
                span = ctx.char_span(doc[cue.start:cue.end])
                # A relative clause tells background about its noun ("Svyrydenko, who as economy minister
                # negotiated ...", "the HQ, which organises exchanges"), and "in recent weeks" a span: neither is
                # an act of the report's day.
                background = (self.in_relative_clause(anchor) or bool(self.span_phrase.search(stext))
                              or self.pluperfect(head_verb(anchor)))
                events.append(Event(etype, actors, targets, "@published" if sent_date is None and not background
                                    and not self.mentions_year(stext) else None, place,
                                    doc[cue.start:cue.end].text, span))
                dates.append(sent_date)
        return self.without_retold_headline(headline_end, events, dates)

    @staticmethod
    def headline_end(doc: Doc) -> int:
        """Where the report's headline ends (a character offset): a short first line without a full stop.
        0 when it has none."""
        if not len(doc):
            return 0
        first = sentences(doc).of(0)
        text = first.text.rstrip()
        ends_line = "\n" in doc_text(doc)[first.start_char + len(text):first.end_char + 1]
        if not text or text[-1] in ".!?" or not ends_line or sum(t.is_alpha for t in first) > HEADLINE_WORDS:
            return 0
        return first.end_char

    @staticmethod
    def without_retold_headline(end: int, events: list[Event], dates: list[DateExpr | None]
                                ) -> tuple[list[Event], list[DateExpr | None]]:
        """The headline's acts that the body tells again, dropped: "Russia won't accept Nato troops, Lavrov
        says" over "Lavrov said his country won't accept peacekeeping forces" is one rejection (the body's act
        names every actor of the headline's)."""
        body = [e for e in events if e.span.sent_start >= end]
        keep = [i for i, e in enumerate(events) if e.span.sent_start >= end or not any(
            b.type == e.type and set(e.actors) <= {*b.actors, *b.targets} for b in body)]
        return [events[i] for i in keep], [dates[i] for i in keep]

    def proposers(self, verb: Token, events: list[Event], actors: list[int]) -> list[int]:
        """For an answer to "the proposal" (a definite request the verb's object names without saying whose):
        the actors of the last request the report told before."""
        if verb.dep_ in NOMINAL_DEPS:
            return []
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in self.answered
                   and any(d.dep_ == "det" and d.lower_ in self.definite for d in c.children)
                   and not any(d.dep_ in ("poss", "compound", "amod") for d in c.children)]
        if not objects:
            return []
        last = next((e for e in reversed(events) if e.type == "request"), None)
        return [r for r in last.actors if r not in actors] if last is not None else []

    def counterparts(self, verb: Token, t_toks: list[Token]) -> list[Token]:
        """The target tokens of a verb of talks without those inside an act it takes as object: in "negotiate
        the release of Marc Fogel" who is released is no counterpart (but "negotiated the agreement with
        Washington": a with/to phrase on that object names one)."""
        inner: set[int] = set()
        for obj in verb.children:
            if obj.dep_ == "dobj" and obj.lower_ in self.cue_type:
                named = {t.i for p in obj.children if p.dep_ == "prep" and p.lower_ in self.target_preps
                         for t in p.subtree}
                inner |= {t.i for t in obj.subtree} - named
        return [t for t in t_toks if t.i not in inner]

    def told_before(self, ctx: DocContext, earlier: list[tuple[Event, DateExpr | None]], etype: str,
                    actors: list[int], targets: list[int], date: DateExpr | None, anchor: Token) -> bool:
        """Whether this act is one the report has already told: two of its people again and nobody new ("Putin
        described his conversation with Trump", "Putin and Trump discussed a prisoner exchange" after "the
        conversation between Trump and Putin"), or a definite noun for it ("during the conversation") among
        its parties, in an earlier sentence. An act on another stated date is another act."""
        refs = {*actors, *targets}
        people = {r for r in refs if ctx.kind(r) == "person"}
        definite = anchor.dep_ in NOMINAL_DEPS and any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in self.definite) for c in anchor.children)
        for event, when in earlier:
            if event.type != etype or (date is not None and when is not None and date != when):
                continue
            told = set(event.actors) | set(event.targets)
            # Someone new, or a new actor, makes it another act ("an exchange between Trump, Zelensky, Starmer
            # and Macron", "thanked the mediators from Qatar" after "Israel and Hamas resumed talks").
            if len(people & told) < 2 and not definite or not people <= told or not set(actors) <= told:
                continue
            if len(refs & told) >= 2:
                return True
        return False

    def with_countries(self, ctx: DocContext, roles: list, refs: list[int], others: list[int]) -> list[int]:
        """`refs` and the countries their people and bodies act for, unless already on the other side."""
        out = list(refs)
        for r in refs:
            country = ctx.actor_country(r, roles, self.lex)
            if country is not None and country not in out and country not in others:
                out.append(country)
        return out

    def leading_mentions(self, doc: Doc, ctx: DocContext, sent: Span, cue_start: int) -> list[int]:
        """When the parse finds no subject (long lists, dashes), the people and countries a sentence opens
        with, up to the cue, are its subject: "Deputy Minister A, General B — and C — also took part"."""
        mentions = [m for m in ctx.mentions_in(sent.start, cue_start) if m.kind in ("person", "country")]
        if not mentions or mentions[0].start - sent.start > 3:
            return []
        # "A and B noted that Russia is ramping up ...: increasing troop numbers": those who report the act
        # are not its actors; whoever the reported clause names after the speech verb is.
        speech = [t.i for t in doc[mentions[0].end:cue_start] if t.lower_ in self.speech_verbs]
        if speech:
            return list(dict.fromkeys(m.ref for m in mentions if m.start > speech[-1]))
        return list(dict.fromkeys(m.ref for m in mentions if not (
            m.kind == "country" and self.title_of_person(m.start, ctx))))

    def type_for_object(self, anchor: Token, transfer: bool = False) -> str | None:
        """The type the cue's direct object decides, if any ("exchanged proposals" -> consult)."""
        verb = anchor if anchor.dep_ not in NOMINAL_DEPS else anchor.head
        # "statements released by both governments": the noun a participle modifies is its object.
        objects = [verb.head] if verb.dep_ == "acl" and verb.tag_ != "VBG" else []
        for c in [*objects, *verb.children]:
            if c.dep_ not in ("dobj", "dative") and c not in objects:
                continue
            if c.lower_ in self.type_by_object:
                return self.type_by_object[c.lower_]
            if transfer and c.lower_ in self.type_by_transfer_object:
                return self.type_by_transfer_object[c.lower_]
        return None

    def joint(self, ctx: DocContext, actors: list[int]) -> bool:
        """Two or more parties acting together ("Ukraine and Russia held talks", "Israel and Hamas resumed
        talks"): two countries, two people, or two parties of which neither acts for the other."""
        kinds = [ctx.kind(a) for a in actors]
        if kinds.count("country") >= 2 or kinds.count("person") >= 2:
            return True
        sides = {self.country_of(ctx, a) or a if ctx.kind(a) != "country" else a for a in actors}
        return len(sides) >= 2 and any(k == "organization" for k in kinds)

    @staticmethod
    def mentions_year(text: str) -> bool:
        import re

        return bool(re.search(r"\b(19|20)\d\d\b", text))

    def place(self, doc: Doc, ctx: DocContext, sent: Span) -> tuple[str | None, set[int]]:
        """A named place the sentence puts the event in: "in Istanbul", "visiting Kyiv"."""
        # The sentence's own entities, not `doc.ents`: that builds every entity of the report on each call,
        # which made a 40,000-character report with 800 events spend 5 of its 9 s here.
        for ent in sentence_ents(doc, sent):
            if ent.start < sent.start or ent.end > sent.end or ent.label_ not in ("GPE", "LOC", "FAC", "ORG",
                                                                                  "PERSON"):
                continue
            if ent.start == 0 or doc[ent.start - 1].lower_ not in self.place_preps:
                continue
            text = ent.text
            if text in self.country_aliases or text.startswith("the "):
                continue
            ref = ctx.token_ref.get(ent.start)
            if ref is not None and ctx.kind(ref) in ("person", "organization"):
                continue
            return text, set(range(ent.start, ent.end))
        return None, set()

    def two_sides(self, ctx: DocContext) -> list[int]:
        """The report's two most-named parties: the sides of the conflict or talks it tells of.

        Parties are countries and armed groups or movements (organizations.toml's `armed_group`, or a body
        the registry does not know and no country owns). Where an armed group fights inside its own country
        (the RSF in Sudan), that country's national forces are the other party in the country's place. A
        mediator or host named as such ("Omani mediators", "hosted by Malaysia") is no side, unless that leaves
        fewer than two."""
        if "two_sides" in ctx.memo:
            return ctx.memo["two_sides"]

        def category(a) -> str | None:
            entry = self.lex.by_id.get(a.registry_id or "")
            return entry.category if entry is not None else None

        def home(a) -> str | None:
            entry = self.lex.by_id.get(a.registry_id or "")
            return a.country or (entry.country if entry is not None else None)

        armed = [a for a in ctx.actors if a.kind == "organization" and category(a) == "armed_group"]
        fought_in = {home(a) for a in armed} - {None}
        national = {home(a): a for a in ctx.actors if a.kind == "organization" and category(a) == "national"
                    and home(a) in fought_in and self.armed_forces(a.name)}
        weight = {a.ref: len(a.mentions) for a in ctx.actors}
        if national:
            # "the army", "the military" speak of the national forces too.
            anaphors = sum(1 for t in ctx.doc if t.lower_ in self.force_nouns and t.i not in ctx.token_ref)
            for body in national.values():
                weight[body.ref] += anaphors
        standing_in = set()
        candidates = []
        for a in ctx.actors:
            if a.kind == "country":
                forces = national.get(a.registry_id)
                if forces is not None and weight[forces.ref] >= weight[a.ref]:
                    standing_in.add(forces.ref)
                    continue  # its national forces stand in for it against the armed group
                candidates.append(a)
            elif a.kind == "organization" and (
                    category(a) == "armed_group" or (a.registry_id is None and a.country is None)):
                candidates.append(a)
        candidates += [a for a in national.values() if a.ref in standing_in]
        ranked = sorted(candidates, key=lambda a: -weight[a.ref])
        mediators = {m.ref for m in ctx.mentions if self.mediates(ctx.doc, m.start, m.end)}
        sides = [a.ref for a in ranked if a.ref not in mediators]
        if len(sides) < 2:
            sides = [a.ref for a in ranked]
        out = sides[:2] if len(sides) >= 2 else []
        ctx.memo["two_sides"] = out
        return out

    def armed_forces(self, name: str) -> bool:
        low = name.lower()
        return any(w in low for w in self.force_names)

    def sides_in(self, ctx: DocContext, sent: Span) -> list[tuple[int, int]]:
        """(start, end) of the phrases in a sentence that stand for the report's two sides, longest where they
        overlap. Matched per sentence, and only in the sentences asked about (those with a cue)."""
        memo = ctx.memo.setdefault("sides_in", {})
        if sent.start not in memo:
            # A Matcher gives a span's matches from the span's start, a PhraseMatcher from the doc's.
            found = {(sent.start + s, sent.start + e) for _, s, e in self.sides_matcher(sent)}
            found.update((s, e) for _, s, e in self.sides_phrases(sent))
            spans = sorted(found, key=lambda se: (se[0], -se[1]))
            out: list[tuple[int, int]] = []
            for s, e in spans:
                if not out or s >= out[-1][1]:
                    out.append((s, e))
            memo[sent.start] = out
        return memo[sent.start]

    def named_after(self, doc: Doc, ctx: DocContext, k: int, end: int) -> list[int]:
        """Who "mediators from A and B" names, read off the text where the parse hung the phrase elsewhere."""
        if k >= end or doc[k].lower_ not in self.subject_preps:
            return []
        out: list[int] = []
        k += 1
        while k < end:
            ref = ctx.token_ref.get(k)
            if ref is not None:
                if ref not in out:
                    out.append(ref)
            elif doc[k].text == "," and not (k + 1 < end and ctx.token_ref.get(k + 1) is not None):
                break  # "from Qatar, Egypt and Turkey" goes on; ", and Hamas said" does not
            elif doc[k].lower_ not in self.coordinators | self.anaphoric and doc[k].text != ",":
                break
            k += 1
        return out

    def mediates(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the mention doc[start:end] is named as mediator or host: "Omani mediators", "Turkey
        hosted", "US-brokered", "hosted by Malaysia", "brokered by the United States"."""
        j = end + 1 if end < len(doc) and doc[end].text in ("-", "'s", "’s") else end
        if j < len(doc) and doc[j].lower_ in self.between_sides:
            return True
        i = start - 1
        if i >= 0 and doc[i].lower_ in self.anaphoric:
            i -= 1
        return i >= 1 and doc[i].lower_ == "by" and doc[i - 1].lower_ in self.between_sides

    def pronoun_refs(self, doc: Doc, ctx: DocContext, sent: Span, quotes: list, persons: list[tuple[int, int]]
                     ) -> dict[int, list[int]]:
        """Token index -> actors for the pronouns of one sentence ("he", "we" in a quote, "both sides")."""
        out: dict[int, list[int]] = {}
        sides = self.two_sides(ctx)
        if sides:
            for _, end in self.sides_in(ctx, sent):
                out[end - 1] = sides  # the head noun ("sides") stands for both
        words = doc_words(doc)
        for i in range(sent.start, sent.end):
            low = words[i].lower()
            if low not in self.referring:
                continue
            tok = doc[i]
            if low in self.group_nouns and tok.i > 0 and doc[tok.i - 1].lower_ in self.anaphoric \
                    and tok.i not in ctx.token_ref:
                # "the group agreed to stop": the last armed group or movement named before.
                groups = [m.ref for m in ctx.mentions if m.kind == "organization" and m.end <= tok.i
                          and ctx.actors[m.ref].country is None]
                if groups:
                    out[tok.i] = [groups[-1]]
                continue
            if low in self.force_nouns and tok.i > 0 and doc[tok.i - 1].lower_ in self.anaphoric \
                    and tok.i not in ctx.token_ref:
                # "the army blocked aid": the national armed forces named before ("the Sudanese Armed Forces").
                forces = [m.ref for m in ctx.mentions if m.kind == "organization" and m.end <= tok.i
                          and self.armed_forces(ctx.actors[m.ref].name)]
                if forces:
                    out[tok.i] = [forces[-1]]
                continue
            if low in self.neuter and tok.i not in ctx.token_ref and not any(
                    q.span.start <= tok.idx < q.span.end for q in quotes):
                bodies = [m.ref for m in ctx.mentions_in(sent.start, tok.i) if m.kind in ("country", "organization")]
                if bodies:
                    out[tok.i] = [bodies[-1]]
                continue
            if low in self.third_plural and not any(q.span.start <= tok.idx < q.span.end for q in quotes):
                # "Russia and the US said they had agreed": the parties named before the verb that reports it.
                before = [m for m in ctx.mentions_in(sent.start, tok.i) if m.kind != "person"
                          or ctx.token_ref.get(m.start) == m.ref]
                subjects = list(dict.fromkeys(m.ref for m in before))
                # "Islamabad and New Delhi had hinted ..., but they continued": two parties joined by "and"
                # open the sentence.
                joined = len(before) >= 2 and before[0].start - sent.start <= 2 and any(
                    doc[j].lower_ in self.coordinators for j in range(before[0].end, before[1].start))
                if len(subjects) >= 2 and (joined or any(doc[j].lower_ in self.speech_verbs
                                                         for j in range(before[-1].end, tok.i))):
                    out[tok.i] = subjects[:2] if joined else subjects
                continue
            if low not in self.first_plural | self.first_singular | self.third:
                continue
            quote = next((q for q in quotes if q.span.start <= tok.idx < q.span.end), None)
            if quote is not None and low in self.first_plural | self.first_singular:
                refs = [quote.speaker]
                country = self.country_of(ctx, quote.speaker)
                if low in self.first_plural and country is not None:
                    refs.append(country)
                out[tok.i] = refs
            elif quote is None and low in self.third:
                found = ctx.salient_person(persons, tok.idx)
                if found is not None:
                    out[tok.i] = [found]
        return out

    def country_of(self, ctx: DocContext, person: int) -> int | None:
        return ctx.registry_country(person, self.lex)


@Language.factory("parley_events", assigns=["doc._.parley_events", "doc._.parley_event_dates"],
                  requires=["doc._.parley_actors", "doc._.parley_roles", "doc._.parley_quotes"],
                  default_config={"data_dir": None})
def make_event_component(nlp: Language, name: str, data_dir: str | None) -> EventComponent:
    """`data_dir`: a folder of data files (cues.toml, grammar.toml, ...) to read instead of the default ones."""
    return EventComponent(nlp, load_lexicon(data_dir))


class EventComponent:
    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.finder = EventFinder(nlp, lexicon)

    def __call__(self, doc: Doc) -> Doc:
        events, dates = self.finder.find(doc)
        doc._.parley_events = events
        doc._.parley_event_dates = dates
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Parse the cue sentences of a whole batch of reports together: one model call per batch
        instead of one per report (thinc's per-call overhead dominated short reports)."""
        for batch in minibatch(stream, size=batch_size):
            prepared = [(doc, *self.finder.cue_sentences(doc)) for doc in batch]
            flat = [sent for _, sents, _ in prepared for sent in sents]
            parsed = iter(self.finder.parser.parse(flat) if flat else [])
            for doc, sents, by_sent in prepared:
                mine = [next(parsed) for _ in sents]
                keep_parses(doc, sents, mine)
                events, dates = self.finder.assemble(doc, sents, by_sent, mine)
                doc._.parley_events = events
                doc._.parley_event_dates = dates
                yield doc


def head_verb(anchor: Token) -> Token:
    """The verb a cue is or hangs on (a noun climbs through objects and prepositions)."""
    tok, steps = anchor, 0
    while tok.dep_ in NOMINAL_DEPS | {"prep"} and tok.head.i != tok.i and steps < 4:
        tok, steps = tok.head, steps + 1
    return tok


def sentence_ents(doc: Doc, sent: Span) -> Iterator[Span]:
    """The entities that start inside `sent`, in order, read from its tokens alone."""
    iob = doc_array(doc, ENT_IOB)  # 3 "B", 1 "I"
    i = sent.start
    while i < sent.end:
        if iob[i] == 3:
            j = i + 1
            while j < len(doc) and iob[j] == 1:
                j += 1
            yield Span(doc, i, j, label=doc[i].ent_type_)
            i = j
        else:
            i += 1
