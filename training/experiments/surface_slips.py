"""Experiment (not a tool): how often thesaurus-free surface slips occur, by class, in each split.

Two slips, per document (fires at least once):
- ``articles``: the shipped ``articles`` tell (an "a"/"an" that does not fit the next word);
- ``repeat``: the shipped ``repeats`` tell (a content word written twice in a row, "lofty lofty", the stutter of
  neural MT). First measured here as a plain count that also took capitalised pairs ("Walla Walla"); built as a
  tell after that measurement, without them.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.surface_slips

Measured 2026-11-22 (share of documents). articles: training split originals 0.8% (human translations 0.3%),
translated 2.5%, spun 14.9-19.6% per thesaurus; test split originals 0.8% (human translations 0.5%), translated
1.3%, spun 13.6-21.7%. repeat: training split originals 0.9%, translated 6.7%, spun 1.0-3.1%; test split
originals 0.7%, translated 5.7%, spun 1.8-2.6%.

Re-measured the same day after the spinner learnt irregular forms, with the ``repeats`` tell (capitalised pairs
left out). articles: training split originals 0.8% (human translations 0.3%), translated 2.5%, spun 14.9-19.6%;
test split originals 0.8% (human translations 0.5%), translated 1.3%, spun 13.6-21.7%. repeats: training split
originals 0.5% (human translations 0.3%), translated 4.1%, spun 0.5-2.1%; test split originals 0.3% (human
translations 0.0%), translated 3.7%, spun 1.1-1.6%.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from artifactdet.analysis import analyse
from artifactdet.resources import load_resources
from artifactdet.tells.articles import ArticleAgreement
from artifactdet.tells.repeats import Repeats
from training.train import Item, corpus_splits, parse_run_args


def group_of(it: Item) -> str:
    s = it.sample
    if s.label == "spun":
        return s.system  # spinner:THESAURUS
    if s.label == "original" and s.system == "human":
        return "human translation"
    return s.label


def main() -> None:
    args = parse_run_args(argparse.ArgumentParser(description=__doc__), [])
    train, test = corpus_splits(args)
    res = load_resources().warm()
    tell, stutter = ArticleAgreement(), Repeats()
    for split, items in (("train", train), ("test", test)):
        fired: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        for it in items:
            doc = analyse(it.sample.text)
            fired[group_of(it)].append((bool(tell(doc, res).evidence), bool(stutter(doc, res).evidence)))
        for group, rows in sorted(fired.items()):
            n = len(rows)
            print(
                f"{split:5s} {group:22s} n={n:5d} articles {sum(a for a, _ in rows) / n:.3f} "
                f"repeat {sum(r for _, r in rows) / n:.3f}"
            )


if __name__ == "__main__":
    main()
