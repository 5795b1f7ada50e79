"""Identity across reports: one global actor per real person or body, however spelled."""

import pytest

pytestmark = pytest.mark.model


def ids(ext, kind="person"):
    return {a.name: a.id for a in ext.actors if a.kind == kind}


def test_transliterations_share_one_id(extract):
    a = extract("Defence Minister Rustem Umerov arrived in Istanbul.", doc="a")
    b = extract("Rustem Umyerov, the head of the delegation, spoke to reporters.", doc="b")
    assert ids(a)["Rustem Umerov"] == ids(b)["Rustem Umyerov"] == "rustem-umerov"


def test_unregistered_people_resolve_across_reports(extract):
    a = extract("Mayor Oleh Syniehubov of Kharkiv welcomed the returnees.", doc="a")
    b = extract("Governor Oleg Synegubov said the returnees were safe.", doc="b")
    assert ids(a)["Oleh Syniehubov"] == ids(b)["Oleg Synegubov"]


def test_two_people_who_share_a_surname_stay_apart(extract):
    a = extract("Deputy Chief of General Staff Oleksiy Shevchenko joined the delegation.", doc="a")
    b = extract("The poet Taras Shevchenko was quoted by the minister.", doc="b")
    assert ids(a)["Oleksiy Shevchenko"] != ids(b)["Taras Shevchenko"]


def test_surname_alone_goes_to_the_known_person(extract):
    extract("Rescuer Halyna Kovalchuk-Dzyuba led the team.", doc="a")
    b = extract("Later, Kovalchuk-Dzyuba said the team had finished.", doc="b")
    assert ids(b)["Kovalchuk-Dzyuba"] == "halyna-kovalchuk-dzyuba"


def test_registry_gives_canonical_ids_to_surnames(extract):
    ext = extract("Putin and Erdogan spoke by phone, the Kremlin said.")
    assert {"vladimir-putin", "recep-tayyip-erdogan", "russia"} <= {a.id for a in ext.actors}


def test_shared_organization_alias_follows_the_report_country(extract):
    a = extract("Russian officials said the Ministry of Defense in Moscow had not replied.", doc="a")
    b = extract("Ukrainian officials said the Ministry of Defense in Kyiv had signed the contract.", doc="b")
    assert ids(a, "organization")["Ministry of Defense"] == "ministry-of-defense-of-russia"
    assert ids(b, "organization")["Ministry of Defense"] == "ministry-of-defense-of-ukraine"


def test_country_qualified_lower_case_bodies(extract):
    ext = extract("Ukraine's security service said the drones hit airfields. Russia's security service denied it.")
    bodies = [a for a in ext.actors if a.kind == "organization"]
    assert len(bodies) == 2
    assert {a.id for a in bodies} >= {"security-service-of-ukraine"}
    assert len({a.id for a in bodies}) == 2
