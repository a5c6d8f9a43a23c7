"""Throughput and latency of scoring: docs/s, MB/s and per-document latency percentiles.

    python benchmarks/bench_score.py [--docs 2000] [--words 300] [--input FILE.jsonl]

Without --input it scores synthetic ~300-word English documents built from a fixed vocabulary, so the
numbers are comparable between runs; with --input it scores those records. Model load time is reported
separately from scoring.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from artifactdet.detector import Detector

VOCAB = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "with",
    "he",
    "it",
    "as",
    "at",
    "by",
    "this",
    "from",
    "they",
    "we",
    "be",
    "are",
    "have",
    "has",
    "had",
    "not",
    "but",
    "government",
    "council",
    "city",
    "report",
    "said",
    "officials",
    "minister",
    "meeting",
    "week",
    "plan",
    "budget",
    "school",
    "road",
    "people",
    "year",
    "new",
    "public",
    "police",
    "court",
    "law",
    "company",
    "market",
    "price",
    "sales",
    "team",
    "game",
    "season",
    "players",
    "music",
    "film",
    "book",
    "story",
]


def synthetic(n: int, words: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        sents = []
        count = 0
        while count < words:
            k = rng.randint(8, 25)
            s = " ".join(rng.choice(VOCAB) for _ in range(k))
            sents.append(s[0].upper() + s[1:] + ".")
            count += k
        docs.append(" ".join(sents))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--input", type=Path, default=None)
    args = ap.parse_args()
    if args.input:
        texts = [
            json.loads(line)["text"] for line in args.input.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    else:
        texts = synthetic(args.docs, args.words)
    t0 = time.perf_counter()
    detector = Detector.load()
    load_s = time.perf_counter() - t0
    latencies = []
    for text in texts[: min(200, len(texts))]:
        t = time.perf_counter()
        detector.score(text)
        latencies.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    for i in range(0, len(texts), 64):
        detector.score_many(texts[i : i + 64])
    batch_s = time.perf_counter() - t
    mb = sum(len(x.encode()) for x in texts) / 1e6
    q = statistics.quantiles(latencies, n=100)
    print(f"model load: {load_s:.2f} s")
    print(
        f"batch scoring: {len(texts)} docs in {batch_s:.2f} s = "
        f"{len(texts) / batch_s:.0f} docs/s, {mb / batch_s:.2f} MB/s"
    )
    print(f"single-document latency (ms): p50 {q[49]:.2f}  p95 {q[94]:.2f}  p99 {q[98]:.2f}")


if __name__ == "__main__":
    main()
