"""Write the syndicated copies of this near-duplicate test set: edited copies of parley's example reports.

    python tests/data/copies/make_copies.py      # rewrites tests/data/copies/copies/*.txt and labels.toml

Each copy applies one to four of the edits that republication makes (seeded, so the set is stable): a
new headline, a trimmed ending, an added paragraph, other quote marks, another dateline, other spellings,
the `date` line dropped, a few words changed, only the top half kept, two paragraphs swapped. `labels.toml` maps each copy to the example it copies. The
different stories (the negatives) are in `different/`, written by hand.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[2] / "examples"
COPIES_PER_EXAMPLE = 5

HEADLINES = ["Talks update: what we know so far", "Peace talks: latest from the negotiations",
             "WORLD NEWS | Ukraine and Russia", "Breaking: negotiators meet again", "In brief"]
ADDED = [
    "This article was originally published by a news agency and is republished here with permission.",
    "Follow our live coverage of the war and the peace talks for the latest updates throughout the day.",
    "Editor's note: this story has been updated with additional reporting and background on the talks.",
    "Analysts said the outcome of the negotiations would depend heavily on the positions of Washington "
    "and European capitals in the coming weeks, and on whether both sides could agree on an agenda.",
]
SPELLINGS = [("Kyiv", "Kiev"), ("Zelenskiy", "Zelensky"), ("defence", "defense"), ("Defence", "Defense"),
             ("mobilisation", "mobilization"), ("Erdoğan", "Erdogan")]
WORDS = [(" said ", " told reporters "), (" on Friday", ""), (" also ", " "), (" about ", " some "),
         (" however", ""), (" the ", " the ")]


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def new_headline(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    head = rng.choice(HEADLINES)
    first = paras[0]
    if first.startswith("date ") and "\n" in first:
        date_line, rest = first.split("\n", 1)
        if len(rest) < 160:
            paras[0] = f"{date_line}\n{head}"
            return "\n\n".join(paras)
    if len(first) < 160 and not first.startswith("date "):
        paras[0] = head
    else:
        paras.insert(0, head)
    return "\n\n".join(paras)


def trim_ending(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    if len(paras) < 4:
        return text
    keep = max(3, round(len(paras) * rng.uniform(0.6, 0.8)))
    return "\n\n".join(paras[:keep])


def heavy_trim(text: str, rng: random.Random) -> str:
    """Only the top of the story, as a site that runs the first half and links to the rest."""
    paras = paragraphs(text)
    if len(paras) < 5:
        return text
    return "\n\n".join(paras[:max(3, round(len(paras) * rng.uniform(0.45, 0.55)))])


def reorder(text: str, rng: random.Random) -> str:
    """Two paragraphs of the body swapped, as an editor moving a quote up."""
    paras = paragraphs(text)
    if len(paras) < 5:
        return text
    i = rng.randrange(2, len(paras) - 1)
    paras[i - 1], paras[i] = paras[i], paras[i - 1]
    return "\n\n".join(paras)


def add_paragraph(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    where = rng.choice([len(paras), max(1, len(paras) // 2)])
    paras.insert(where, rng.choice(ADDED))
    return "\n\n".join(paras)


def quote_marks(text: str, rng: random.Random) -> str:
    if "“" in text or "’" in text:
        return text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r'"([^"\n]*)"', "“\\1”", text).replace("'", "’")


def dateline(text: str, rng: random.Random) -> str:
    text = re.sub(r"^([A-Z][A-Z/ ]+), \w+ \d+ \((\w+)\) [-—]", r"\1 (\2) —", text, count=1, flags=re.M)
    return re.sub(r"^([A-Z][A-Z/ ]+) [-—] ", r"\1 (Wire) - ", text, count=1, flags=re.M)


def spellings(text: str, rng: random.Random) -> str:
    for a, b in SPELLINGS:
        text = text.replace(a, b)
    return text


def drop_date_line(text: str, rng: random.Random) -> str:
    return re.sub(r"^date \d{4}-\d{2}-\d{2}\n", "", text)


def change_words(text: str, rng: random.Random) -> str:
    for a, b in rng.sample(WORDS, 3):
        text = text.replace(a, b, 2)
    return text


EDITS = [new_headline, trim_ending, add_paragraph, quote_marks, dateline, spellings, drop_date_line,
         change_words, heavy_trim, reorder]


def main() -> None:
    rng = random.Random(11)
    out = HERE / "copies"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    labels = []
    for example in sorted(EXAMPLES.glob("*.txt")):
        text = example.read_text(encoding="utf-8")
        for n in range(COPIES_PER_EXAMPLE):
            edits = rng.sample(EDITS, rng.randint(1, 4))
            copy = text
            for edit in edits:
                copy = edit(copy, rng)
            name = f"{example.stem}.copy{n}.txt"
            (out / name).write_text(copy.strip() + "\n", encoding="utf-8")
            labels.append(f'"{name}" = {{ original = "{example.name}", edits = '
                          f'[{", ".join(repr(e.__name__).replace(chr(39), chr(34)) for e in edits)}] }}')
    (HERE / "labels.toml").write_text(
        "# Each copy in copies/ and the example report (examples/) it copies, with the edits it received.\n"
        "# Written by make_copies.py.\n" + "\n".join(labels) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
