"""One writer process for the concurrency tests (run as a script): opens a database when told to go and
stores hand-made reports through the real resolver and store, in an order set by its seed.

    python tests/store/concurrent_writer.py DB GO_FILE SEED

Every report names one new person, spelled "Olexandr Kovalchuk" in some reports and "Oleksandr Kovalchuk"
in others, and a new organization; some reports are shared by all writers (the same text), some are the
writer's own. Prints one JSON line: how many reports it stored and skipped.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from parley.api import Ingestor
from parley.models import Event, Extraction, LocalActor, Mention, Report, Span
from parley.store.db import Store

SPELLINGS = ("Olexandr Kovalchuk", "Oleksandr Kovalchuk")
SHARED_REPORTS = 4
OWN_REPORTS = 4


def extraction(doc: str, person: str, body: str) -> Extraction:
    text = f"{person} met officials of the Halytska Grain Board in Lviv. {body}"
    start = text.index(person)
    sent = Span(0, text.index(".") + 1, 0, text.index(".") + 1)
    org = "Halytska Grain Board"
    o = text.index(org)
    actors = [LocalActor(ref=0, kind="person", name=person, registry_id=None, country=None,
                         mentions=[Mention(person, Span(start, start + len(person), sent.start, sent.end))]),
              LocalActor(ref=1, kind="organization", name=org, registry_id=None, country=None,
                         mentions=[Mention(org, Span(o, o + len(org), sent.start, sent.end))])]
    cue = text.index("met")
    event = Event("consult", [0], [1], None, "Lviv", "met", Span(cue, cue + 3, sent.start, sent.end))
    return Extraction(report=Report(doc=doc, text=text, origin=doc), actors=actors, events=[event])


def reports(seed: int) -> list[Extraction]:
    rng = random.Random(seed)
    shared = [extraction(f"shared-{i}", SPELLINGS[i % 2], f"Shared report number {i}.") for i in range(SHARED_REPORTS)]
    own = [extraction(f"own-{seed}-{i}", rng.choice(SPELLINGS), f"Report {i} of writer {seed}.")
           for i in range(OWN_REPORTS)]
    items = shared + own
    rng.shuffle(items)
    return items


def main(db: str, go: str, seed: int) -> None:
    while not Path(go).exists():
        time.sleep(0.001)
    stored = skipped = 0
    with Store(db) as store:
        ingestor = Ingestor(store)
        for ext in reports(seed):
            if ingestor.store_extraction(ext) is None:
                skipped += 1
            else:
                stored += 1
    print(json.dumps({"stored": stored, "skipped": skipped}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
