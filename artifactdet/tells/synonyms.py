"""Spinning: rare synonyms, words much rarer than a common word they can stand for ("dwelling" for home)."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput

# Zipf gaps: 1.0 is ten times rarer. Evidence is shown only for the stark cases; the rate feature counts more.
RATE_GAP = 1.0
EVIDENCE_GAP = 1.8
MAX_ZIPF = 4.5


class RareSynonyms:
    name: str = "rare_synonyms"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = ("rare_synonyms.rate", "rare_synonyms.mean_gap", "rare_synonyms.stark_rate")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        content = rare = 0
        gap_sum = 0.0
        initial = doc.sentence_initial
        commonest = res.commonest_original
        for tok in doc.words:
            w = tok.lower
            # A capital mid-sentence marks a name; names are not thesaurus material.
            if w in FUNCTION_WORDS or len(w) < 3 or (tok.is_title and tok.start not in initial):
                continue
            content += 1
            zw = res.freq(w)
            # Unknown words (0) are mostly spellings the frequency list splits ("so-called", "e-mail"); a gap
            # measured from 0 would be meaningless.
            if zw > MAX_ZIPF or zw == 0.0:
                continue
            best = commonest.get(w)
            if best is None:
                continue
            gap = res.freq(best) - zw
            if gap < RATE_GAP:
                continue
            rare += 1
            gap_sum += gap
            if gap >= EVIDENCE_GAP:
                evidence.append(
                    Evidence(
                        tok.start,
                        tok.end,
                        "spin",
                        self.name,
                        f"'{tok.text}' is {10**gap:.0f}x rarer than '{best}', a word the thesaurus lists it for",
                        best,
                        0.2,
                    )
                )
        return TellOutput(
            {
                "rare_synonyms.rate": rare / content if content else 0.0,
                "rare_synonyms.mean_gap": gap_sum / rare if rare else 0.0,
                "rare_synonyms.stark_rate": len(evidence) / content if content else 0.0,
            },
            evidence,
        )
