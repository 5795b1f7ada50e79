"""Roles on sentences written for these tests."""

import pytest

pytestmark = pytest.mark.model


def roles_of(ext, name):
    ref = next(a.ref for a in ext.actors if a.name == name)
    return {r.title: r for r in ext.roles if r.actor == ref}


def test_title_before_the_name_drops_the_country_word(extract):
    ext = extract("Polish Deputy Foreign Minister Jan Kowalczyk arrived in Kyiv on Monday.")
    roles = roles_of(ext, "Jan Kowalczyk")
    assert list(roles) == ["Deputy Foreign Minister"]
    assert ext.actors[roles["Deputy Foreign Minister"].of].id == "poland"


def test_post_and_rank_are_two_roles(extract):
    ext = extract("Commander of the Joint Forces of Ukraine Major General Ivan Hrytsenko briefed the press.")
    assert set(roles_of(ext, "Ivan Hrytsenko")) == {"Commander of the Joint Forces of Ukraine", "Major General"}


def test_apposition_with_two_posts_cut_at_the_purpose(extract):
    ext = extract("Taras Melnyk, Secretary of the Security Council and head of the Ukrainian delegation for talks "
                  "with Russia, spoke on Friday.")
    assert set(roles_of(ext, "Taras Melnyk")) == {"Secretary of the Security Council",
                                                  "head of the Ukrainian delegation"}


def test_list_of_titled_people_is_not_apposition(extract):
    ext = extract("Deputy Minister Oksana Lytvyn, Deputy Prosecutor General Petro Savchuk, and others attended.")
    assert set(roles_of(ext, "Oksana Lytvyn")) == {"Deputy Minister"}
    assert set(roles_of(ext, "Petro Savchuk")) == {"Deputy Prosecutor General"}


def test_led_by_gives_head_of_the_delegation(extract):
    ext = extract("The Moldovan delegation will be led by Foreign Minister Ana Rusu.")
    titles = set(roles_of(ext, "Ana Rusu"))
    assert "Foreign Minister" in titles
    assert "head of the Moldovan delegation" in titles


def test_former_post_is_marked(extract):
    ext = extract("The talks were opened by former defence minister Oleh Kravets.")
    roles = roles_of(ext, "Oleh Kravets")
    assert roles and all(r.former for r in roles.values())


def test_generic_words_make_no_post(extract):
    ext = extract("Two officials – Anna Koval and Bohdan Moroz – declined to comment.")
    assert not ext.roles


def test_predicated_and_as_titles(extract):
    ext = extract("Oksana Melnyk remains deputy prime minister for the restoration of Ukraine. "
                  "Petro Danylo, who as economy minister negotiated the deal, has been appointed Secretary of "
                  "the Security Council.")
    assert set(roles_of(ext, "Oksana Melnyk")) == {"deputy prime minister for the restoration of Ukraine"}
    assert {"economy minister", "Secretary of the Security Council"} <= set(roles_of(ext, "Petro Danylo"))


def test_who_heads_and_led_by_bodies(extract):
    ext = extract("Ivan Koval, who heads the charity Children First, spoke. Parliament approved a new "
                  "government led by Maria Bondar.")
    assert "head of the charity Children First" in roles_of(ext, "Ivan Koval")
    assert "head of the government" in roles_of(ext, "Maria Bondar")


def test_press_release_titles(extract):
    ext = extract("Andriy Yermak held a phone conversation with National Security Advisor to the President of "
                  "the United States Mike Waltz.")
    assert set(roles_of(ext, "Mike Waltz")) == {"National Security Advisor to the President of the United States"}
    assert "united-states" in {a.id for a in ext.actors}


def test_an_aide_to_the_president(extract):
    ext = extract("The team was headed by Petro Hlib, an aide to President Ivan Moroz, and two generals.")
    assert "aide to President Ivan Moroz" in roles_of(ext, "Petro Hlib")
    assert set(roles_of(ext, "Ivan Moroz")) == {"President"}


def test_a_plural_title_keeps_its_modifiers_for_each_name(extract):
    ext = extract("Rubio spoke with Prime Ministers Narendra Modi and Shehbaz Sharif on Saturday.")
    titles = {ext.actors[r.actor].name: r.title for r in ext.roles}
    assert titles["Narendra Modi"] == "Prime Minister" and titles["Shehbaz Sharif"] == "Prime Minister", titles


def test_an_honorific_before_the_name_is_no_part_of_the_title(extract):
    ext = extract("The deal was welcomed by Supreme Leader Ayatollah Ali Khamenei and by Qatari Prime Minister "
                  "Sheikh Mohammed bin Abdulrahman Al Thani.")
    titles = {ext.actors[r.actor].name: r.title for r in ext.roles}
    assert titles.get("Ali Khamenei") == "Supreme Leader", titles
    assert titles.get("Mohammed bin Abdulrahman Al Thani") == "Prime Minister", titles
