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


def _read(name: str, data_dir: str | None = None) -> dict[str, Any]:
    """A data file: from `data_dir` (a component's config), else $PARLEY_DATA, else the bundled one."""
    override = data_dir or os.environ.get("PARLEY_DATA")
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


# Words two different instruments' names may share: "the Istanbul deal" is not "the Black Sea grain deal".
GENERIC_INSTRUMENT_WORDS = frozenset({"defense", "peace", "new", "grain", "security", "trade", "ceasefire", "2022",
                                      "2025"})


@cache
def instrument_kind_words(data_dir: str | None = None) -> frozenset[str]:
    """The kind words of instruments.toml ("memorandum", "plan", "system"), keyed as `org_key` keys them."""
    kinds = _read("instruments.toml", data_dir)["kinds"]
    return frozenset(org_key(w) for spec in kinds.values() for w in spec["words"])


def instrument_name_match(a: str, b: str) -> bool:
    """Two proper names of one instrument: one's distinctive words within the other's ("DOT-Chain Defence",
    "DOT-Chain system"). Here rather than beside the extractor, so that resolving needs no spaCy."""
    generic = GENERIC_INSTRUMENT_WORDS | instrument_kind_words()
    ka, kb = set(org_key(a).split()) - generic, set(org_key(b).split()) - generic
    return bool(ka and kb) and (ka <= kb or kb <= ka)


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
    name_honorifics: frozenset[str]  # heads that also stand before a name as its honorific ("Ayatollah")
    org_heads: frozenset[str]
    generic_org_words: frozenset[str]
    title_stops: frozenset[str]
    generic_heads: frozenset[str]
    purpose_words: frozenset[str]
    leader_titles: frozenset[str]
    led_units: frozenset[str]
    name_particles: frozenset[str]  # "von", "bin", "el": lower-case words inside a person's name
    place_modifiers: frozenset[str]  # regions that qualify a title ("Middle East envoy"), lower-case
    outlets: frozenset[str]  # lower-cased names and aliases of news outlets and platforms
    cues: dict[str, Any]
    form_cache: dict[str, str | None] = field(default_factory=dict)
    data_dir: str | None = None  # the folder its files were read from, if not the bundled/PARLEY_DATA ones
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

    def is_international(self, actor_id: str | None) -> bool:
        """Whether a registry organization is an international, regional or humanitarian body
        (organizations.toml's `category`): a forum, mediator or helper, never one of the sides of a conflict."""
        entry = self.by_id.get(actor_id or "")
        return entry is not None and entry.category in ("international", "regional", "humanitarian")

    def is_title_word(self, word: str) -> bool:
        w = word.lower().strip(".,")
        # Plural heads too: "Foreign Ministers Mher Grigoryan and ..." opens with a title, not a name.
        return w in self.title_heads or w in self.title_modifiers or (w.endswith("s") and w[:-1] in self.title_heads)


def _load_outlets(data_dir: str | None = None) -> frozenset[str]:
    try:
        data = _read("outlets.toml", data_dir)
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
def load_lexicon(data_dir: str | None = None) -> Lexicon:
    """Read every data file once per process."""
    cdata = _read("countries.toml", data_dir)
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

    adata = _read("actors.toml", data_dir)
    persons = [_registry_actor(e, "person", "actors.toml") for e in adata.get("person", [])]
    orgs = [_registry_actor(e, "organization", "actors.toml") for e in adata.get("organization", [])]
    try:
        odata = _read("organizations.toml", data_dir)
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
    tdata = _read("titles.toml", data_dir)
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
        cues = _read("cues.toml", data_dir)
    except FileNotFoundError:
        cues = {}
    cues = with_negotiation_issues(cues, load_negotiations(data_dir))
    return Lexicon(
        countries=countries, country_forms=forms, persons=persons, organizations=orgs, org_by_key=org_by_key,
        person_by_surname=by_surname, person_by_key=by_key, by_id=by_id,
        title_heads=low("heads"), title_modifiers=low("modifiers"), honorifics=low("honorifics"),
        name_honorifics=low("name_honorifics"), org_heads=low("org_heads"), generic_org_words=low("generic_org_words"), title_stops=low("title_stops"),
        generic_heads=low("generic_heads"), purpose_words=low("purpose_words"), leader_titles=low("leader_titles"), led_units=low("led_units"),
        name_particles=low("name_particles"), place_modifiers=low("place_modifiers"),
        outlets=_load_outlets(data_dir), cues=cues, data_dir=data_dir, capital_forms=frozenset(capital_forms),
        group_words=low("group_words"),
    )


# --- negotiations ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Negotiation:
    """One negotiation parley follows (`negotiations.toml`): who the parties are and what is at issue."""

    id: str
    name: str
    aliases: tuple[str, ...]
    parties: tuple[str, ...]  # actor ids
    mediators: tuple[str, ...]
    issues: tuple[str, ...]  # every issue id it has, its own cues' ids included
    cues: tuple[tuple[str, tuple[str, ...]], ...]  # (negotiation-specific issue id, its regular expressions)
    since: str | None = None  # YYYY-MM-DD bounds on a report's date
    until: str | None = None


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where}: `{key}` must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _negotiation(entry: dict[str, Any], n: int) -> Negotiation:
    where = f"negotiations.toml: negotiation {entry.get('id', f'#{n}')!r}"
    for key in ("id", "name"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise DataFileError(f"{where}: needs a non-empty `{key}`")
    parties = _strings(entry, "parties", where)
    if not parties:
        raise DataFileError(f"{where}: `parties` lists no actor id")
    raw_cues = entry.get("cues", {})
    if not isinstance(raw_cues, dict):
        raise DataFileError(f"{where}: `cues` must be a table of issue id = [patterns]")
    cues: dict[str, tuple[str, ...]] = {}
    for issue, patterns in raw_cues.items():
        pats = _strings({"p": patterns}, "p", f"{where}, cues.{issue}")
        for p in pats:
            try:
                re.compile(p)
            except re.error as exc:
                raise DataFileError(f"{where}: cue {p!r} of {issue} is not a regular expression ({exc})") from exc
        cues[issue] = pats
    bounds = {}
    for key in ("since", "until"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and _DAY.match(value)):
            raise DataFileError(f"{where}: `{key}` must be a YYYY-MM-DD string")
        bounds[key] = value
    issues = tuple(dict.fromkeys([*_strings(entry, "issues", where), *cues]))
    return Negotiation(id=entry["id"].strip(), name=entry["name"].strip(), aliases=_strings(entry, "aliases", where),
                       parties=parties, mediators=_strings(entry, "mediators", where), issues=issues,
                       cues=tuple(cues.items()),
                       **bounds)


@cache
def load_negotiations(data_dir: str | None = None) -> tuple[Negotiation, ...]:
    """The negotiations of `negotiations.toml` (the user's under PARLEY_DATA if there is one), checked: every
    issue a negotiation lists must have cues, in cues.toml or in some negotiation's own `cues`."""
    try:
        data = _read("negotiations.toml", data_dir)
    except FileNotFoundError:
        return ()
    entries = data.get("negotiation", [])
    if not isinstance(entries, list):
        raise DataFileError("negotiations.toml: negotiations are [[negotiation]] tables")
    out = tuple(_negotiation(e, i + 1) for i, e in enumerate(entries))
    ids = [n.id for n in out]
    if len(set(ids)) != len(ids):
        raise DataFileError(f"negotiations.toml: an id is used twice ({sorted(i for i in ids if ids.count(i) > 1)[0]})")
    try:
        base = _read("cues.toml", data_dir).get("positions", {}).get("issues", {})
    except FileNotFoundError:
        base = {}
    known = set(base) | {i for n in out for i, _ in n.cues}
    for n in out:
        missing = [i for i in n.issues if i not in known]
        if missing:
            raise DataFileError(f"negotiations.toml: negotiation {n.id!r} lists issue {missing[0]!r}, which has no "
                                f"cues in cues.toml [positions.issues] nor in any [negotiation.cues]")
    return out


def negotiation_by_id(negotiation_id: str) -> Negotiation | None:
    return next((n for n in load_negotiations() if n.id == negotiation_id), None)


@cache
def record_issues(data_dir: str | None = None) -> frozenset[str]:
    """The issues of the talks record (SCHEMA.md): those cues.toml defines. A negotiation's own issues
    (negotiations.toml) live in the knowledge base, not in the per-report record."""
    try:
        return frozenset(_read("cues.toml", data_dir).get("positions", {}).get("issues", {}))
    except FileNotFoundError:
        return frozenset()


def with_negotiation_issues(cues: dict[str, Any], negotiations: tuple[Negotiation, ...]) -> dict[str, Any]:
    """`cues` with each negotiation's own issue cues added to [positions.issues], the table the position
    extractor reads: a negotiation's issues are found in every report, as the bundled ones are."""
    issues = {k: list(v) for k, v in cues.get("positions", {}).get("issues", {}).items()}
    for n in negotiations:
        for issue, patterns in n.cues:
            have = issues.setdefault(issue, [])
            have.extend(p for p in patterns if p not in have)
    return {**cues, "positions": {**cues.get("positions", {}), "issues": issues}}
