"""Actor spans: the people, organizations and countries a report names, grouped into local actors.

NER from the small English model is one signal among several, and a weak one for Slavic names (it tags
"Kyiv" as a person and "Skibitskyi" as a place). The component combines:

1. countries by lexicon: names, demonyms ("Ukrainian") and metonyms ("the Kremlin", "Moscow insists");
2. organizations: registry aliases, capitalized phrases headed by an organization word ("Main Intelligence
   Directorate of the Ministry of Defense", and the Ministry nested in it), NER ORG spans that look like
   names, and acronyms the registry knows or the text defines;
3. people: NER PERSON spans with titles and honorifics split off, capitalized names that follow a title
   ("Deputy Chief of General Staff Oleksiy Shevchenko"), and any token that repeats the surname of a person
   found in the report or in the registry, whatever label NER gave it.

Mentions then group into local actors: a surname alone binds to the full name seen in the report, two
full names with the same surname and different given names stay apart, and an acronym binds to the long
form whose initials it spells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from parley.extract.context import doc_text, doc_words, sentences
from parley.extract.headline_case import in_caps_line
from parley.grammar import load_grammar
from parley.lexicon import Lexicon, load_lexicon, org_key
from parley.models import LocalActor, Mention
from parley.models import Span as CharSpan
from parley.names import given_names_compatible, initials, name_words, word_key

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,6}$")
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*$")

# Priority when candidate spans overlap: the more specific evidence wins.
PRIORITY_REGISTRY_ORG = 50
PRIORITY_ORG_PHRASE = 40
PRIORITY_PERSON = 30
PRIORITY_COUNTRY = 20
PRIORITY_NER_ORG = 10


@dataclass(slots=True)
class Candidate:
    start: int  # token index
    end: int
    kind: str  # person | organization | country
    priority: int
    country: str | None = None  # for a country span: its id; for an org: the country it belongs to
    registry: str | None = None
    name_start: int | None = None  # where the name starts if the mention opens with a demonym ("Egyptian ...")
    venue: bool = False  # a country named as the place where something happens ("talks in Saudi Arabia")

    @property
    def length(self) -> int:
        return self.end - self.start


def is_name_token(tok: Token) -> bool:
    return is_name_word(tok.text)


def is_name_word(text: str) -> bool:
    return bool(_NAME_WORD.match(text)) and text.lower() not in load_grammar().words("name_connectors")


def name_end(doc: Doc, k: int, particles: frozenset[str]) -> int:
    """Where a name that has a name word at k goes on to: particles and hyphens inside a name ("Ursula von
    der Leyen", "Abdel Fattah el-Sisi", "Tamim bin Hamad Al Thani") join the name words around them."""
    end = k + 1
    while end < len(doc):
        j = end
        while j < len(doc) and j - end < 3 and (doc[j].lower_ in particles or
                                                 (doc[j].text == "-" and not doc[j - 1].whitespace_)):
            j += 1
        if j == end or j >= len(doc) or not is_name_token(doc[j]) or not doc[j].is_alpha:
            break
        end = j + 1
    return end


def blocked(tok: Token, masked: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in masked)


def alias_variants(alias: str) -> set[str]:
    """Spellings of one alias as reports write it: apostrophes, British/American forms."""
    out = {alias, alias.replace("'", "’"), alias.replace("’", "'")}
    for a, b in (("Defense", "Defence"), ("defense", "defence"), ("Cooperation", "Co-operation"),
                 ("cooperation", "co-operation")):
        out |= {v.replace(a, b) for v in out} | {v.replace(b, a) for v in out}
    return out


class ActorFinder:
    """Find actor spans in one Doc. Stateless across docs; holds the lexicon."""

    def __init__(self, lexicon: Lexicon, nlp: Language | None = None):
        self.lex = lexicon
        g = load_grammar(lexicon.data_dir)
        self.possessive, self.determiners, self.coordinators = g.words("possessive"), g.words("determiners"), \
            g.words("coordinators")
        self.org_complement_preps, self.name_connectors = g.words("org_complement_preps"), g.words("name_connectors")
        self.speech_after_name, self.copulas, self.calendar = g.words("speech_after_name"), g.words("copulas"), \
            g.words("calendar")
        vocab_nlp = nlp or spacy.blank("en")
        # Case-insensitive match of every registry organization alias (upper-case acronyms stay exact:
        # "GRU" but not "gru"); candidates are then checked against org_key.
        self.org_matcher = PhraseMatcher(vocab_nlp.vocab, attr="LOWER")
        names = {v for o in lexicon.organizations for n in o.all_names for v in alias_variants(n)}
        self.org_matcher.add("ORG", [vocab_nlp.make_doc(n) for n in sorted(names)])
        self.demonyms = frozenset(d for c in lexicon.countries.values() for d in c.demonyms)
        self.country_matcher = PhraseMatcher(vocab_nlp.vocab, attr="ORTH")
        forms = {v for f in lexicon.country_forms for v in (f, f.replace("'", "’"), f + "'s", f + "’s")}
        self.country_matcher.add("COUNTRY", [vocab_nlp.make_doc(f) for f in sorted(forms)])
        self.metonyms = frozenset(m for c in lexicon.countries.values() for m in c.metonyms
                                  if not m.lower().startswith("the "))
        self.venue_preps = frozenset(lexicon.cues.get("places", {}).get("venue", []))
        self.named_after_place = frozenset(lexicon.cues.get("places", {}).get("named_after", []))
        self.country_venue_preps = frozenset(lexicon.cues.get("places", {}).get("country_venue", []))
        self.hyphen_modifiers = frozenset(lexicon.cues.get("actors", {}).get("hyphen_modifiers", []))
        self.surname_index = lexicon.person_by_surname
        self.given_keys = frozenset(word_key(w) for p in lexicon.persons for n in p.all_names
                                    for w in name_words(n)[:-1])

    # --- candidate generators ---------------------------------------------------------------------

    def country_candidates(self, doc: Doc) -> list[Candidate]:
        """Country names, demonyms and metonyms, longest first ("the Russian Federation" over "Russian")."""
        out = []
        for _, i, j in self.country_matcher(doc):
            cid = self.lex.country_of_form(doc[i:j].text)
            if cid and doc[i:j].text in self.metonyms and i > 0 and doc[i - 1].lower_ in self.venue_preps:
                continue  # "talks in Rome", "flew to Doha": a capital named as a venue is no actor
            if cid and doc[i:j].text in self.metonyms and j < len(doc) and doc[j].lower_ in self.named_after_place:
                continue  # "the Minsk process", "the Istanbul talks": named after the place, not its government
            if j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ \
                    and doc[j + 1].lower_ in self.hyphen_modifiers:
                continue  # "the Iran-backed group": a modifier, not a party to what is told
            if cid:
                venue = i > 0 and doc[i - 1].lower_ in self.country_venue_preps
                out.append(Candidate(i, j, "country", PRIORITY_COUNTRY, country=cid, venue=venue))
        out.sort(key=lambda c: (c.start, -c.length))
        kept: list[Candidate] = []
        for c in out:
            if kept and c.start < kept[-1].end:
                continue
            kept.append(c)
        return kept

    def org_phrase_candidates(self, doc: Doc) -> list[Candidate]:
        """Capitalized phrases headed by an organization word, plus registry organization aliases."""
        out: list[Candidate] = []
        lex = self.lex
        for i, word in enumerate(doc_words(doc)):
            if not word[:1].isupper() or word.lower() not in lex.org_heads:
                continue
            # Left: capitalized words that are not title heads ("Main Intelligence", "State", "Armed");
            # a title head followed by a possessive belongs to the name ("President's Office").
            start = i
            j = i - 1
            while j >= 0:
                t = doc[j]
                if t.text in self.possessive and j - 1 >= 0 and doc[j - 1].text[:1].isupper():
                    j -= 2
                    start = j + 1
                    continue
                if t.lower_ in self.coordinators and j - 1 >= 0 and doc[j - 1].text[:1].isupper() and start < i + 1:
                    j -= 1
                    continue
                if t.text[:1].isupper() and t.is_alpha and t.lower_ not in lex.title_heads \
                        and t.lower_ not in lex.honorifics and not t.is_sent_start:
                    start = j
                    j -= 1
                    continue
                if t.text[:1].isupper() and t.is_alpha and t.is_sent_start and t.lower_ not in lex.title_heads \
                        and t.lower_ not in self.determiners:
                    start = j
                break
            if doc[start].lower_ in self.coordinators:
                start += 1
            # Right: "of (the) X ..." complements until a title word, a lower-case word or a person.
            end = i + 1
            k = end
            while k < len(doc):
                if doc[k].lower_ in self.org_complement_preps and k + 1 < len(doc):
                    m = k + 1
                    if doc[m].lower_ in self.determiners:
                        m += 1
                    if m < len(doc) and doc[m].text[:1].isupper() and doc[m].lower_ not in lex.title_heads:
                        while m < len(doc) and doc[m].text[:1].isupper() and doc[m].is_alpha \
                                and doc[m].lower_ not in lex.title_heads:
                            m += 1
                        end = k = m
                        continue
                break
            # A leading country or demonym is the body's country, not its name, unless the registry knows
            # the whole ("Ukraine's Interior Ministry" -> "Interior Ministry"; "Ukrainian Armed Forces").
            country = None
            # A capital stays in the name, where it names the process, not its owner ("the Minsk Group").
            while start < i and lex.country_of_form(doc[start].text) and doc[start].text not in self.metonyms \
                    and not lex.org_by_key.get(org_key(doc[start:end].text)):
                country = lex.country_of_form(doc[start].text)
                start += 1
                if start < i and doc[start].text in self.possessive:
                    start += 1
            span = doc[start:end]
            if len(span) == 1 and not lex.org_by_key.get(org_key(span.text)):
                continue  # a lone "Agency" or "Ministry" names no body
            regs = lex.org_by_key.get(org_key(span.text))
            out.append(Candidate(start, end, "organization", PRIORITY_ORG_PHRASE, country=country,
                                 registry=regs[0] if regs and len(regs) == 1 else None))
        # A country's lower-case body: "Ukraine's parliament", "the Russian defence ministry".
        demonyms = self.demonyms
        words = doc_words(doc)
        for i, word in enumerate(words):
            country = lex.country_of_form(word)
            if not country or i + 1 >= len(doc):
                continue
            possessive = words[i + 1] in self.possessive
            if not possessive and word not in demonyms:
                continue  # "Kyiv pull its forces": a country before a verb phrase names no body
            j = i + 1 + possessive
            k = j
            while k < len(doc) and k - j < 3 and doc[k].is_lower and doc[k].is_alpha:
                k += 1
            heads = [x for x in range(j, k) if doc[x].lower_ in lex.org_heads]
            if heads and k > j:
                end = heads[-1] + 1
                regs = lex.org_by_key.get(org_key(doc[j:end].text), [])
                if regs or end - j >= 2 or doc[j].lower_ not in lex.generic_org_words:
                    # "the Egyptian presidential office": the mention keeps its demonym, the name does not.
                    out.append(Candidate(j if possessive else i, end, "organization", PRIORITY_ORG_PHRASE,
                                         country=country, name_start=j))
        # Registry aliases anywhere (short forms like NSDC, GRU; "President's Office").
        for _, i, j in self.org_matcher(doc):
            span = doc[i:j]
            if not span[0].text[:1].isupper():
                continue
            if j - i == 1 and not _ACRONYM.match(span.text) and span.text.lower() in lex.generic_org_words:
                continue
            regs = lex.org_by_key.get(org_key(span.text))
            if regs:
                out.append(Candidate(i, j, "organization", PRIORITY_REGISTRY_ORG, country=self.country_before(doc, i),
                                     registry=regs[0] if len(regs) == 1 else None))
        return out

    def country_before(self, doc: Doc, i: int) -> str | None:
        """The country a possessive or a demonym right before token i names ("Russia's", "Ukrainian")."""
        if i >= 2 and doc[i - 1].text in self.possessive:
            return self.lex.country_of_form(doc[i - 2].text)
        if i >= 1 and doc[i - 1].text in self.demonyms:
            return self.lex.country_of_form(doc[i - 1].text)
        return None

    def titled_person_candidates(self, doc: Doc, masked: list[tuple[int, int]]) -> list[Candidate]:
        """Names right after a title word: "Deputy Chief of General Staff Oleksiy Shevchenko"."""
        out = []
        lex = self.lex
        words = doc_words(doc)
        i = 0
        while i < len(doc) - 1:
            word = words[i]
            low = word.lower()
            if low in lex.title_heads or low in lex.honorifics or low.rstrip(".") in lex.honorifics \
                    or org_key(word) in lex.org_by_key or lex.country_of_form(word) \
                    or (low in lex.org_heads and word[:1].isupper()):
                j = i + 1
                if words[j] == ".":
                    j += 1
                k = j
                while k < len(doc) and k - j < 4 and is_name_token(doc[k]) and doc[k].is_alpha \
                        and not lex.is_title_word(doc[k].text) and not lex.country_of_form(doc[k].text) \
                        and doc[k].lower_ not in lex.org_heads and doc[k].lower_ not in lex.outlets:
                    k += 1
                if k > j:
                    k = max(k, name_end(doc, k - 1, lex.name_particles))
                # Not in a headline in capitals, where every word is capitalized ("NATO TROOPS IN UKRAINE").
                if k - j >= 2 and not blocked(doc[j], masked) and not in_caps_line(doc[j:k]):
                    out.append(Candidate(j, k, "person", PRIORITY_PERSON))
                    i = k
                    continue
            i += 1
        # Names introduced by what follows them: "Taras Melnyk, Secretary of ..." / "Olha Koval said".
        # Each token is judged once (a Token object costs a lookup every time it is made).
        name_like = [is_name_word(w) for w in words]
        name_word = [ok and w.isalpha() and not self.is_context_text(w) for ok, w in zip(name_like, words, strict=True)]
        for start in range(len(doc) - 2):
            end = start
            while end < len(doc) and end - start < 3 and name_word[end]:
                end += 1
            if end - start < 2 or end >= len(doc) or (start > 0 and name_like[start - 1]):
                continue
            nxt = doc[end]
            after = doc[end + 1:end + 4]
            appositive = nxt.text == "," and any(t.lower_ in lex.title_heads for t in after)
            speaking = nxt.lower_ in self.speech_after_name
            # "Oleksiy Kuleba remains deputy prime minister", "Anna Koval was appointed envoy"
            predicated = nxt.lower_ in self.copulas and any(t.lower_ in lex.title_heads for t in after)
            speaking = speaking or predicated
            if (appositive or speaking) and not blocked(doc[start], masked) and not in_caps_line(doc[start:end]):
                out.append(Candidate(start, end, "person", PRIORITY_PERSON))
        return out

    def ner_candidates(self, doc: Doc, masked: list[tuple[int, int]]) -> list[Candidate]:
        out = []
        lex = self.lex
        for ent in doc.ents:
            if blocked(ent[0], masked):
                continue
            label = ent.label_
            if "/" in ent.text and any(part.strip().lower() in lex.outlets for part in ent.text.split("/")):
                continue  # a photo or wire credit: "Yuri Gripas/Abaca/Bloomberg", "Thomson/Reuters"
            if label == "PERSON":
                span = self.strip_person(ent)
                if span is not None:
                    out.append(Candidate(span.start, span.end, "person", PRIORITY_PERSON))
                elif len(ent) >= 2 and all(t.text[:1].isupper() for t in ent if t.is_alpha) \
                        and any(lex.country_of_form(t.text) for t in ent[1:]):
                    # "Save Ukraine": a name holding a country is an organization, not a person.
                    out.append(Candidate(ent.start, ent.end, "organization", PRIORITY_NER_ORG))
            elif label == "ORG":
                span = ent[1:] if ent[0].lower_ in self.determiners else ent
                if not len(span) or span.text.lower() in lex.outlets or span[0].lower_ in lex.outlets:
                    continue
                if span.text.lower() in lex.place_modifiers or self.shouting(span):
                    continue  # "the Middle East"; "LAVROV SAYS ... TROOPS IN UKRAINE" (a headline in capitals)
                if any(t.lower_ in lex.outlets for t in span) and len(span) <= 2:
                    continue
                words = [t for t in span if t.is_alpha]
                if len(words) >= 2 and all(t.text[:1].isupper() or t.lower_ in self.name_connectors for t in span if t.is_alpha) \
                        and not any(t.lower_ in lex.title_heads for t in span):
                    out.append(Candidate(span.start, span.end, "organization", PRIORITY_NER_ORG))
        return out

    def strip_person(self, ent: Span) -> Span | None:
        """Drop titles, honorifics, a leading article and a possessive from a PERSON span."""
        lex = self.lex
        start, end = ent.start, ent.end
        doc = ent.doc
        # A country name that ends inside the span is not part of the name ("... of the United States Mike
        # Waltz" can give "States Mike Waltz").
        country_tokens = {i for _, cs, ce in self.country_matcher(doc[max(0, start - 3):end]) for i in range(cs, ce)}
        while start < end and start in country_tokens:
            start += 1
        # Leading words that qualify the title, not the name: places ("Middle East envoy") and bodies
        # ("European Commission President Ursula von der Leyen").
        orgs_at = {i: j for _, i, j in self.org_matcher(doc[start:end])}
        while start < end:
            if lex.is_title_word(doc[start].text) or doc[start].lower_.rstrip(".") in lex.honorifics \
                    or doc[start].lower_ in self.determiners or doc[start].text == "." \
                    or lex.country_of_form(doc[start].text):
                start += 1
                continue
            org_end = orgs_at.get(start)  # PhraseMatcher gives Doc offsets, not the Span's
            if org_end is not None and org_end < end:
                start = org_end
                continue
            place = next((n for n in (2, 1, 3) if start + n < end
                          and doc[start:start + n].text.lower() in lex.place_modifiers), 0)
            if not place:
                break
            start += place
        while end > start and (doc[end - 1].text in self.possessive | {"'", "’"} or doc[end - 1].is_punct):
            end -= 1
        # NER stops at "von", "el-", "bin" ("Ursula von der" + "Leyen"): back to the last name word, then on
        # across the particles to the words they join.
        while end > start + 1 and doc[end - 1].lower_ in lex.name_particles:
            end -= 1
        if start >= end:
            return None
        end = max(end, name_end(doc, end - 1, lex.name_particles))
        # NER often drops a given name it does not know ("by Rustem Umyerov" -> "Umyerov").
        while start > 0 and start == ent.start and is_name_token(doc[start - 1]) and doc[start - 1].is_alpha \
                and not doc[start - 1].is_sent_start and not self.is_context_word(doc[start - 1]) \
                and start - 1 not in country_tokens:
            start -= 1
        span = doc[start:end]
        if not all(is_name_token(t) or t.is_punct or t.lower_ in lex.name_particles for t in span) \
                or not is_name_token(span[-1]):
            return None
        if span.text.lower() in lex.outlets or any(lex.country_of_form(t.text) for t in span):
            return None  # "Save Ukraine" is an organization, not a person
        return span

    def is_context_word(self, tok: Token) -> bool:
        """Capitalized words that are not part of a name: titles, places, organizations, dates."""
        return self.is_context_text(tok.text)

    def is_context_text(self, text: str) -> bool:
        lex = self.lex
        low = text.lower()
        return (lex.is_title_word(text) or low.rstrip(".") in lex.honorifics or low in lex.org_heads
                or bool(lex.country_of_form(text)) or low in self.calendar or low in lex.outlets)

    @staticmethod
    def shouting(span: Span) -> bool:
        """Whether the span stands in a line written in capitals, where NER takes any word for a name."""
        if in_caps_line(span):
            return True
        words = [t for t in sentences(span.doc).of(span.start) if t.is_alpha and len(t.text) > 1]
        return len(words) >= 4 and all(t.is_upper for t in words)

    def is_title_or_honorific(self, tok: Token) -> bool:
        return self.lex.is_title_word(tok.text) or tok.lower_.rstrip(".") in self.lex.honorifics

    def name_words(self, name: str) -> list[str]:
        """A name's words without its particles: "Al Thani" and "Tamim bin Hamad Al Thani" share "Thani" as
        their last word and have no particle for a given name."""
        return [w for w in name_words(name) if w.lower() not in self.lex.name_particles] or name_words(name)

    # --- assembly ---------------------------------------------------------------------------------

    def find(self, doc: Doc, masked: list[tuple[int, int]]) -> list[LocalActor]:
        lex = self.lex
        cands: list[Candidate] = []
        cands += self.org_phrase_candidates(doc)
        cands += self.titled_person_candidates(doc, masked)
        cands += self.ner_candidates(doc, masked)
        cands += self.country_candidates(doc)
        # Acronyms of organizations the report spells out ("State Emergency Service ... the SES").
        spelled = {initials(doc[c.start:c.end].text) for c in cands if c.kind == "organization" and c.length >= 2}
        for i, word in enumerate(doc_words(doc)):
            if word in spelled and _ACRONYM.match(word):
                cands.append(Candidate(i, i + 1, "organization", PRIORITY_ORG_PHRASE))
        cands = [c for c in cands if not blocked(doc[c.start], masked)]

        # Full names found so far teach which surnames the report uses.
        persons = [c for c in cands if c.kind == "person"]
        surnames: dict[str, None] = {}
        for c in persons:
            words = [t.text for t in doc[c.start:c.end] if t.is_alpha]
            if len(words) >= 2:
                surnames[word_key(words[-1])] = None
        # A given name alone refers to the one full name it opens ("Anwar" after "Anwar Ibrahim"): Thai,
        # Malay, Arabic and Spanish names are often shortened to the given name in second reference.
        givens = {word_key(t.text) for c in persons if len([t for t in doc[c.start:c.end] if t.is_alpha]) >= 2
                  for t in doc[c.start:c.start + 1] if t.is_alpha and len(t.text) > 2}
        # A lone name a title introduces ("Foreign Minister Araghchi") is a surname the report uses.
        titled = {word_key(doc[c.start].text) for c in persons if c.length == 1 and c.start > 0
                  and doc[c.start].is_alpha and self.is_title_or_honorific(doc[c.start - 1])}
        known = set(surnames) | set(self.surname_index) | givens | titled
        for i, word in enumerate(doc_words(doc)):
            if word[:1].isupper() and word.isalpha():
                tok = doc[i]
                if tok.lower_ in lex.title_heads or lex.country_of_form(tok.text):
                    continue
                if word_key(tok.text) in known and len(tok.text) > 2 and not blocked(tok, masked):
                    start = i
                    # A given name before a known surname belongs to the name, even at a sentence start
                    # where NER is weakest ("Rustem Umyerov, the head of ...").
                    if i > 0 and is_name_token(doc[i - 1]) and doc[i - 1].is_alpha \
                            and not self.is_context_word(doc[i - 1]) \
                            and (not doc[i - 1].is_sent_start or word_key(doc[i - 1].text) in self.given_keys):
                        start = i - 1
                    # A surname's particles are part of it, capitalized or not ("Von der Leyen", "al-Thani").
                    while start > 0 and i - start < 3 and doc[start - 1].lower_ in lex.name_particles:
                        start -= 1
                    cands.append(Candidate(start, i + 1, "person", PRIORITY_PERSON - 1))

        # A single word is a person only with support: a surname the report or the registry gives a full
        # name, or a title right before it. NER alone tags "Patriot", "Kherson" or a lone "Oleksandr".
        accepted = self.select(cands)
        orgs = [c for c in accepted if c.kind == "organization"]
        result = []
        for c in accepted:
            if c.kind == "country" and doc[c.start:c.end].text in self.metonyms and any(
                    o.start <= c.start and c.end <= o.end for o in orgs):
                continue  # a capital inside a body's name ("the Minsk Group") is no mention of its government
            if c.kind == "person" and len([t for t in doc[c.start:c.end] if t.is_alpha]) == 1:
                tok = next(t for t in doc[c.start:c.end] if t.is_alpha)
                prev = doc[c.start - 1] if c.start else None
                if not (word_key(tok.text) in known or (prev is not None and self.is_title_or_honorific(prev))):
                    continue
            result.append(c)
        return self.group(doc, result)

    @staticmethod
    def select(cands: list[Candidate]) -> list[Candidate]:
        """Best candidates first; organizations may nest in organizations, countries in organizations."""
        ordered = sorted(cands, key=lambda c: (-c.priority, -c.length, c.start))
        taken: list[Candidate] = []
        for c in ordered:
            ok = True
            for t in taken:
                if c.start < t.end and t.start < c.end:
                    if (c.start, c.end) == (t.start, t.end):
                        ok = False
                        break
                    nested = t.start <= c.start and c.end <= t.end
                    if nested and t.kind == "organization" and c.kind in ("organization", "country"):
                        continue
                    ok = False
                    break
            if ok:
                taken.append(c)
        return sorted(taken, key=lambda c: (c.start, c.end))

    def group(self, doc: Doc, cands: list[Candidate]) -> list[LocalActor]:
        lex = self.lex
        actors: list[LocalActor] = []
        by_country: dict[str, LocalActor] = {}
        acting: set[str] = set()  # countries named at least once other than as a venue
        by_org: dict[str, LocalActor] = {}
        people: list[tuple[LocalActor, list[str]]] = []  # actor, its name words

        def mention(c: Candidate, text: str | None = None) -> Mention:
            span = doc[c.start:c.end]
            sent = sentences(doc).of(c.start)
            return Mention(text or span.text, CharSpan(span.start_char, span.end_char, sent.start_char, sent.end_char))

        def new_actor(kind: str, name: str) -> LocalActor:
            a = LocalActor(ref=len(actors), kind=kind, name=name)  # type: ignore[arg-type]
            actors.append(a)
            return a

        # Pass 1: full names first, so that surnames seen before their full name still bind.
        person_cands = [c for c in cands if c.kind == "person"]
        full = [c for c in person_cands if len([t for t in doc[c.start:c.end] if t.is_alpha]) >= 2]
        for c in full:
            written = " ".join(name_words(doc[c.start:c.end].text))
            words = self.name_words(written)
            match = None
            for known, w in people:
                if word_key(w[-1]) == word_key(words[-1]) and given_names_compatible(w[:-1], words[:-1]):
                    match = known
                    break
            if match is None:
                match = new_actor("person", written)
                people.append((match, words))
            elif len(written) > len(match.name):
                match.name = written
        for c in cands:
            span = doc[c.start:c.end]
            found: LocalActor | None
            if c.kind == "country":
                cid = c.country or ""
                found = by_country.get(cid)
                if found is None:
                    found = by_country[cid] = new_actor("country", lex.countries[cid].name)
                    found.registry_id = cid
                    found.country = cid
                found.mentions.append(mention(c, re.sub(r"['’ʼ]s$", "", span.text)))
                if not c.venue:
                    acting.add(cid)
            elif c.kind == "organization":
                text = doc[c.name_start if c.name_start is not None else c.start:c.end].text
                # Two countries' bodies of one name are two actors ("Ukraine's / Russia's security service").
                key = c.registry or f"{org_key(text)}|{c.country or ''}"
                found = by_org.get(key)
                if found is None and c.registry is None and _ACRONYM.match(text):
                    found = next((o for o in by_org.values() if initials(o.name) == text), None)
                if found is None:
                    found = by_org[key] = new_actor("organization", text)
                    found.registry_id = c.registry
                    found.country = c.country
                elif len(text) > len(found.name) and not _ACRONYM.match(text):
                    found.name = text
                found.mentions.append(mention(c))
            else:
                words = self.name_words(span.text)
                if not words:
                    continue
                sk = word_key(words[-1])
                owners = [a for a, w in people if word_key(w[-1]) == sk and given_names_compatible(w[:-1], words[:-1])]
                if not owners and len(words) == 1:
                    by_given = [a for a, w in people if len(w) >= 2 and word_key(w[0]) == sk]
                    owners = by_given if len(by_given) == 1 else []
                if not owners:
                    a = new_actor("person", " ".join(name_words(span.text)))
                    people.append((a, words))
                else:
                    # Two full names share this surname: the one named last before this mention.
                    a = owners[0]
                    if len(owners) > 1:
                        before = [o for o in owners if any(m.span.start < span.start_char for m in o.mentions)]
                        if before:
                            a = max(before, key=lambda o: max(m.span.start for m in o.mentions
                                                               if m.span.start < span.start_char))
                a.mentions.append(mention(c, re.sub(r"['’ʼ]s$", "", span.text)))
        # Organizations: tie acronyms to long forms after all are known; drop actors with no mention.
        for a in list(by_org.values()):
            if _ACRONYM.match(a.name) and a.registry_id is None:
                long_form = next((o for o in by_org.values() if o is not a and initials(o.name) == a.name), None)
                if long_form is not None:
                    long_form.mentions.extend(a.mentions)
                    a.mentions = []
        # A country named only as the venue of what is told is no actor ("talks in Saudi Arabia").
        kept = [a for a in actors if a.mentions and not (a.kind == "country" and a.registry_id not in acting)]
        self.place_organizations(kept)
        for ref, a in enumerate(kept):
            a.ref = ref
            a.mentions.sort(key=lambda m: m.span.start)
        kept.sort(key=lambda a: a.mentions[0].span.start)
        for ref, a in enumerate(kept):
            a.ref = ref
        return kept


    def place_organizations(self, actors: list[LocalActor]) -> None:
        """Tie an organization with no country to the one its sentence names, or else to the country of
        a registry person named in that sentence ("Deputy Foreign Minister Kyslytsya, Deputy Chief of
        General Staff Shevchenko" -> Ukraine's General Staff, not Russia's)."""
        by_sentence: dict[int, list[tuple[int, LocalActor]]] = {}
        for a in actors:
            for m in a.mentions:
                by_sentence.setdefault(m.span.sent_start, []).append((m.span.start, a))
        for org in actors:
            if org.kind != "organization" or org.country or org.registry_id:
                continue
            for m in org.mentions:
                others = [o for _, o in sorted(by_sentence.get(m.span.sent_start, []),
                                               key=lambda x: abs(x[0] - m.span.start))]
                country = next((o.registry_id for o in others if o.kind == "country"), None)
                if country is None:
                    for o in others:
                        reg = self.lex.registry_person(o.name) if o.kind == "person" else None
                        if reg and reg.country:
                            country = reg.country
                            break
                if country:
                    org.country = country
                    break



if not Doc.has_extension("parley_actors"):
    Doc.set_extension("parley_actors", default=None)
if not Doc.has_extension("parley_masked"):
    Doc.set_extension("parley_masked", default=None)


@Language.factory("parley_actors", assigns=["doc._.parley_actors", "doc._.parley_masked"],
                  requires=["doc.ents", "doc.sents"], default_config={"data_dir": None})
def make_actor_component(nlp: Language, name: str, data_dir: str | None) -> ActorComponent:
    """`data_dir`: a folder of data files (countries.toml, actors.toml, titles.toml, grammar.toml, ...) to
    read instead of $PARLEY_DATA's or the bundled ones."""
    return ActorComponent(load_lexicon(data_dir), nlp)


class ActorComponent:
    def __init__(self, lexicon: Lexicon, nlp: Language | None = None):
        self.finder = ActorFinder(lexicon, nlp)

    def __call__(self, doc: Doc) -> Doc:
        from parley.ingest.metadata import non_content_spans

        masked = non_content_spans(doc_text(doc))
        doc._.parley_masked = masked
        doc._.parley_actors = self.finder.find(doc, masked)
        return doc
