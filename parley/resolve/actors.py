"""Global actors: give every local actor of a report the id of the one real person or body it names.

People compare by surname key first (see :mod:`parley.names`), then by given names (same key, an initial,
or missing); a surname alone takes the only known person with that surname, or, when there are several,
the one tied to the report's own country. Organizations compare by organization key over all their forms;
an alias that several registry bodies share ("Ministry of Defense") goes to the one of the country the
report is about. Countries are their lexicon ids. Anyone new gets a readable id from their name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from parley.lexicon import Lexicon, org_key
from parley.models import Extraction, LocalActor
from parley.names import given_names_compatible, name_key, name_words, slugify, word_key


@dataclass(slots=True)
class GlobalActor:
    id: str
    name: str
    kind: str
    country: str | None
    registry: bool
    aliases: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _PersonEntry:
    id: str
    givens: list[list[str]]  # given-name word lists seen for this person
    country: str | None
    registry: bool
    weight: int = 0  # reports seen: breaks ties between namesakes


class ActorResolver:
    """Holds the index of known actors; resolves one extraction at a time (single writer)."""

    def __init__(self, lexicon: Lexicon, known: Iterable[GlobalActor] = ()):
        self.lex = lexicon
        self.actors: dict[str, GlobalActor] = {}
        self._by_surname: dict[str, list[_PersonEntry]] = {}
        self._person_by_key: dict[str, str] = {}
        self._org_by_key: dict[str, str] = {}
        self._entries_by_id: dict[str, list[_PersonEntry]] = {}
        for c in lexicon.countries.values():
            self._remember(GlobalActor(c.id, c.name, "country", c.id, True))
        for p in lexicon.persons:
            self._remember(GlobalActor(p.id, p.name, "person", p.country, True, set(p.all_names)))
        for o in lexicon.organizations:
            self._remember(GlobalActor(o.id, o.name, "organization", o.country, True, set(o.all_names)))
        self.learn(known)

    def learn(self, known: Iterable[GlobalActor]) -> None:
        """Add stored actors (or new aliases of known ones) to the index: what another writer has stored."""
        for a in known:
            if a.id in self.actors:
                new = a.aliases - self.actors[a.id].aliases
                self.actors[a.id].aliases |= new
                self._index_aliases(self.actors[a.id], new)
            else:
                self._remember(a)

    # --- index ------------------------------------------------------------------------------------

    def _remember(self, actor: GlobalActor) -> None:
        self.actors[actor.id] = actor
        self._index_aliases(actor, {actor.name, *actor.aliases})

    def _index_aliases(self, actor: GlobalActor, forms: Iterable[str]) -> None:
        if actor.kind == "person":
            for form in forms:
                words = name_words(form)
                # One-word names are keys only where the registry lists them (regnal names: "Leo").
                if len(words) >= 2 or (actor.registry and form in self._registry_aliases(actor.id)):
                    self._person_by_key.setdefault(name_key(form), actor.id)
                if not words:
                    continue
                entry = self._person_entry(actor, word_key(words[-1]))
                givens = words[:-1]
                if givens and givens not in entry.givens:
                    entry.givens.append(givens)
        elif actor.kind == "organization":
            for form in forms:
                key = org_key(form)
                # Shared registry aliases stay ambiguous here; resolve_org decides with the report's country.
                if len(self.lex.org_by_key.get(key, [])) <= 1:
                    self._org_by_key.setdefault(key, actor.id)

    def _registry_aliases(self, actor_id: str) -> list[str]:
        entry = self.lex.by_id.get(actor_id)
        return entry.all_names if entry else []

    def _person_entry(self, actor: GlobalActor, surname: str) -> _PersonEntry:
        entries = self._by_surname.setdefault(surname, [])
        for e in entries:
            if e.id == actor.id:
                return e
        e = _PersonEntry(actor.id, [], actor.country, actor.registry)
        entries.append(e)
        self._entries_by_id.setdefault(actor.id, []).append(e)
        return e

    def _new_id(self, name: str) -> str:
        base = slugify(name)
        candidate, n = base, 2
        while candidate in self.actors:
            candidate = f"{base}-{n}"
            n += 1
        return candidate

    # --- resolution -------------------------------------------------------------------------------

    def resolve(self, ext: Extraction) -> list[GlobalActor]:
        """Set `id` on every local actor of `ext`; return the global actors touched (new or with new aliases)."""
        counts = Counter({a.registry_id: len(a.mentions) for a in ext.actors if a.kind == "country"})
        home = [cid for cid, _ in counts.most_common() if cid]
        touched: dict[str, GlobalActor] = {}
        for a in ext.actors:
            if a.kind == "country":
                a.id = a.registry_id
                ga = self.actors[a.id] if a.id in self.actors else None
                if ga is None:
                    ga = GlobalActor(a.id or self._new_id(a.name), a.name, "country", a.id, False)
                    self._remember(ga)
            elif a.kind == "organization" and self.looks_like_known_person(a):
                # NER tags unfamiliar surnames as organizations ("Kovalchuk-Dzyuba said"); a name with no
                # organization word that is the surname of a person already known is that person.
                a.kind = "person"
                ga = self.resolve_person(a, home)
            elif a.kind == "organization":
                ga = self.resolve_org(a, home)
            else:
                ga = self.resolve_person(a, home)
            a.id = ga.id
            if ga.kind == "person" and not ga.registry and len(name_words(a.name)) > len(name_words(ga.name)):
                ga.name = a.name  # a surname-only actor learns its full name
            new_forms = set(a.forms) - ga.aliases
            if new_forms or ga.id not in touched:
                ga.aliases |= new_forms
                self._index_aliases(ga, new_forms)
                touched[ga.id] = ga
        for ga in touched.values():
            for e in self._entries_by_id.get(ga.id, []):
                e.weight += 1
        return list(touched.values())

    def looks_like_known_person(self, a: LocalActor) -> bool:
        if a.registry_id or a.name.isupper() or any(w.lower() in self.lex.org_heads for w in a.name.split()):
            return False
        words = name_words(a.name)
        if len(words) != 1 or any(org_key(f) in self.lex.org_by_key for f in a.forms):
            return False
        return len(self._by_surname.get(word_key(words[0]), [])) == 1

    def resolve_org(self, a: LocalActor, home: list[str]) -> GlobalActor:
        if a.registry_id and a.registry_id in self.actors:
            return self.actors[a.registry_id]
        forms = [a.name, *a.forms]
        for form in forms:
            regs = self.lex.org_by_key.get(org_key(form), [])
            if a.country:
                # "Russia's security service" is not the registry's Ukrainian one.
                regs = [r for r in regs if self.lex.by_id[r].country in (a.country, None)]
            if len(regs) == 1:
                return self.actors[regs[0]]
            if len(regs) > 1:
                prefer = [a.country] if a.country else []
                for country in [*prefer, *home]:
                    for rid in regs:
                        if self.lex.by_id[rid].country == country:
                            return self.actors[rid]
                return self.actors[regs[0]]
        for form in forms:
            known = self._org_by_key.get(org_key(form))
            if known and (not a.country or self.actors[known].country in (a.country, None)):
                return self.actors[known]
        name = a.name
        if a.country and a.country in self.lex.countries and name[:1].islower():
            # A lower-case body named through its country: "security service" of Russia.
            name = f"{name[:1].upper()}{name[1:]} of {self.lex.countries[a.country].name}"
        ga = GlobalActor(self._new_id(name), name, "organization", a.country, False)
        self._remember(ga)
        return ga

    def resolve_person(self, a: LocalActor, home: list[str]) -> GlobalActor:
        words = name_words(a.name)
        for form in [a.name, *a.forms]:
            pid = self._person_by_key.get(name_key(form))
            if pid:
                return self.actors[pid]
        surname = word_key(words[-1]) if words else ""
        givens = words[:-1]
        entries = [e for e in self._by_surname.get(surname, [])
                   if not givens or not e.givens or any(given_names_compatible(g, givens) for g in e.givens)]
        if entries:
            if len(entries) > 1:
                entries.sort(key=lambda e: (e.country not in home[:1], not e.registry, -e.weight))
            return self.actors[entries[0].id]
        ga = GlobalActor(self._new_id(a.name), a.name, "person", home[0] if home else None, False)
        self._remember(ga)
        return ga
