"""Words that end a post: "replaced as", "resigned as", "who as X negotiated", "a former culture minister"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def roles_of(ext, surname: str) -> dict[str, bool]:
    refs = {a.ref for a in ext.actors if a.name.endswith(surname)}
    return {r.title.lower(): r.former for r in ext.roles if r.actor in refs}


def test_replaced_as_ends_the_post_even_beside_a_current_title(extract):
    ext = extract("Defence Minister Taras Melnyk was replaced as defence minister by Ivan Bilyk on Thursday.")
    assert roles_of(ext, "Melnyk") == {"defence minister": True}


def test_resigned_as_and_served_as(extract):
    assert roles_of(extract("Olha Koval resigned as foreign minister in September."), "Koval") == {
        "foreign minister": True}
    assert roles_of(extract("Petro Savchuk, who served as finance minister until 2023, now teaches law."),
                    "Savchuk") == {"finance minister": True}


def test_who_as_a_post_did_something_is_a_post_held_before(extract):
    ext = extract("Hanna Lysenko, who as economy minister negotiated the grain deal, now heads the cabinet.")
    assert roles_of(ext, "Lysenko").get("economy minister") is True
    # The present tense keeps it current.
    ext = extract("Hanna Lysenko, who as economy minister oversees the grain deal, spoke on Monday.")
    assert roles_of(ext, "Lysenko").get("economy minister") is False


def test_a_portfolio_makes_a_title(extract):
    ext = extract("The delegation was led by presidential aide Ivan Bilyk, a former culture minister, and three "
                  "deputy ministers.")
    assert roles_of(ext, "Bilyk").get("culture minister") is True


def test_as_after_another_actor_gives_that_actor_the_title_not_the_subject(extract):
    ext = extract("Erdogan, who has positioned Turkey as a mediator throughout the war, spoke on Monday.")
    assert "mediator" not in roles_of(ext, "Erdogan")
