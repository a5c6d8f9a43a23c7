"""Experiment (not a tool): would undoing two swaps in one word pair find the held-out PPS phrases?

The tells undo one thesaurus swap per phrase, and "more than one word swapped" is a leading miss cause on the
held-out tenth of the Problematic Paper Screener list (``training.evaluate_evidence``). For each held-out
two-word tortured phrase this tries every pair of reverse-thesaurus originals (each at least ``MIN_GAIN`` Zipf
commoner than the word it replaces, as the collocations tell asks) and keeps the commonest restored pair with
``MIN_SUPPORT`` occurrences in the lexicon's bigram counts.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.double_swaps [--min-support 5]

Measured 2026-11-23 with the shipped lexicon: of 356 held-out two-word phrases, a restoration was found for 1
(and it was right) with support 5, and for none with support 20: the lexicon rarely links both words, so a
two-swap search cannot help; not built.
"""

from __future__ import annotations

import argparse

from artifactdet.resources import Resources, load_resources
from training.evaluate_evidence import held_out_pps

MIN_GAIN = 0.3


def double_restore(a: str, b: str, res: Resources, min_support: int) -> tuple[str, int] | None:
    fa, fb = res.freq(a), res.freq(b)
    left = [c for c in res.reverse_synonyms.get(a, ()) if res.freq(c) >= fa + MIN_GAIN]
    right = [c for c in res.reverse_synonyms.get(b, ()) if res.freq(c) >= fb + MIN_GAIN]
    best: tuple[str, int] | None = None
    for c1 in left:
        for c2 in right:
            s = res.bigrams.get(f"{c1} {c2}", 0)
            if s >= min_support and (best is None or s > best[1]):
                best = (f"{c1} {c2}", s)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--min-support", type=int, default=5)
    args = ap.parse_args()
    res = load_resources()
    expected = {p: o for p, o in held_out_pps(res).items() if len(p.split()) == 2}  # evaluate_evidence's PPS set
    found = right = 0
    for phrase, originals in expected.items():
        a, b = phrase.lower().split()
        restored = double_restore(a, b, res, args.min_support)
        if restored is not None:
            found += 1
            right += restored[0] in {o.lower() for o in originals}
    print(f"held-out two-word phrases: {len(expected)}; restored: {found}; right: {right}")


if __name__ == "__main__":
    main()
