"""Experiment (not a tool): how often thesaurus-free surface slips occur, by class, in each split.

Two slips, per document (fires at least once):
- ``articles``: the shipped ``articles`` tell (an "a"/"an" that does not fit the next word);
- ``repeat``: a content word written twice in a row ("lofty lofty"), the stutter of older neural MT; ordinary
  reduplications ("knock knock", "bye bye") and function words are not counted. Not a tell: measured, not built.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.surface_slips

Measured 2026-11-22 (share of documents). articles: training split originals 0.8% (human translations 0.3%),
translated 2.5%, spun 14.9-19.6% per thesaurus; test split originals 0.8% (human translations 0.5%), translated
1.3%, spun 13.6-21.7%. repeat: training split originals 0.9%, translated 6.7%, spun 1.0-3.1%; test split
originals 0.7%, translated 5.7%, spun 1.8-2.6%.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from itertools import pairwise
from typing import Final

from artifactdet.analysis import analyse
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import load_resources
from artifactdet.tells.articles import ArticleAgreement
from training.train import Item, corpus_splits, parse_run_args

_WORD: Final = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*|[^\w\s]")
# Reduplications English writes on purpose; utterance data asks for "knock knock" jokes.
_CONVENTIONAL: Final = frozenset(
    [
        "knock",
        "blah",
        "bye",
        "haha",
        "very",
        "yes",
        "please",
        "etc",
        "bla",
        "tut",
        "chop",
        "boo",
        "hush",
        "dum",
        "yada",
        "wow",
        "much",
        "many",
        "far",
        "well",
        "again",
        "more",
        "really",
        "too",
        "come",
        "there",
        "poor",
        "bravo",
        "tick",
        "quack",
        "woof",
        "hey",
        "hip",
    ]
)


def repeats(text: str) -> bool:
    words = _WORD.findall(text)
    for a, b in pairwise(words):
        w = a.lower()
        if w == b.lower() and w.isalpha() and len(w) >= 3 and w not in FUNCTION_WORDS and w not in _CONVENTIONAL:
            return True
    return False


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
    tell = ArticleAgreement()
    for split, items in (("train", train), ("test", test)):
        fired: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        for it in items:
            doc = analyse(it.sample.text)
            fired[group_of(it)].append((bool(tell(doc, res).evidence), repeats(it.sample.text)))
        for group, rows in sorted(fired.items()):
            n = len(rows)
            print(
                f"{split:5s} {group:22s} n={n:5d} articles {sum(a for a, _ in rows) / n:.3f} "
                f"repeat {sum(r for _, r in rows) / n:.3f}"
            )


if __name__ == "__main__":
    main()
