"""Highlighted report text: escaped segments, well-nested tags for overlapping marks, one anchor per sentence."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from parley.serve.charts import Bar, bar_chart, day
from parley.serve.highlight import Mark, highlight


class _Nesting(HTMLParser):
    """Fails on a close tag that does not match the innermost open one."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"misnested </{tag}>"


def parse(html: str) -> _Nesting:
    p = _Nesting()
    p.feed(html)
    p.close()
    assert p.stack == []
    return p


def text_of(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html))


def test_every_segment_is_escaped():
    text = '<script>alert(1)</script> & "Kyiv" <b>'
    out = highlight(text, [Mark(0, 8, 0, "span", (("class", "sent"),), id="s-0")])
    assert "<script>" not in out and "<b>" not in out
    assert out.startswith('<span id="s-0" class="sent">&lt;script&gt;</span>')
    assert text_of(out) == text


def test_attribute_values_are_escaped():
    out = highlight("abc", [Mark(0, 3, 0, "a", (("title", '"><script>x</script>'), ("href", "/actors/a")))])
    assert "<script>" not in out and 'title="&#34;&gt;&lt;script&gt;' in out


def test_overlapping_marks_nest_and_keep_one_anchor():
    text = "One sentence here. Another one follows."
    marks = [Mark(0, 18, 0, "span", id="s-0"), Mark(19, 39, 0, "span", id="s-19"),
             Mark(4, 27, 1, "mark"),  # a quotation running across the sentence boundary
             Mark(13, 17, 2, "a", (("href", "/actors/x"),)), Mark(8, 15, 2, "a", (("href", "/actors/y"),))]
    out = highlight(text, marks)
    parsed = parse(out)
    assert parsed.ids == ["s-0", "s-19"]
    assert text_of(out) == text


def test_marks_outside_the_text_are_dropped():
    assert highlight("abc", [Mark(2, 9, 0, "span"), Mark(-1, 2, 0, "span"), Mark(1, 1, 0, "span")]) == "abc"


def test_chart_days_and_bars():
    assert day("2025-06") == day("2025-06-01") and day("2025") == day("2025-01-01")
    assert day("2025-02-30") is None and day(None) is None
    chart = bar_chart([Bar("a", "2025-03-01", "2025-05-01", "current"), Bar("b", None, None, "former"),
                       Bar("c", "2025-05-01", "2025-05-01", "former")])
    a, b, c = chart.rows
    assert b["bar"] is None and c["bar"]["width"] >= 6
    assert a["bar"]["x"] < c["bar"]["x"] and [t["label"] for t in chart.ticks] == ["Mar 2025", "Apr 2025", "May 2025"]
