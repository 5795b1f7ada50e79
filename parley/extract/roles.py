"""Roles: the posts, titles and functions a report gives a person.

Patterns, all driven by the title lexicon (parley/data/titles.toml):

- before the name: "Turkish Foreign Minister Hakan Fidan", "Kremlin foreign policy aide Yuri Ushakov",
  "Commander-in-Chief of the Armed Forces of Ukraine General Oleksandr Syrskyi" (two roles: a post whose
  complement ends in a proper name, then a rank);
- in apposition: "Rustem Umerov, Secretary of the ... Council and head of the ... delegation for talks";
- a title phrase before ", Name": "said Defense Minister and head of the delegation, Rustem Umerov";
- "the X delegation, led by / headed by Name", "Name, who heads the X" -> "head of the X delegation";
- a plural post announcing a list: "three negotiators – A, B, and C" -> each a negotiator.

`former`/`ex-` before a title marks it former. `of` is the organization named in the title, else the
country named in it, else the person's own country where the registry knows it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.extract.context import DocContext, context, doc_words, sentences
from parley.grammar import load_grammar
from parley.lexicon import Lexicon, _read, load_lexicon, org_key
from parley.models import Role

if not Doc.has_extension("parley_roles"):
    Doc.set_extension("parley_roles", default=None)



class RoleFinder:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        # What ends a post (posts.toml [ended]): "former X"; "was replaced as X", "stepped down as X" (the verb,
        # one or two words, before "as"); "who as X negotiated" (a post held before).
        ended = _read("posts.toml", lexicon.data_dir).get("ended", {})
        self.former = frozenset(ended.get("before_title", ["former", "ex", "ex-"]))
        self.ending_verbs = frozenset(tuple(p.split()) for p in ended.get("before_as", []))
        self.who_as_past = bool(ended.get("who_as_past", False))
        g = load_grammar(lexicon.data_dir)
        self.heads_verbs, self.clause_verbs = g.words("heads_verbs"), g.words("clause_verbs")
        self.appointed, self.passive_be, self.copulas = g.words("appointed"), g.words("passive_be"), g.words("copulas")
        self.title_connectors, self.lead_drop = g.words("role_title_connectors"), g.words("title_lead_drop")
        self.boundaries, self.speech_boundaries = g.words("title_boundaries"), g.words("title_speech_boundaries")
        self.title_preps = g.words("title_prepositions")
        # Metonyms ("Kremlin leader") stay in a title; other country words before it are its `of`.
        self.metonyms = frozenset(m for c in lexicon.countries.values() for m in c.metonyms)

    def is_head(self, tok: Token) -> bool:
        return tok.lower_ in self.lex.title_heads or tok.lower_.rstrip("s") in self.lex.title_heads

    def is_titleish(self, tok: Token, ctx: DocContext) -> bool:
        low = tok.lower_
        if low in self.lex.title_heads or low in self.lex.title_modifiers:
            return True
        ref = ctx.token_ref.get(tok.i)
        return ref is not None and ctx.kind(ref) in ("organization", "country")

    # --- pattern: title right before the name --------------------------------------------------------

    def title_before(self, doc: Doc, ctx: DocContext, start: int) -> tuple[int, int] | None:
        """Token range of the title run that ends right before token `start`."""
        i = start - 1
        left = start
        while i >= 0:
            tok = doc[i]
            if tok.text in ("-", "–") and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
                i -= 1  # inside a hyphenated compound (Commander-in-Chief)
                continue
            if tok.is_sent_start and not self.is_titleish(tok, ctx):
                break
            ref = ctx.token_ref.get(i)
            if ref is not None and ctx.kind(ref) == "person":
                break
            if self.is_titleish(tok, ctx) or (tok.lower_ in self.title_connectors and i > 0
                                              and (self.is_titleish(doc[i - 1], ctx)
                                                   or doc[i - 1].lower_ in self.title_connectors)):
                left = i
                i -= 1
                continue
            break
        indefinite = left > 0 and doc[left - 1].lower_ in ("a", "an") or doc[left].lower_ in ("a", "an")
        while left < start and doc[left].lower_ in self.title_connectors | self.lead_drop:
            left += 1
        if indefinite:
            # "X, an aide to President Y": the aide is X; Y's own title is what follows the last to/of.
            links = [k for k in range(left, start) if doc[k].lower_ in ("to", "of") and ctx.token_ref.get(k) is None]
            if links:
                left = links[-1] + 1
                while left < start and doc[left].lower_ in self.title_connectors | self.lead_drop:
                    left += 1
        if left >= start or not any(self.is_head(doc[k]) for k in range(left, start)
                                    if ctx.token_ref.get(k) is None):
            return None
        if start - left >= 2 and doc[start - 1].lower_ in self.lex.name_honorifics and any(
                self.is_head(doc[k]) for k in range(left, start - 1) if ctx.token_ref.get(k) is None):
            return left, start - 1  # "Supreme Leader Ayatollah": the title ends before the honorific
        return left, start

    def split_titles(self, doc: Doc, ctx: DocContext, left: int, right: int) -> list[tuple[int, int]]:
        """Split "Chief of the X Directorate of the Ministry of Defense Lieutenant General" in two."""
        parts, begin = [], left
        seen_head = in_complement = False
        for k in range(left, right):
            tok = doc[k]
            ref = ctx.token_ref.get(k)
            inside_actor = ref is not None and ctx.kind(ref) != "country" or (
                ref is not None and k > left and ctx.token_ref.get(k - 1) == ref)
            if tok.lower_ in ("of", "to", "for"):
                in_complement = seen_head
                continue
            if not inside_actor and tok.text[:1].isupper() and (tok.lower_ in self.lex.title_heads
                                                                 or tok.lower_ in self.lex.title_modifiers) \
                    and any(self.is_head(doc[x]) for x in range(k, right) if ctx.token_ref.get(x) is None):
                prev = doc[k - 1]
                if seen_head and in_complement and prev.lower_ not in self.title_connectors and prev.text != "-":
                    parts.append((begin, k))
                    begin, in_complement = k, False
                    seen_head = self.is_head(tok)
                    continue
            if not inside_actor and self.is_head(tok):
                seen_head = True
        parts.append((begin, right))
        return [p for p in parts if any(self.is_head(doc[k]) for k in range(*p))]

    # --- pattern: apposition and clauses --------------------------------------------------------------

    def phrase_after(self, doc: Doc, ctx: DocContext, k: int, limit: int) -> tuple[int, int, bool] | None:
        """A title phrase starting at token k (after "Name, "): up to a comma, a stop word or a clause."""
        former = False
        while k < limit and doc[k].lower_ in self.lead_drop | self.former:
            former = former or doc[k].lower_ in self.former
            k += 1
        if k >= limit or not (self.is_titleish(doc[k], ctx)):
            return None
        end = k
        seen_head = in_complement = False
        while end < limit:
            tok = doc[end]
            if tok.text in (",", ";", ":", "(", ")", "\"", "“", "”") or tok.is_sent_end and tok.is_punct:
                break
            if tok.text in (".", "!", "?") or tok.text in ("—", "–", "-") and (tok.whitespace_ or
                                                                            doc[end - 1].whitespace_):
                break
            ref = ctx.token_ref.get(end)
            if ref is not None and ctx.kind(ref) == "person":
                link = max((x for x in range(k, end) if doc[x].lower_ in ("to", "of")), default=None)
                if link is not None and all(doc[x].lower_ in ("the", "-") or self.lex.is_title_word(doc[x].text)
                                            for x in range(link + 1, end)):
                    # "an aide to President Vladimir Putin": the person completes the title.
                    while end < limit and ctx.token_ref.get(end) == ref:
                        end += 1
                    break
                # "A, Deputy Minister B, and C": the phrase is B's title in a list, not A's apposition.
                return None
            low = tok.lower_
            hyphenated = end > k and doc[end - 1].text == "-" and not doc[end - 1].whitespace_
            if low in self.lex.title_stops and not hyphenated:
                break
            if low == "for" and end + 1 < limit and doc[end + 1].lower_ in self.lex.purpose_words:
                break
            if low in ("said", "says", "told", "added", "noted", "reports", "writes"):
                break
            # Past the head, only a complement ("of ...", "for ...", "to ...") may hold other lower-case
            # words; elsewhere one ends the title ("as economy minister negotiated the deal").
            if low in ("of", "for", "to"):
                in_complement = True
            elif seen_head and not in_complement and tok.text[:1].islower() and not self.is_titleish(tok, ctx) \
                    and low not in self.title_connectors and low != "and":
                break
            seen_head = seen_head or self.is_head(tok)
            end += 1
            if end - k > 14:
                return None
        if end == k:
            return None
        return k, end, former

    def split_on_and(self, doc: Doc, ctx: DocContext, k: int, end: int) -> list[tuple[int, int]]:
        """"Secretary of the Council and head of the delegation" -> two titles (org names keep their and)."""
        parts, begin = [], k
        for j in range(k, end):
            if doc[j].lower_ == "and" and ctx.token_ref.get(j) is None and j + 1 < end:
                nxt = j + 1
                while nxt < end and doc[nxt].lower_ in self.lead_drop:
                    nxt += 1
                if nxt < end and self.is_head(doc[nxt]) and ctx.token_ref.get(nxt) is None:
                    parts.append((begin, j))
                    begin = nxt
        parts.append((begin, end))
        return [p for p in parts if p[1] > p[0] and any(self.is_head(doc[x]) for x in range(*p)
                                                         if ctx.token_ref.get(x) is None)]

    # --- assembly ---------------------------------------------------------------------------------

    def make_role(self, doc: Doc, ctx: DocContext, person: int, left: int, right: int, former: bool,
                  evidence: Span) -> Role | None:
        # Drop a leading country adjective/name and articles ("Turkish Foreign Minister" -> "Foreign Minister")
        of = None
        while left < right:
            tok = doc[left]
            ref = ctx.token_ref.get(left)
            if tok.lower_ in self.lead_drop or tok.lower_ in self.former:
                former = former or tok.lower_ in self.former
                left += 1
                continue
            if ref is not None and ctx.kind(ref) == "country" and self.lex.country_of_form(tok.text) \
                    and tok.text not in self.metonyms and left + 1 < right:
                of = ref
                left += 1
                if left < right and doc[left].text in ("'s", "’s"):
                    left += 1
                continue
            break
        while right > left and (doc[right - 1].is_punct or doc[right - 1].lower_ in self.title_connectors | {"and"}):
            right -= 1
        if right <= left:
            return None
        span = doc[left:right]
        title = span.text
        if not any(self.is_head(t) for t in span if ctx.token_ref.get(t.i) is None):
            return None
        inner_orgs = [m for m in ctx.mentions_in(left, right, "organization")]
        inner_countries = [m for m in ctx.mentions_in(left, right, "country")]
        if inner_orgs:
            of = inner_orgs[-1].ref if len(inner_orgs) == 1 else inner_orgs[0].ref
        elif inner_countries:
            of = inner_countries[-1].ref
        return Role(actor=person, title=title, of=of, former=former, span=ctx.char_span(evidence))

    def find(self, doc: Doc) -> list[Role]:
        ctx = context(doc)
        roles: list[Role] = []
        persons = [m for m in ctx.mentions if m.kind == "person"]
        for m in persons:
            if ctx.is_masked(doc[m.start].idx):
                continue
            sent = sentences(doc).of(m.start)
            # 1. Title right before the name.
            rng = self.title_before(doc, ctx, m.start)
            if rng:
                former = m.start > 0 and any(doc[k].lower_ in self.former for k in range(max(sent.start, rng[0] - 2), rng[0]))
                made = []
                for left, right in self.split_titles(doc, ctx, *rng):
                    role = self.make_role(doc, ctx, m.ref, left, right, former, sent)
                    if role:
                        made.append(role)
                body = self.of_after_name(doc, ctx, m.end, sent.end)
                if made and body is not None:
                    # "President António Costa of the European Council": the body follows the name.
                    body_ref, text = body
                    made[-1].title, made[-1].of = f"{made[-1].title} of {text}", body_ref
                roles += made
            # 2. Apposition: "Name, Title ..., " and "Name, who heads the X".
            after = m.end
            if after < sent.end - 1 and doc[after].text == ",":
                k = after + 1
                if doc[k].lower_ == "who" and k + 1 < sent.end and doc[k + 1].lower_ in self.heads_verbs:
                    # "Name, who heads the charity Save Ukraine": whatever is headed, title or not.
                    s = k + 2
                    e = s
                    while e < sent.end and not doc[e].is_punct and doc[e].lower_ not in self.lex.title_stops:
                        e += 1
                    headed = doc[s:e]
                    # A body, not an occasion: "the charity Save Ukraine", "the Ukrainian team"; not "the session".
                    if e > s and any(t.text[:1].isupper() or t.lower_ in self.lex.led_units for t in headed):
                        text = "head of " + headed.text
                        roles.append(Role(m.ref, text, self._of_in(ctx, s, e), False, ctx.char_span(sent)))
                else:
                    who = k
                    k = self.skip_clause_verb(doc, k, sent.end)
                    phrase = self.phrase_after(doc, ctx, k, sent.end)
                    if phrase:
                        s, e, former = phrase
                        # "X, who as economy minister negotiated the deal": a post held before.
                        former = former or (self.who_as_past and doc[who].lower_ == "who" and doc[k - 1].lower_ == "as"
                                            and e < sent.end and self.past_verb(doc[e]))
                        for left, right in self.split_on_and(doc, ctx, s, e):
                            role = self.make_role(doc, ctx, m.ref, left, right, former, sent)
                            if role:
                                roles.append(role)
            # 3. "..., Title and title, Name": a title phrase that closes with a comma before the name.
            if m.start - 2 >= sent.start and doc[m.start - 1].text == ",":
                end = m.start - 1
                k = end
                while k - 1 >= sent.start and end - k < 24:
                    prev = doc[k - 1]
                    ref = ctx.token_ref.get(k - 1)
                    if prev.text in self.boundaries or prev.lower_ in self.speech_boundaries or (
                            ref is not None and ctx.kind(ref) == "person"):
                        break
                    k -= 1
                # The title starts at the first head (or modifier + head) that follows the boundary, an
                # article or a preposition: "together with the head of the Office, Name".
                j = k
                while j < end and not (
                        ctx.token_ref.get(j) is None
                        and (self.is_head(doc[j]) or (j + 1 < end and doc[j].lower_ in self.lex.title_modifiers
                                                      and self.is_head(doc[j + 1])))
                        and (j == k or doc[j - 1].lower_ in self.lead_drop | self.title_preps)):
                    j += 1
                if j < end:
                    for left, right in self.split_on_and(doc, ctx, j, end):
                        # Cut each at a stop word ("at the negotiations", "for talks").
                        cut = left
                        while cut < right and doc[cut].lower_ not in self.lex.title_stops and not (
                                doc[cut].lower_ == "for" and cut + 1 < right
                                and doc[cut + 1].lower_ in self.lex.purpose_words):
                            cut += 1
                        role = self.make_role(doc, ctx, m.ref, left, cut, False, sent)
                        if role:
                            roles.append(role)
        roles += self.predicated(doc, ctx)
        roles += self.led_by(doc, ctx)
        roles += self.listed(doc, ctx)
        roles += self.plural_titles(doc, ctx)
        # A post with no body or country named takes the person's country, where the registry knows it
        # and the report names that country.
        for r in roles:
            if r.of is None:
                r.of = ctx.registry_country(r.actor, self.lex)
        return dedupe_roles(roles, ctx, self.lex)

    @staticmethod
    def of_after_name(doc: Doc, ctx: DocContext, k: int, end: int) -> tuple[int, str] | None:
        """(ref, text) of the organization or country in "of (the) X" right after a name."""
        if k >= end - 1 or doc[k].lower_ != "of":
            return None
        j = k + 1
        start = j
        if doc[j].lower_ == "the":
            j += 1
        ref = ctx.token_ref.get(j)
        if ref is None or ctx.kind(ref) == "person":
            return None
        e = j
        while e < end and ctx.token_ref.get(e) == ref:
            e += 1
        return ref, doc[start:e].text

    def plural_titles(self, doc: Doc, ctx: DocContext) -> list[Role]:
        """"between presidents Vladimir Putin and Donald Trump": each name after a plural title holds it."""
        out: list[Role] = []
        for i, word in enumerate(doc_words(doc)):
            low = word.lower()
            if not (low.endswith("s") and low[:-1] in self.lex.title_heads) or ctx.token_ref.get(i) is not None:
                continue
            tok = doc[i]
            k = tok.i + 1
            tok_sent = sentences(doc).of(tok.i)
            sent_end = tok_sent.end
            while k < sent_end:
                ref = ctx.token_ref.get(k)
                if ref is None or ctx.kind(ref) != "person":
                    break
                while k < sent_end and ctx.token_ref.get(k) == ref:
                    k += 1
                # The title words before the plural head belong to each one's title ("Prime Ministers X and Y").
                j = tok.i
                while j > tok_sent.start and ctx.token_ref.get(j - 1) is None and doc[j - 1].is_alpha \
                        and self.lex.is_title_word(doc[j - 1].text):
                    j -= 1
                title = " ".join([*(t.text for t in doc[j:tok.i]), tok.text[:-1]])
                out.append(Role(ref, title[:1].upper() + title[1:], None, False, ctx.char_span(tok_sent)))
                if k < sent_end and doc[k].text == ",":
                    k += 1
                if k < sent_end and doc[k].lower_ == "and":
                    k += 1
        return out

    def skip_clause_verb(self, doc: Doc, k: int, end: int) -> int:
        """Past "who is", "who was", "who has been appointed", "who became" to the title that follows."""
        if doc[k].lower_ != "who":
            return k
        j = k + 1
        while j < end and doc[j].lower_ in self.clause_verbs:
            j += 1
        return j if j > k + 1 else k

    def predicated(self, doc: Doc, ctx: DocContext) -> list[Role]:
        """Titles said of a person: "X remains deputy prime minister", "X became Defence Minister", and
        "as Title" ("who as economy minister negotiated", "his role as head of the delegation")."""
        out: list[Role] = []
        words = doc_words(doc)
        for sent in sentences(doc).spans:
            persons = [m for m in ctx.mentions_in(sent.start, sent.end, "person")]
            if not persons:
                continue
            for i in range(sent.start, sent.end):
                low = words[i].lower()
                if low not in self.appointed and low != "as" and low not in self.copulas:
                    continue
                tok = doc[i]
                if low in self.appointed and tok.i > sent.start and doc[tok.i - 1].lower_ in self.passive_be:
                    # "X, who has been appointed Secretary": the person the who-clause follows; else
                    # ("X, who ..., has been appointed") the sentence's first person.
                    start = tok.i + 1 + (tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "as")
                    who = next((j for j in range(tok.i - 1, max(sent.start, tok.i - 5) - 1, -1)
                                if doc[j].lower_ == "who"), None)
                    antecedent = [p for p in persons if who is not None and p.end in (who, who - 1)]
                    holder = (antecedent or persons)[0].ref
                elif low == "as" or low in self.copulas:
                    start = tok.i + 1
                    if low in self.copulas:
                        before = [p for p in persons if p.end == tok.i or (p.end == tok.i - 1 and doc[p.end].lower_
                                                                          in ("also", "now", "still"))]
                        if not before:
                            continue
                        holder = before[0].ref
                        if start < sent.end and doc[start].lower_ == "as":
                            start += 1
                    else:
                        if tok.i > sent.start and doc[tok.i - 1].lower_ in self.appointed:
                            continue  # handled above ("appointed as ...")
                        prior = [p for p in persons if p.end <= tok.i]
                        later = [p for p in persons if p.start > tok.i]
                        holder_m = prior[-1] if prior else (later[0] if later else None)
                        if holder_m is None:
                            continue
                        holder = holder_m.ref
                        # "Erdogan has positioned Turkey as a mediator": the title is the object's.
                        obj = ctx.token_ref.get(tok.i - 1)
                        if obj is not None and obj != holder:
                            continue
                else:
                    continue
                phrase = self.phrase_after(doc, ctx, start, sent.end)
                if phrase is None:
                    continue
                s, e, former = phrase
                if low == "as":
                    former = former or self.ended_before_as(doc, tok.i, sent.start) or (
                        self.who_as_past and tok.i > sent.start and doc[tok.i - 1].lower_ == "who" and e < sent.end
                        and self.past_verb(doc[e]))
                for left, right in self.split_on_and(doc, ctx, s, e):
                    role = self.make_role(doc, ctx, holder, left, right, former, sent)
                    if role:
                        out.append(role)
        return out

    def ended_before_as(self, doc: Doc, as_i: int, start: int) -> bool:
        """Whether "as" follows a verb that ends a post: "replaced as", "stepped down as"."""
        one = (doc[as_i - 1].lower_,) if as_i - 1 >= start else ()
        two = (doc[as_i - 2].lower_, doc[as_i - 1].lower_) if as_i - 2 >= start else ()
        return one in self.ending_verbs or two in self.ending_verbs

    def past_verb(self, tok: Token) -> bool:
        """A past-tense verb by its form (the fast pass has no tagger): "negotiated", not a title word."""
        return tok.lower_.endswith("ed") and tok.text[:1].islower() and not self.is_titleish(tok, context(tok.doc))

    def _of_in(self, ctx: DocContext, s: int, e: int) -> int | None:
        orgs = ctx.mentions_in(s, e, "organization")
        countries = ctx.mentions_in(s, e, "country")
        return orgs[0].ref if orgs else countries[0].ref if countries else None

    def led_by(self, doc: Doc, ctx: DocContext) -> list[Role]:
        """"The Ukrainian delegation, led by X" / "delegation will be headed by X" -> head of the delegation."""
        out = []
        words = doc_words(doc)
        for sent in sentences(doc).spans:
            for i in range(sent.start, sent.end - 1):
                if words[i].lower() not in self.lex.led_units:
                    continue
                tok = doc[i]
                window = doc[tok.i + 1: min(sent.end, tok.i + 8)]
                by = next((t for t in window if t.lower_ == "by" and t.i > 0
                           and doc[t.i - 1].lower_ in ("led", "headed", "chaired")), None)
                if by is None:
                    continue
                person = next((m for m in ctx.mentions if m.kind == "person" and m.start > by.i
                               and m.start <= by.i + 8 and m.start < sent.end), None)
                if person is None:
                    continue
                # Any title words between "by" and the name are the person's own (handled above).
                det = tok.i - 1
                while det >= sent.start and (ctx.token_ref.get(det) is not None or doc[det].lower_ in
                                             self.lex.title_modifiers | {"'s", "’s"}) \
                        and doc[det].lower_ not in ("the", "a"):
                    det -= 1
                title = "head of the " + doc[det + 1:tok.i + 1].text
                country = next((ctx.token_ref[k] for k in range(det + 1, tok.i) if ctx.token_ref.get(k) is not None
                                and ctx.kind(ctx.token_ref[k]) == "country"), None)
                out.append(Role(person.ref, title, country, False, ctx.char_span(sent)))
        return out

    def listed(self, doc: Doc, ctx: DocContext) -> list[Role]:
        """"three other negotiators – A, B and C": each listed person holds the singular post."""
        out = []
        for i, word in enumerate(doc_words(doc)):
            low = word.lower()
            if not low.endswith("s") or low[:-1] not in self.lex.title_heads or low[:-1] in self.lex.generic_heads \
                    or i + 2 >= len(doc):
                continue
            nxt = doc[i + 1]
            if nxt.text not in ("–", "—", ":", "-"):
                continue
            sent = sentences(doc).of(i)
            for m in ctx.mentions:
                if m.kind == "person" and nxt.i < m.start < sent.end:
                    out.append(Role(m.ref, low[:-1], None, False, ctx.char_span(sent)))
        return out


def title_words(title: str, expand: dict[str, str] | None = None, lex: Lexicon | None = None) -> frozenset[str]:
    """Content words of a title with synonyms folded (grammar.toml [role_synonyms]) and known acronyms spelled
    out; country words dropped, since a post's country is its `of` ("Ukrainian Defence Minister")."""
    lex = lex or load_lexicon()
    synonyms = load_grammar(lex.data_dir).synonyms
    words: list[str] = []
    for w in re.findall(r"[A-Za-z][\w-]*", title):
        if expand and w in expand:
            words += org_key(expand[w]).split()
        else:
            words += org_key(w).split()
    return frozenset(synonyms.get(w, w) for w in words if synonyms.get(w, w)
                     and not (lex.country_of_form(w.capitalize()) or lex.country_of_form(w.upper())))


def dedupe_roles(roles: list[Role], ctx: DocContext, lex: Lexicon | None = None) -> list[Role]:
    """One role per post per person: a title whose words another title of the same person covers goes."""
    keyed = [(r, title_words(r.title, ctx.acronyms, lex)) for r in roles]
    kept: list[tuple[Role, frozenset[str]]] = []
    for r, w in sorted(keyed, key=lambda x: -len(x[1])):
        if not w:
            continue
        covering = [k for k, kw in kept if k.actor == r.actor and w <= kw]
        if covering:
            # One report calling the post both current and over ("Minister X was replaced as minister"):
            # it ended.
            if r.former:
                covering[0].former = True
            continue
        kept.append((r, w))
    order = {id(r): i for i, r in enumerate(roles)}
    return sorted((r for r, _ in kept), key=lambda r: order[id(r)])


@Language.factory("parley_roles", assigns=["doc._.parley_roles"], requires=["doc._.parley_actors"],
                  default_config={"data_dir": None})
def make_role_component(nlp: Language, name: str, data_dir: str | None) -> RoleComponent:
    """`data_dir`: a folder of data files (titles.toml, posts.toml, ...) to read instead of the default ones."""
    return RoleComponent(load_lexicon(data_dir))


class RoleComponent:
    def __init__(self, lexicon: Lexicon):
        self.finder = RoleFinder(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_roles = self.finder.find(doc)
        return doc
