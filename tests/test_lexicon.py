"""The world parley knows: countries, organizations and registry people, as the data files give them."""

from __future__ import annotations

import pytest

from parley.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def test_every_un_member_and_the_usual_other_entities(lex):
    members = [c for c in lex.countries.values() if c.status == "member"]
    assert len(members) == 193
    assert len({c.iso for c in members}) == 193
    for cid in ["vatican", "palestine", "kosovo", "taiwan", "western-sahara"]:
        assert lex.countries[cid].status in ("observer", "disputed")


@pytest.mark.parametrize(("form", "country"), [
    ("Pakistan", "pakistan"), ("Pakistani", "pakistan"), ("Pakistanis", "pakistan"), ("Islamabad", "pakistan"),
    ("Armenians", "armenia"), ("Thai", "thailand"), ("Cambodian", "cambodia"), ("Malaysian", "malaysia"),
    ("Congolese", "democratic-republic-of-the-congo"), ("DRC", "democratic-republic-of-the-congo"),
    ("Emirati", "united-arab-emirates"), ("UAE", "united-arab-emirates"), ("U.S.", "united-states"),
    ("USA", "united-states"), ("UK", "united-kingdom"), ("Britons", "united-kingdom"), ("Omani", "oman"),
    ("Yemen", "yemen"), ("Sudanese", "sudan"), ("South Sudanese", "south-sudan"), ("Türkiye", "turkey"),
    ("the Kremlin", "russia"), ("Kyiv", "ukraine"), ("Brasilia", "brazil"), ("Holy See", "vatican"),
    ("Kosovar", "kosovo"), ("Filipinos", "philippines"), ("Côte d'Ivoire", "ivory-coast"),
])
def test_names_demonyms_abbreviations_and_capitals(lex, form, country):
    assert lex.country_of_form(form) == country


def test_capitals_are_flagged_apart_from_other_seats_of_government(lex):
    assert lex.is_capital("Islamabad") and lex.is_capital("Doha") and lex.is_capital("Brasília")
    assert not lex.is_capital("Kremlin") and not lex.is_capital("Pakistan")
    assert "Kremlin" in lex.countries["russia"].metonyms and "Moscow" in lex.countries["russia"].metonyms
    # A capital that names other places or people more often is left out.
    assert lex.country_of_form("Victoria") is None and lex.country_of_form("Jerusalem") is None


def test_ordinary_words_are_no_country(lex):
    for word in ["Island", "Congolese Republic", "English", "Korean", "Palestinian", "IS", "NO"]:
        assert lex.country_of_form(word) is None, word


@pytest.mark.parametrize(("alias", "org"), [
    ("Hamas", "hamas"), ("Houthis", "houthis"), ("Ansar Allah", "houthis"), ("M23", "m23"), ("AFC/M23", "m23"),
    ("RSF", "rapid-support-forces"), ("Rapid Support Forces", "rapid-support-forces"), ("Hezbollah", "hezbollah"),
    ("Taliban", "taliban"), ("PKK", "pkk"), ("SDF", "sdf"), ("Wagner Group", "wagner-group"),
    ("UN Security Council", "un-security-council"), ("UNICEF", "unicef"), ("UNHCR", "unhcr"), ("IAEA", "iaea"),
    ("World Health Organization", "who"), ("European Council", "european-council"), ("EEAS", "eeas"),
    ("NATO", "nato"), ("ICRC", "international-committee-of-the-red-cross"), ("African Union", "african-union"),
    ("ASEAN", "asean"), ("OSCE", "osce"), ("OPEC", "opec"), ("BRICS", "brics"), ("G7", "g7"), ("G20", "g20"),
    ("Arab League", "arab-league"), ("GCC", "gcc"), ("OIC", "oic"), ("ECOWAS", "ecowas"), ("SADC", "sadc"),
    ("EAC", "eac"), ("IGAD", "igad"), ("CSTO", "csto"), ("SCO", "sco"), ("ICC", "international-criminal-court"),
    ("ICJ", "icj"), ("IMF", "imf"), ("World Bank", "world-bank"), ("White House", "white-house"),
    ("SWIFT", "swift"), ("Bank of Russia", "central-bank-of-russia"), ("Naftogaz", "naftogaz"),
])
def test_organizations_and_non_state_parties(lex, alias, org):
    from parley.lexicon import org_key

    assert lex.org_by_key[org_key(alias)] == [org]


def test_no_organization_alias_is_an_ordinary_title_case_word(lex):
    from parley.lexicon import org_key

    for word in ["Who", "Is", "Congress", "Wagner", "Amnesty"]:
        assert org_key(word) not in lex.org_by_key, word


def test_registry_people_have_resolvable_dated_roles(lex):
    for person in lex.persons:
        for role in person.roles:
            assert role.of is None or role.of in lex.countries or role.of in lex.by_id, (person.id, role.of)
            assert role.since is None or role.until is None or role.since <= role.until, person.id


@pytest.mark.parametrize(("name", "pid"), [
    ("Shehbaz Sharif", "shehbaz-sharif"), ("Sharif", "shehbaz-sharif"), ("Araghchi", "abbas-araghchi"),
    ("Anwar", "anwar-ibrahim"), ("Abdel Fattah al-Sisi", "abdel-fattah-el-sisi"), ("Sisi", "abdel-fattah-el-sisi"),
    ("von der Leyen", "ursula-von-der-leyen"), ("Kallas", "kaja-kallas"), ("Guterres", "antonio-guterres"),
    ("Albusaidi", "badr-albusaidi"), ("Tshisekedi", "felix-tshisekedi"), ("Pashinyan", "nikol-pashinyan"),
])
def test_well_known_people_of_current_negotiations(lex, name, pid):
    person = lex.registry_person(name)
    assert person is not None and person.id == pid


def test_no_surname_after_a_name_particle(lex):
    # "Leyen" alone is nobody, and "Salman" is not the crown prince: the surname index skips both.
    assert lex.registry_person("Leyen") is None
    assert lex.registry_person("Salman") is None
    assert lex.registry_person("Mohammed bin Salman").id == "mohammed-bin-salman"


def test_group_words_mark_non_state_parties(lex):
    assert {"rebels", "militia", "fighters", "movement"} <= lex.group_words
    assert "minister" not in lex.group_words
