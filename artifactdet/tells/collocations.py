"""Spinning: broken collocations, word pairs original English never writes that one swap back repairs."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells._restore import match_case, restore
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k

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

        def support(p: str) -> int:
            return bigrams.get(p, 0)

        for run, lowers, keys in zip(doc.word_runs, doc.word_run_lowers, doc.word_run_pairs, strict=True):
            for k, key in enumerate(keys):
                a, b = lowers[k], lowers[k + 1]
                if a in FUNCTION_WORDS or b in FUNCTION_WORDS or run[k].is_title or run[k + 1].is_title:
                    continue
                pairs += 1
                if key in bigrams:
                    continue
                unseen += 1
                found = restore([a, b], res, support, MIN_SUPPORT, min_gain=MIN_GAIN)
                if found is None:
                    continue
                window = run[k : k + 2]
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
