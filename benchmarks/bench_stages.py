"""Where the time of scoring goes: milliseconds per document for each stage of the hot path, and start-up.

    python benchmarks/bench_stages.py [--docs 1000] [--words 300] [--rounds 3] [--input FILE.jsonl]

Documents: the ~300-word news pseudo-documents of ``bench_vs_fasttext`` (synthetic ones without the shared data),
or the "text" of --input's records. Each stage runs over all documents, as ``Detector.score_many`` runs it, and
the fastest of --rounds passes counts:

- ``validate``: the input checks (UTF-8, size, binary, English);
- ``analyse``: normalising, tokenising and sentence splitting (``artifactdet.analysis.analyse``);
- one row per tell, in registry order; the document's shared products (word runs, pair keys...) are cached
  properties, so their cost lands on the first tell that reads them, as in production;
- ``evidence shown``: sorting the evidence and the attested-pairs gate on what a reviewer is shown
  (``artifactdet.tells.shown``; the four evidence aggregates ``run_tells`` also sums are not timed);
- ``n-gram terms``, then ``model`` (hashing the terms, the stacked classifier and the result objects, in
  batches of 64, per document).

The last column is the docs/s one core would reach if scoring were only the stages down to that row: the row
where it falls under a target rate (issue 5 asks 2,000 docs/s per core, model load included) shows how much of
the pipeline fits in that budget. Start-up is timed in fresh processes: importing the library and its
dependencies, then ``Detector.load``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench_vs_fasttext import load_shared, news_documents

from artifactdet.analysis import analyse
from artifactdet.detector import Detector
from artifactdet.ngrams import ngram_terms
from artifactdet.tells import TELLS, Evidence, shown
from artifactdet.validate import validate_text

BATCH = 64


def best_of(rounds: int, run: Callable[[], object]) -> float:
    """Seconds of the fastest of ``rounds`` calls."""
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best


def stage_times(detector: Detector, texts: Sequence[str], rounds: int) -> list[tuple[str, float]]:
    """(stage, seconds for all ``texts``) in hot-path order."""
    res = detector.resources
    limits = detector.limits

    def validate_all() -> None:
        for text in texts:
            validate_text(text, limits)

    def pipeline() -> list[float]:
        # One document at a time, nothing kept, as extract runs: analyse, each tell, then the n-gram terms.
        spent = [0.0] * (len(TELLS) + 3)
        clock = time.perf_counter
        for text in texts:
            t = clock()
            doc = analyse(text)
            spent[0] += clock() - t
            evidence: list[Evidence] = []
            for k, tell in enumerate(TELLS, start=1):
                t = clock()
                evidence.extend(tell(doc, res).evidence)
                spent[k] += clock() - t
            t = clock()
            evidence.sort(key=lambda e: (e.start, e.end, e.tell))
            shown(doc, res, evidence)
            spent[-2] += clock() - t
            t = clock()
            ngram_terms(doc)
            spent[-1] += clock() - t
        return spent

    columns = [min(col) for col in zip(*(pipeline() for _ in range(rounds)), strict=True)]
    per_tell = columns[1:-2]
    extracted = [detector.extract(t) for t in texts]

    def model() -> None:
        for i in range(0, len(extracted), BATCH):
            detector._finish(extracted[i : i + BATCH])

    return [
        ("validate", best_of(rounds, validate_all)),
        ("analyse", columns[0]),
        *((f"tell {tell.name}", s) for tell, s in zip(TELLS, per_tell, strict=True)),
        ("evidence shown (attested-pairs gate)", columns[-2]),
        ("n-gram terms", columns[-1]),
        ("model", best_of(rounds, model)),
    ]


def startup_seconds(rounds: int) -> tuple[float, float]:
    """(import, Detector.load) seconds in a fresh interpreter, the fastest of ``rounds`` starts."""
    code = (
        "import time; t = time.perf_counter(); from artifactdet.detector import Detector; "
        "i = time.perf_counter() - t; t = time.perf_counter(); Detector.load(); "
        "print(i, time.perf_counter() - t)"
    )
    runs = []
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        imp, load = (float(x) for x in done.stdout.split())
        runs.append((imp, load))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--input", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.input:
        lines = args.input.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
        described = f"{len(texts)} records of {args.input}"
    else:
        docs = news_documents(load_shared(), args.docs, args.words)
        texts, described = docs.texts, docs.description
    detector = Detector.load()
    detector.score_many(texts[:BATCH])  # warm the lazy tables, as a long run has
    times = stage_times(detector, texts, args.rounds)
    total = sum(s for _, s in times)
    n = len(texts)
    print(f"{described}; fastest of {args.rounds} passes per stage")
    print(f"{'stage':38s} {'ms/doc':>8s} {'share':>7s} {'docs/s if scoring stopped here':>31s}")
    cumulative = 0.0
    for name, s in times:
        cumulative += s
        print(f"{name:38s} {1000 * s / n:8.3f} {s / total:7.1%} {n / cumulative:31.0f}")
    print(f"{'all stages':38s} {1000 * total / n:8.3f} {1:7.1%} {n / total:31.0f}")
    imp, load = startup_seconds(args.rounds)
    print(f"start-up in a fresh process: imports {imp:.2f} s, Detector.load {load:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
