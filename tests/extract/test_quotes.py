"""Quotations and their speakers on text written for these tests."""

import pytest

from parley.extract.quotes import find_quote_spans

pytestmark = pytest.mark.model


def speakers(ext):
    return {q.text: ext.actors[q.speaker].name for q in ext.quotes}


def test_quote_then_speaker(extract):
    ext = extract('"We will not give up a single village," Mayor Iryna Danylenko said on Sunday.')
    assert speakers(ext) == {"We will not give up a single village": "Iryna Danylenko"}


def test_speaker_then_colon_and_curly_quotes(extract):
    ext = extract("Envoy Petro Lysak wrote: “The list has been handed over.”")
    assert speakers(ext) == {"The list has been handed over.": "Petro Lysak"}


def test_pronoun_speaker_is_the_latest_person(extract):
    ext = extract('Negotiator Olha Stefanyshyn left the hall first. "Nothing was signed," she added.')
    assert speakers(ext) == {"Nothing was signed": "Olha Stefanyshyn"}


def test_description_speaker_matches_a_role(extract):
    ext = extract('Energy Minister Roman Holub met Mayor Ivan Bilyk in Odesa. '
                  '"The grid will hold," the minister noted.')
    assert speakers(ext) == {"The grid will hold": "Roman Holub"}


def test_partial_quote_in_running_text(extract):
    ext = extract("Minister Oleh Danyliuk said the proposal was “unrealistic” and left.")
    assert speakers(ext) == {"unrealistic": "Oleh Danyliuk"}


def test_scare_quotes_without_a_speaker_are_not_quotes(extract):
    ext = extract("The so-called “referendum” was never recognised by anyone in the region.")
    assert not ext.quotes


def test_quote_running_over_paragraphs():
    text = '"First paragraph of the statement.\n"Second paragraph closes it," he said.'
    spans = find_quote_spans(text, [])
    assert len(spans) == 1
    assert spans[0].text == "First paragraph of the statement. Second paragraph closes it,"


def test_speaker_is_the_one_next_to_the_verb(extract):
    ext = extract("After a meeting with Mayor Petro Bilyk, Minister Olha Savchuk called the plan “reckless” "
                  "and left. She added that Bilyk was “not serious” about it.")
    assert speakers(ext) == {"reckless": "Olha Savchuk", "not serious": "Olha Savchuk"}


def test_a_closed_quotation_is_not_attributed_by_the_next_sentence(extract):
    ext = extract('Envoy Ivan Hrytsenko spoke first. "The talks will resume." Minister Anna Koval said nothing.')
    assert speakers(ext) == {}


def test_quotation_going_on_after_its_attribution(extract):
    ext = extract("Iryna Hnatiuk waited at the border. “He is home,” she said. “I still cannot believe it.”")
    assert speakers(ext) == {"He is home": "Iryna Hnatiuk", "I still cannot believe it.": "Iryna Hnatiuk"}


def test_run_on_quotation_gives_one_quote_per_paragraph(extract):
    ext = extract('Minister Oleh Danyliuk spoke after the talks.\n\n"We agreed on the exchange.\n\n'
                  '"We also agreed to meet again," he said.')
    assert [q.text for q in ext.quotes] == ["We agreed on the exchange.", "We also agreed to meet again"]
    assert {ext.actors[q.speaker].name for q in ext.quotes} == {"Oleh Danyliuk"}


@pytest.mark.parametrize("text, quote, speaker", [
    # The addressee of "urged" is not the speaker; the quotation goes on the sentence of the earlier one.
    ('President Ilham Aliyev said the sides had reached an "understanding" and urged Yerevan not to "undo" '
     'it.', "undo", "Ilham Aliyev"),
    # The subject of the clause that "said" reports is not the speaker.
    ('He thanked Qatar. Later, Prime Minister Anwar Ibrahim said Bangkok would keep working for "a lasting '
     'peace".', "a lasting peace", "Anwar Ibrahim"),
    # Someone named after a preposition is not the speaker.
    ('Speaker Nabih Berri, who negotiated with envoy Amos Hochstein, called on residents to go back "to '
     'their villages".', "to their villages", "Nabih Berri"),
    ('Chancellor Friedrich Merz pushes back on Donald Trump: "We need a ceasefire first."',
     "We need a ceasefire first.", "Friedrich Merz"),
])
def test_the_speaker_is_not_who_is_spoken_to_or_of(extract, text, quote, speaker):
    assert speakers(extract(text)).get(quote) == speaker


def test_a_name_that_only_qualifies_the_speaker_is_not_the_speaker(extract):
    ext = extract('Treasury Secretary Scott Bessent signed the deal. The Trump administration official noted that '
                  '"this is not just minerals".')
    assert "Trump" not in (speakers(ext).get("this is not just minerals") or ""), speakers(ext)


@pytest.mark.parametrize("text, expected", [
    pytest.param("Prime Minister Nikol Pashinyan answered with an address to the nation on Friday:\n\n"
                 "\u201cWe will not give up the peace we have built. We will sign.\u201d",
                 {"We will not give up the peace we have built. We will sign.": "Nikol Pashinyan"},
                 id="a paragraph ending in a colon introduces the quotation below it"),
    pytest.param('Baku has sent "new proposals" to U.S. envoy Steve Witkoff ahead of the summit, Foreign Ministry '
                 'spokesperson Aykhan Hajizada told reporters on Monday.', {"new proposals": "Aykhan Hajizada"},
                 id="a sentence's closing attribution names the speaker of a phrase inside it"),
    pytest.param('\u201cWe will keep working with the mediators," Foreign Minister Ararat Mirzoyan added.',
                 {"We will keep working with the mediators": "Ararat Mirzoyan"},
                 id="a curly opening mark may close with a straight one"),
])
def test_where_the_speaker_stands(extract, text, expected):
    assert speakers(extract(text)) == expected
