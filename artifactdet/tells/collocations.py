"""Spinning: broken collocations, word pairs original English never writes that one swap back repairs."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells._restore import match_case, restore
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, ngrams, per_1k, word_runs

# A restored pair must be a real collocation, not a chance co-occurrence in the statistics corpus, and the
# word put back must be commoner than the one found: spinners trade common words for rarer synonyms.
MIN_SUPPORT = 5
MIN_GAIN = 0.3


class BrokenCollocations:
    name: str = "collocations"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = ("collocations.broken_per_1k", "collocations.unseen_pair_rate")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        pairs = unseen = 0
        bigrams = res.bigrams
        for run in word_runs(doc):
            for _, window in ngrams(run, 2):
                a, b = window[0].lower, window[1].lower
                if a in FUNCTION_WORDS or b in FUNCTION_WORDS or window[0].is_title or window[1].is_title:
                    continue
                pairs += 1
                if f"{a} {b}" in bigrams:
                    continue
                unseen += 1
                found = restore([a, b], res, lambda p: bigrams.get(p, 0), MIN_SUPPORT, min_gain=MIN_GAIN)
                if found is None:
                    continue
                start, end = window[0].start, window[1].end
                evidence.append(
                    Evidence(
                        start,
                        end,
                        "spin",
                        self.name,
                        f"'{doc.span(start, end)}' does not occur in original English; '{found.original}' does "
                        f"({found.support} times) and differs by one thesaurus swap",
                        match_case([window[0].text, window[1].text], found.original),
                        0.4,
                    )
                )
        return TellOutput(
            {
                "collocations.broken_per_1k": per_1k(len(evidence), doc.n_words),
                "collocations.unseen_pair_rate": unseen / pairs if pairs else 0.0,
            },
            evidence,
        )
