"""The open world end to end: countries, bodies and people parley knows from its data, in written reports."""

import pytest

pytestmark = pytest.mark.model


def ids(ext):
    return {a.id for a in ext.actors}


def test_countries_of_every_region_with_demonyms_and_abbreviations(extract):
    ext = extract("Pakistani and Indian officials met in Geneva. Thailand and Cambodia agreed a truce; "
                  "Malaysian mediators and the UAE welcomed it, as did DRC and Armenia.")
    assert {"pakistan", "india", "thailand", "cambodia", "malaysia", "united-arab-emirates",
            "democratic-republic-of-the-congo", "armenia"} <= ids(ext)


def test_international_bodies_and_non_state_parties(extract):
    ext = extract("Hamas and the Houthis rejected the plan, while the M23 and the RSF accepted it. "
                  "UNICEF, the IAEA and the African Union welcomed the talks at the White House.")
    assert {"hamas", "houthis", "m23", "rapid-support-forces", "unicef", "iaea", "african-union",
            "white-house"} <= ids(ext)


def test_surnames_in_cyrillic_meet_the_registry(extract):
    ext = extract("Президент Володимир Зеленський заявив, що Рустем Умєров очолить делегацію.\n\n"
                  "Сергей Лавров сказал, что Россия готова к переговорам.")
    assert {"volodymyr-zelenskyy", "rustem-umerov", "sergei-lavrov"} <= ids(ext)
