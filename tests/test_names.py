"""Name keys: transliteration variants collide, different names do not."""

import pytest

from parley.names import given_names_compatible, name_key, slugify, word_key


@pytest.mark.parametrize("a, b", [
    ("Umerov", "Umierov"), ("Umerov", "Umyerov"), ("Kyslytsya", "Kyslytsa"), ("Kyslytsya", "Kislitsa"),
    ("Kyslytsya", "Kyslytsia"), ("Andrii", "Andriy"), ("Serhiy", "Sergiy"), ("Serhii", "Serhiy"),
    ("Zelenskyy", "Zelensky"), ("Zelenskiy", "Zelenskyy"), ("Erdogan", "Erdoğan"), ("Syrskyi", "Syrsky"),
    ("Oleksiy", "Olexiy"), ("Yuriy", "Iurii"), ("Kharkiv", "Harkiv"),
])
def test_variants_share_a_key(a, b):
    assert word_key(a) == word_key(b)


@pytest.mark.parametrize("a, b", [
    ("Shevchenko", "Shevchuk"), ("Umerov", "Usmanov"), ("Yermak", "Yermolenko"), ("Oleksandr", "Oleksiy"),
    ("Budanov", "Bodnar"), ("Putin", "Pushkin"),
])
def test_different_names_keep_apart(a, b):
    assert word_key(a) != word_key(b)


def test_name_key_drops_possessive_and_accents():
    assert name_key("Recep Tayyip Erdoğan's") == name_key("Recep Tayyip Erdogan")


def test_given_names():
    assert given_names_compatible(["Andriy"], ["Andrii"])
    assert given_names_compatible(["V."], ["Volodymyr"])
    assert given_names_compatible([], ["Taras"])
    assert not given_names_compatible(["Taras"], ["Oleksiy"])


def test_slugify_is_readable_ascii():
    assert slugify("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    assert slugify("Akif Çağatay Kılıç") == "akif-cagatay-kilic"
