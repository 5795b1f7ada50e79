"""Report text as HTML with its facts marked: every text segment escaped, never raw report text.

Marks may overlap without nesting (a quotation can run past the sentence that attributes it), so the text
is cut at every mark boundary and each piece is wrapped in the marks covering it, outermost first. A mark
cut in two is reopened after the interruption; its `id` goes on the first piece only, so each sentence
anchor (`s-{sent_start}`) exists exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    level: int  # 0 outermost (sentences), then quotes, then mentions
    tag: str  # a fixed tag name chosen by the caller: span, q, a
    attrs: tuple[tuple[str, str], ...] = field(default=())
    id: str | None = None


def _open(mark: Mark, first: bool) -> str:
    attrs = [("id", mark.id)] if first and mark.id else []
    attrs += list(mark.attrs)
    return f"<{mark.tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">"


def highlight(text: str, marks: list[Mark]) -> Markup:
    """`text` as escaped HTML with `marks` wrapped around their character ranges."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    # Sort so marks open outermost-first: by level, then the longer of two marks starting together.
    order = sorted(range(len(marks)), key=lambda i: (marks[i].level, marks[i].start, -marks[i].end, i))
    rank = {i: n for n, i in enumerate(order)}
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        starting.setdefault(m.start, []).append(i)
    active: set[int] = set()
    opened: set[int] = set()
    stack: list[int] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = {i for i in active if marks[i].end > a} | set(starting.get(a, []))
        want = sorted(active, key=rank.__getitem__)
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] == want[keep]:
            keep += 1
        for i in reversed(stack[keep:]):
            out.append(f"</{marks[i].tag}>")
        for i in want[keep:]:
            out.append(_open(marks[i], i not in opened))
            opened.add(i)
        stack = want
        out.append(str(escape(text[a:b])))
    for i in reversed(stack):
        out.append(f"</{marks[i].tag}>")
    return Markup("".join(out))


def report_marks(report: dict) -> list[Mark]:
    """The marks of a report page: sentences with facts (anchored), quotations, and actor mentions."""
    sentences: dict[int, dict] = {}

    def sentence(span: dict, kind: str, label: str) -> None:
        s = sentences.setdefault(span["sent_start"], {"end": span["sent_end"], "kinds": set(), "labels": []})
        s["end"] = max(s["end"], span["sent_end"])
        s["kinds"].add(kind)
        s["labels"].append(label)

    for actor in report["actors"]:
        for m in actor["mentions"]:
            sentence(m["span"], "mention", "")
    for r in report["roles"]:
        sentence(r["span"], "role", f"role: {r['actor_name']}, {r['title']}")
    for q in report["quotes"]:
        sentence(q["span"], "quote", f"quote: {q['speaker_name']}")
    for e in report["events"]:
        who = ", ".join(p["name"] for p in e["actors"] + e["targets"])
        sentence(e["span"], "event", f"{e['type']}: {who}" + (f" ({e['date']})" if e["date"] else ""))
    for p in report["positions"]:
        sentence(p["span"], "position", f"{p['issue']}: {p['holder_name']} {p['stance']}s")

    marks: list[Mark] = []
    last_end = -1
    for start in sorted(sentences):
        s = sentences[start]
        if start < last_end:  # overlapping sentence spans: keep the first, its anchor still exists
            continue
        last_end = s["end"]
        classes = "sent " + " ".join(sorted(f"has-{k}" for k in s["kinds"]))
        attrs = [("class", classes)]
        labels = [x for x in s["labels"] if x]
        if labels:
            attrs.append(("title", "; ".join(labels)))
        marks.append(Mark(start, s["end"], 0, "span", tuple(attrs), id=f"s-{start}"))
    for q in report["quotes"]:
        marks.append(Mark(q["span"]["start"], q["span"]["end"], 1, "mark",
                          (("class", "quote"), ("title", f"{q['speaker_name']} (quotation)"))))
    for e in report["events"]:
        if e["span"]["end"] > e["span"]["start"]:
            marks.append(Mark(e["span"]["start"], e["span"]["end"], 2, "span",
                              (("class", f"cue ev-{e['type']}"), ("title", f"event: {e['type']}"))))
    for actor in report["actors"]:
        for m in actor["mentions"]:
            marks.append(Mark(m["span"]["start"], m["span"]["end"], 3, "a",
                              (("class", f"mention k-{actor['kind']}"), ("href", f"/actors/{quote(actor['id'], safe='')}"),
                               ("title", actor["name"]))))
    return marks
