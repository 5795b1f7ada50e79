"""Reports over spaCy's length limit are cut on paragraphs and read whole; reports over parley's cap, or
that break the pipeline, are named and the others go on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import pipeline
from parley.extract.pipeline import ExtractionFailure, extract_guarded, extract_stream, split_paragraphs
from parley.models import Report


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), limit=st.integers(1, 60))
def test_pieces_rebuild_the_text_and_stay_under_the_limit(text, limit):
    pieces = split_paragraphs(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(p for p in pieces[:-1])


def test_cuts_fall_after_blank_lines_when_there_are_any():
    text = "First paragraph here.\n\nSecond one, a bit longer.\n\nThird."
    assert split_paragraphs(text, 30) == ["First paragraph here.\n\n", "Second one, a bit longer.\n\n", "Third."]


PARAGRAPHS = [
    "Rustem Umerov led the Ukrainian delegation at the talks in Istanbul on 16 May 2025.",
    "Vladimir Medinsky, an aide to President Vladimir Putin, headed the Russian side.",
    "Turkish Foreign Minister Hakan Fidan opened the meeting at the Dolmabahce Palace.",
    "Both delegations agreed to exchange 1,000 prisoners of war each, Umerov said.",
]


@pytest.mark.model
def test_a_cut_report_is_read_like_a_whole_one(nlp, monkeypatch):
    text = "\n\n".join(PARAGRAPHS * 3)
    whole = extract_guarded(nlp, [Report(doc="whole", text=text)])[0]
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 200)  # every paragraph or two is its own piece
    assert len(split_paragraphs(text, 200)) > 4
    cut = extract_guarded(nlp, [Report(doc="cut", text=text)])[0]
    assert not isinstance(cut, ExtractionFailure) and not isinstance(whole, ExtractionFailure)
    for a in cut.actors:
        for m in a.mentions:
            assert text[m.span.start:m.span.end] == m.text  # offsets are the original text's
    assert {a.name for a in cut.actors} == {a.name for a in whole.actors}
    assert {(e.type, e.span.start) for e in cut.events} == {(e.type, e.span.start) for e in whole.events}
    last = text.rindex("Hakan Fidan")
    assert any(m.span.start == last for a in cut.actors for m in a.mentions)


@pytest.mark.model
def test_over_the_cap_or_breaking_the_pipeline_is_named_and_the_rest_goes_on(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_REPORT_CHARS", 120)
    real = pipeline.doc_to_extraction

    def fragile(doc, report):
        if "explode" in report.text:  # stands for any input a component cannot handle
            raise ValueError("simulated component failure")
        return real(doc, report)

    monkeypatch.setattr(pipeline, "doc_to_extraction", fragile)
    reports = [Report(doc="a", text=PARAGRAPHS[0]), Report(doc="big", text="Talks went on. " * 20),
               Report(doc="bad", text="Rustem Umerov said the plan would explode."),
               Report(doc="b", text=PARAGRAPHS[2])]
    failures: list[ExtractionFailure] = []
    done = list(extract_stream(reports, nlp=nlp, on_error=failures.append))
    assert [e.report.doc for e in done] == ["a", "b"]
    assert [(f.report.doc, f.reason.split(" ")[0]) for f in failures] == [("big", "text"), ("bad", "extraction")]
    assert "over the 120-character limit" in failures[0].reason
    assert "simulated component failure" in failures[1].reason


class FakePool:
    """Stands in for the process pool: a chunk holding a report named 'poison' kills "its worker"."""

    pools = 0

    def __init__(self):
        FakePool.pools += 1

    def submit(self, fn, chunk=None):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        from parley.models import Extraction

        future: Future = Future()
        if chunk is None:
            future.set_result(True)
        elif any(r.doc == "poison" for r in chunk):
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result([Extraction(report=r) for r in chunk])
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_a_worker_that_dies_costs_only_the_report_it_died_on(monkeypatch):
    monkeypatch.setattr(pipeline, "_new_pool", lambda processes: FakePool())
    FakePool.pools = 0
    docs = [f"r{i}" for i in range(20)]
    docs.insert(5, "poison")  # in a full chunk: the stream's last reports go out one at a time
    failures: list[ExtractionFailure] = []
    done = list(extract_stream([Report(doc=d, text=f"text {d}") for d in docs], processes=2, chunk_size=3,
                               on_error=failures.append))
    assert [e.report.doc for e in done] == [d for d in docs if d != "poison"]  # all others, in order
    assert [f.report.doc for f in failures] == ["poison"] and "worker died" in failures[0].reason
    assert FakePool.pools == 3  # the first pool, one after the chunk broke, one after the poison alone broke


def test_the_last_reports_of_a_stream_go_out_in_small_chunks():
    reports = [Report(doc=f"r{i}", text="x") for i in range(23)]
    chunks = list(pipeline._chunks(reports, 4, tail=8, tail_size=1))
    assert [len(c) for c in chunks] == [4] * 3 + [1] * 11  # full chunks while 8 or more follow, then singles
    assert [r.doc for c in chunks for r in c] == [r.doc for r in reports]
    assert [len(c) for c in pipeline._chunks(reports, 4)] == [4] * 5 + [3]  # no tail: as before
