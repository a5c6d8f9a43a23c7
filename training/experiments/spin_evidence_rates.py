"""Experiment (not a tool): on what share of documents each spinning tell shows evidence, by class.

A reviewer reads evidence, so evidence on original text is a false lead even when the model's score is right.
Runs the shipped tells and resources over the test split of ``training.train`` and prints, per tell, the
share of documents of each group (originals, human translations, machine translations, spun text per
thesaurus) with at least one span of spinning evidence from it.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.spin_evidence_rates

Measured 2026-11-22 on the test split (2,335 originals, 189 human translations, 1,312 machine translations,
258/272/272 documents spun with Aiksaurus/MyThes/WordNet). Before the attested word pairs (lexicon pair
counts only): any spinning evidence on 75.1% of originals and 81.0% of human translations; collocations
28.0% of originals, context 62.3%, rare_synonyms 42.4%; spun 87.6-97.8% (any). After (a pair the language
model holds is not broken; a word it has seen with its neighbours is not shown): any 55.2% of originals and
51.3% of human translations; collocations 12.7%, context 38.1%, rare_synonyms 34.9%; spun 79.5-96.7% (any),
Aiksaurus the lowest (87.6% -> 79.5%).

With a lexicon that also holds Aiksaurus's links (``python -m training.build_resources --thesauri wordnet
mythes aiksaurus --out DIR/lexicon.json.gz`` with the attested-pairs table copied into DIR, then ``--lexicon
DIR/lexicon.json.gz`` here), 2026-11-23: any spinning evidence on 68.0% of originals (55.2% shipped) and 73.0%
of human translations (51.3%); collocations 18.7%, context 50.5%, rare_synonyms 48.5% of originals; spun
96.7-97.4% (Aiksaurus spins, now a seen thesaurus, 96.9%). Not shipped (and Aiksaurus is GPL).

After the density gate (``artifactdet.tells.DENSE_PER_1K``: in a text of 50 words or more, context and
rare_synonyms flags are shown only where every tell's spinning evidence comes to 10 or more per 1,000 words),
2026-11-23, on the test split of the fixed spinner's corpus: any spinning evidence on 26.1% of originals (54.9%
before, same corpus), 20.6% of human translations (50.8%), 24.9% of machine translations (58.1%); context
16.1% of originals (38.1%), rare_synonyms 15.0% (34.9%); spun 59.3% Aiksaurus (79.5%), 90.8% MyThes (96.3%),
88.6% WordNet (95.6%), with context on 45.0%, 81.6% and 82.0% of them.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from artifactdet.analysis import analyse
from artifactdet.resources import load_resources
from artifactdet.tells import run_tells
from training.experiments.surface_slips import group_of
from training.train import corpus_splits, parse_run_args


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lexicon", type=Path, default=None, help="lexical resources to read (default: the shipped ones)")
    args = parse_run_args(ap, None)
    _, test = corpus_splits(args)
    res = load_resources(args.lexicon).warm()
    fires: dict[str, Counter[str]] = defaultdict(Counter)
    n: Counter[str] = Counter()
    for it in test:
        group = group_of(it)
        n[group] += 1
        spin = [e for e in run_tells(analyse(it.sample.text), res).evidence if e.kind == "spin"]
        for tell in {e.tell for e in spin}:
            fires[tell][group] += 1
        if spin:
            fires["any spinning tell"][group] += 1
    groups = sorted(n)
    print(f"{'tell':18s}" + "".join(f"{g[:20]:>22s}" for g in groups))
    print(f"{'documents':18s}" + "".join(f"{n[g]:>22d}" for g in groups))
    for tell in sorted(fires):
        print(f"{tell:18s}" + "".join(f"{fires[tell][g] / n[g]:>22.3f}" for g in groups))


if __name__ == "__main__":
    main()
