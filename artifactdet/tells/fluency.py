"""Spinning: word-pair fluency, measured without any thesaurus.

A spinner swaps words for rarer ones no matter what stands beside them, so its text holds pairs of ordinary
words that original English rarely writes together ("much torn", "was varying"). This tell reads every
adjacent word pair against the bigram counts of original English; it needs no thesaurus, so it also sees
spins made with a dictionary the lexicon has never read. A document-level profile: it points at no span.
"""

from __future__ import annotations

import math

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import EvidenceKind, TellOutput

# Both words at least this common (Zipf 3.5: about once in 300,000 words): an unseen pair of such words is a
# choice of combination, not a rare term.
COMMON_ZIPF = 3.5
LOW_COUNT = 3


class PairFluency:
    name: str = "fluency"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = (
        "fluency.unseen_common_pair_rate",
        "fluency.low_common_pair_rate",
        "fluency.mean_log_pair_count",
        "fluency.unseen_pair_rate",
    )

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        bigrams = res.bigrams
        initial = doc.sentence_initial
        pairs = common = unseen_common = low_common = unseen = 0
        log_sum = 0.0
        zipf = res.zipf.get  # res.freq without a method call per word: two reads per pair add up
        log1p = math.log1p
        for run, lowers, keys in zip(doc.word_runs, doc.word_run_lowers, doc.word_run_pairs, strict=True):
            for k, key in enumerate(keys):
                a, b = run[k], run[k + 1]
                # Names say nothing about fluency: skip pairs with a capital that does not start a sentence.
                if (a.is_title and a.start not in initial) or b.is_title:
                    continue
                count = bigrams.get(key, 0)
                pairs += 1
                log_sum += log1p(count)
                if count == 0:
                    unseen += 1
                if zipf(lowers[k], 0.0) >= COMMON_ZIPF and zipf(lowers[k + 1], 0.0) >= COMMON_ZIPF:
                    common += 1
                    if count == 0:
                        unseen_common += 1
                    if count < LOW_COUNT:
                        low_common += 1
        return TellOutput(
            {
                "fluency.unseen_common_pair_rate": unseen_common / common if common else 0.0,
                "fluency.low_common_pair_rate": low_common / common if common else 0.0,
                "fluency.mean_log_pair_count": log_sum / pairs if pairs else 0.0,
                "fluency.unseen_pair_rate": unseen / pairs if pairs else 0.0,
            },
            [],
        )
