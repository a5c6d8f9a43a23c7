"""Experiment (not a tool): reversed word pairs as a word-order tell for machine translation.

Issue 4 names word order among the reasons a sentence looks machine-translated, and ``artifactdet.sentences``
has a label for it, but no tell writes it. The cheapest test with the resources at hand: a pair of common
words ("date start") that neither the pair counts nor the attested pairs hold, whose reverse ("start date")
the pair counts hold at least ``--min-reverse`` times and the attested pairs hold too.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.word_order [--min-reverse 20]

Measured 2026-11-22 (min-reverse 20, both words Zipf >= 3, not both function words): documents with such a
pair, test split: originals 16.7%, human translations 12.7%, machine translations 21.4%, spun 16.7-23.9%;
training split: originals 17.0%, machine translations 19.5%. It does not single out translations. Not built.
"""

from __future__ import annotations

import argparse
from collections import Counter

from artifactdet.analysis import Document, analyse
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources, load_resources
from training.experiments.surface_slips import group_of
from training.train import corpus_splits, parse_run_args

MIN_ZIPF = 3.0


def reversed_pairs(doc: Document, res: Resources, min_reverse: int) -> int:
    hits = 0
    for run, lowers, keys, seen in zip(
        doc.word_runs, doc.word_run_lowers, doc.word_run_pairs, res.attested.runs(doc), strict=True
    ):
        for k, key in enumerate(keys):
            a, b = lowers[k], lowers[k + 1]
            if (run[k].is_title and k > 0) or run[k + 1].is_title or a == b:
                continue
            if (a in FUNCTION_WORDS and b in FUNCTION_WORDS) or min(res.freq(a), res.freq(b)) < MIN_ZIPF:
                continue
            if seen[k] or key in res.bigrams:
                continue
            rev = f"{b} {a}"
            if res.bigrams.get(rev, 0) >= min_reverse and rev in res.attested:
                hits += 1
    return hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--min-reverse", type=int, default=20)
    args = parse_run_args(ap, None)
    res = load_resources().warm()
    for split, items in zip(("train", "test"), corpus_splits(args), strict=True):
        fired: Counter[str] = Counter()
        n: Counter[str] = Counter()
        for it in items:
            group = group_of(it)
            n[group] += 1
            fired[group] += reversed_pairs(analyse(it.sample.text), res, args.min_reverse) > 0
        for group in sorted(n):
            print(f"{split:5s} {group:22s} n={n[group]:5d} with a reversed pair {fired[group] / n[group]:.3f}")


if __name__ == "__main__":
    main()
