"""Actor spans on sentences written for these tests."""

import pytest

pytestmark = pytest.mark.model


def by_kind(ext, kind):
    return {a.name: a for a in ext.actors if a.kind == kind}


def test_title_is_split_from_the_name(extract):
    ext = extract("Deputy Interior Minister Petro Hnatyuk met Polish Foreign Minister Jan Kowalczyk in Lviv.")
    people = by_kind(ext, "person")
    assert "Petro Hnatyuk" in people and "Jan Kowalczyk" in people
    assert all("Minister" not in name for name in people)
    assert "poland" in {a.id for a in ext.actors}


def test_surname_binds_to_the_full_name(extract):
    ext = extract("Negotiator Taras Melnychenko arrived on Monday. Later, Melnychenko told reporters the talks "
                  "would resume.")
    people = [a for a in ext.actors if a.kind == "person"]
    assert len(people) == 1
    assert people[0].forms == ["Taras Melnychenko", "Melnychenko"]


def test_a_surname_keeps_its_particles_capitalized_or_not(extract):
    ext = extract("Prime Minister Giorgia Meloni and Ursula von der Leyen arrived. Von der Leyen spoke first, "
                  "then Meloni.")
    people = {a.name: a.forms for a in ext.actors if a.kind == "person"}
    assert people["Ursula von der Leyen"] == ["Ursula von der Leyen", "Von der Leyen"], people


def test_namesakes_stay_apart(extract):
    ext = extract("Oksana Bondarenko, a lawyer, and Ihor Bondarenko, a soldier, were both named in the list.")
    assert {a.name for a in ext.actors if a.kind == "person"} == {"Oksana Bondarenko", "Ihor Bondarenko"}


def test_demonyms_and_metonyms_stand_for_countries(extract):
    ext = extract("The Kremlin rejected the offer, while Ukrainian officials said Ankara would host the meeting.")
    assert {a.id for a in ext.actors if a.kind == "country"} == {"russia", "ukraine", "turkey"}


def test_organizations_inside_titles_are_found(extract):
    ext = extract("Colonel Dmytro Savchuk, head of the Border Guard Service of Ukraine, and the spokesman of the "
                  "Ministry of Energy briefed journalists.")
    orgs = by_kind(ext, "organization")
    assert "Border Guard Service of Ukraine" in orgs
    assert "Ministry of Energy" in orgs
    assert "Dmytro Savchuk" in by_kind(ext, "person")


def test_outlets_and_platforms_are_not_actors(extract):
    ext = extract("Minister Ivan Tkach wrote on Facebook that the exchange was complete, Ukrinform reports.")
    names = {a.name for a in ext.actors}
    assert "Facebook" not in names and "Ukrinform" not in names
    assert "Ivan Tkach" in names


def test_acronym_binds_to_its_long_form(extract):
    ext = extract("The State Emergency Service said rescuers were at the scene. The SES added that two people "
                  "were injured.")
    orgs = [a for a in ext.actors if a.kind == "organization"]
    assert len(orgs) == 1 and set(orgs[0].forms) == {"State Emergency Service", "SES"}


def test_related_story_links_are_not_read(extract):
    ext = extract("Envoy Maria Lysenko met the mediators.\n\nRead more: Pope Leo XIV calls Emmanuel Macron - Reuters")
    names = {a.name for a in ext.actors}
    assert "Emmanuel Macron" not in names and "Maria Lysenko" in names


def test_bylines_and_wire_credits_are_not_actors(extract):
    ext = extract("By Jane Doe\nKYIV, May 2 (Reuters) - Minister Ivan Koval met envoys in Kyiv.\n"
                  "(Reporting by Olena Harmash; Editing by Mark Heinrich)")
    names = {a.name for a in ext.actors if a.kind == "person"}
    assert names == {"Ivan Koval"}
