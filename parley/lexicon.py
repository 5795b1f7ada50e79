"""Load parley's versioned data files once: registry, countries, titles, outlets, cue lexicons.

Every stage reads knowledge from here, never from literals in code. A user extends parley by editing the
TOML files under ``parley/data`` or by pointing ``PARLEY_DATA`` at a folder with files of the same names,
which are read instead of the bundled ones.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from parley.names import ascii_fold, name_key, name_words, word_key


class DataFileError(ValueError):
    """A data file is missing a field or has a value of the wrong shape."""


def _read(name: str) -> dict[str, Any]:
    override = os.environ.get("PARLEY_DATA")
    if override and (Path(override) / name).is_file():
        path = Path(override) / name
        text = path.read_text(encoding="utf-8")
    else:
        path = Path(str(resources.files("parley.data") / name))
        text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not valid TOML ({exc})") from exc


@lru_cache(maxsize=65536)
def org_key(text: str) -> str:
    """Key of an organization's name: case, accents, articles, apostrophes and British spelling folded."""
    t = ascii_fold(text).lower().replace("’", "'")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"\bdefence\b", "defense", t)
    t = re.sub(r"\bprogramme\b", "program", t)
    t = re.sub(r"\bcentre\b", "center", t)
    t = re.sub(r"\borganisation\b", "organization", t)
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    words = [w for w in t.split() if w not in {"the", "of", "a", "an", "for", "and"}]
    return " ".join(words)


@dataclass(slots=True)
class Country:
    id: str
    name: str
    aliases: list[str]
    demonyms: list[str]
    # Every word that stands for the state's government: seats of government ("Kremlin") and capitals.
    metonyms: list[str]
    # The subset of `metonyms` that are capitals, which are also venues ("talks in Doha").
    capitals: list[str] = field(default_factory=list)
    iso: str | None = None  # ISO 3166-1 alpha-2 where ISO lists the entity
    status: str = "member"  # member | observer | disputed | territory


@dataclass(slots=True)
class RegistryRole:
    title: str
    of: str | None
    since: str | None
    until: str | None


@dataclass(slots=True)
class RegistryActor:
    id: str
    kind: str
    name: str
    aliases: list[str]
    country: str | None
    roles: list[RegistryRole] = field(default_factory=list)
    # organizations.toml: international | regional | humanitarian | national | political | armed_group
    category: str | None = None

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(slots=True)
class Lexicon:
    countries: dict[str, Country]
    # surface form (exact case) -> country id, for names, demonyms and metonyms
    country_forms: dict[str, str]
    persons: list[RegistryActor]
    organizations: list[RegistryActor]
    # organization key -> registry ids sharing that alias
    org_by_key: dict[str, list[str]]
    # surname word key -> registry person ids
    person_by_surname: dict[str, list[str]]
    # full-name key -> registry person id
    person_by_key: dict[str, str]
    by_id: dict[str, RegistryActor]
    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    honorifics: frozenset[str]
    org_heads: frozenset[str]
    generic_org_words: frozenset[str]
    title_stops: frozenset[str]
    generic_heads: frozenset[str]
    purpose_words: frozenset[str]
    leader_titles: frozenset[str]
    led_units: frozenset[str]
    outlets: frozenset[str]  # lower-cased names and aliases of news outlets and platforms
    cues: dict[str, Any]
    form_cache: dict[str, str | None] = field(default_factory=dict)
    capital_forms: frozenset[str] = frozenset()  # capitals as written ("Doha", "Brasília")
    # Words after a name that make it a non-state party ("the M23 rebels", "Houthi fighters").
    group_words: frozenset[str] = frozenset()

    def is_capital(self, text: str) -> bool:
        """Whether a surface form is a capital city: it may stand for its government ("Islamabad said") or
        be the venue ("talks in Islamabad"); which of the two is the extractor's call."""
        t = re.sub(r"['’]s$", "", text.strip()).replace("’", "'")
        return t in self.capital_forms

    def country_of_form(self, text: str) -> str | None:
        """The country a surface form stands for ("Ukrainian", "Kremlin", "the US"), or None (cached: every
        capitalized token of every report asks)."""
        if text not in self.form_cache:
            self.form_cache[text] = self._country_of_form(text)
        return self.form_cache[text]

    def _country_of_form(self, text: str) -> str | None:
        t = text.strip().replace("’", "'")
        t = re.sub(r"'s$", "", t)
        if t in self.country_forms:
            return self.country_forms[t]
        if t.lower().startswith("the ") and t[4:] in self.country_forms:
            return self.country_forms[t[4:]]
        return None

    def registry_person(self, name: str) -> RegistryActor | None:
        """The registry entry for a person's name as written: full name, alias, or an unambiguous surname."""
        pid = self.person_by_key.get(name_key(name))
        if pid is None:
            words = name_words(name)
            ids = self.person_by_surname.get(word_key(words[-1]), []) if len(words) == 1 else []
            pid = ids[0] if len(ids) == 1 else None
        return self.by_id.get(pid) if pid else None

    def is_title_word(self, word: str) -> bool:
        w = word.lower().strip(".,")
        return w in self.title_heads or w in self.title_modifiers


def _load_outlets() -> frozenset[str]:
    try:
        data = _read("outlets.toml")
    except FileNotFoundError:
        return frozenset()
    names: set[str] = set()
    for section in ("outlet", "platform"):
        for entry in data.get(section, []):
            names.add(str(entry["name"]).lower())
            names.update(str(a).lower() for a in entry.get("aliases", []))
    return frozenset(names)


def _registry_actor(entry: dict[str, Any], kind: str, source: str) -> RegistryActor:
    try:
        roles = [RegistryRole(r["title"], r.get("of"), r.get("since"), r.get("until")) for r in entry.get("roles", [])]
        return RegistryActor(id=entry["id"], kind=kind, name=entry["name"], aliases=list(entry.get("aliases", [])),
                             country=entry.get("country"), roles=roles, category=entry.get("category"))
    except KeyError as exc:
        raise DataFileError(f"{source}: a {kind} entry lacks the field {exc}") from exc


@cache
def load_lexicon() -> Lexicon:
    """Read every data file once per process."""
    cdata = _read("countries.toml")
    countries: dict[str, Country] = {}
    forms: dict[str, str] = {}
    capital_forms: set[str] = set()
    for entry in cdata.get("country", []):
        try:
            capitals = list(entry.get("capitals", []))
            c = Country(entry["id"], entry["name"], list(entry.get("aliases", [])), list(entry.get("demonyms", [])),
                        [*entry.get("metonyms", []), *capitals], capitals, entry.get("iso") or None,
                        entry.get("status", "member"))
        except KeyError as exc:
            raise DataFileError(f"countries.toml: a country entry lacks the field {exc}") from exc
        countries[c.id] = c
        capital_forms.update(f.replace("’", "'") for f in capitals)
        for form in [c.name, *c.aliases, *c.demonyms, *c.metonyms]:
            forms.setdefault(form.replace("’", "'"), c.id)
            if form.lower().startswith("the "):
                forms.setdefault(form[4:], c.id)

    adata = _read("actors.toml")
    persons = [_registry_actor(e, "person", "actors.toml") for e in adata.get("person", [])]
    orgs = [_registry_actor(e, "organization", "actors.toml") for e in adata.get("organization", [])]
    try:
        odata = _read("organizations.toml")
    except FileNotFoundError:
        odata = {}
    orgs += [_registry_actor(e, "organization", "organizations.toml") for e in odata.get("organization", [])]
    by_id: dict[str, RegistryActor] = {}
    for a in [*persons, *orgs]:
        if a.id in by_id:
            raise DataFileError(f"actors.toml/organizations.toml: the id {a.id!r} is used twice")
        by_id[a.id] = a
    org_by_key: dict[str, list[str]] = {}
    for o in orgs:
        for n in o.all_names:
            ids = org_by_key.setdefault(org_key(n), [])
            if o.id not in ids:
                ids.append(o.id)
    tdata = _read("titles.toml")
    particles = frozenset(str(w).lower() for w in tdata.get("name_particles", []))
    by_surname: dict[str, list[str]] = {}
    by_key: dict[str, str] = {}
    for p in persons:
        for n in p.all_names:
            words = name_words(n)
            by_key.setdefault(name_key(n), p.id)
            # "von der Leyen" is not "Leyen", "bin Salman" not "Salman": no surname after a particle.
            if len(words) >= 2 and words[-2].lower() not in particles:
                ids = by_surname.setdefault(word_key(words[-1]), [])
                if p.id not in ids:
                    ids.append(p.id)
    low = lambda key: frozenset(str(w).lower() for w in tdata.get(key, []))  # noqa: E731
    try:
        cues = _read("cues.toml")
    except FileNotFoundError:
        cues = {}
    return Lexicon(
        countries=countries, country_forms=forms, persons=persons, organizations=orgs, org_by_key=org_by_key,
        person_by_surname=by_surname, person_by_key=by_key, by_id=by_id,
        title_heads=low("heads"), title_modifiers=low("modifiers"), honorifics=low("honorifics"),
        org_heads=low("org_heads"), generic_org_words=low("generic_org_words"), title_stops=low("title_stops"),
        generic_heads=low("generic_heads"), purpose_words=low("purpose_words"), leader_titles=low("leader_titles"), led_units=low("led_units"),
        outlets=_load_outlets(), cues=cues, capital_forms=frozenset(capital_forms), group_words=low("group_words"),
    )
