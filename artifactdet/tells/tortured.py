"""Spinning: known tortured phrases (Problematic Paper Screener list; Cabanac, Labbé & Magazinov 2021)."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k


class TorturedPhrases:
    name: str = "tortured"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = ("tortured.per_1k", "tortured.distinct")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        lexicon = res.tortured
        starts = res.tortured_starts
        openings = res.tortured_openings
        evidence: list[Evidence] = []
        for run, lowers, pairs in zip(doc.word_runs, doc.word_run_lowers, doc.word_run_pairs, strict=True):
            if openings.isdisjoint(pairs):
                continue  # most runs hold no word pair that opens a tortured phrase
            i = 0
            while i < len(run):
                if i == len(pairs) or pairs[i] not in openings:
                    i += 1
                    continue
                hit = 0
                # Longest match first, so "counterfeit consciousness" wins over a shorter entry inside it.
                for n in starts.get(lowers[i], ()):
                    if i + n > len(run):
                        continue
                    phrase = " ".join(lowers[i : i + n])
                    expected = lexicon.get(phrase)
                    if expected is not None:
                        start, end = run[i].start, run[i + n - 1].end
                        evidence.append(
                            Evidence(
                                start,
                                end,
                                "spin",
                                self.name,
                                f"'{doc.span(start, end)}' is a tortured phrase on the Problematic Paper Screener "
                                f"list, a spinner's rewording of '{expected}'",
                                expected,
                                1.0,
                            )
                        )
                        hit = n
                        break
                i += hit or 1
        distinct = len({doc.norm[e.start : e.end].lower() for e in evidence})
        return TellOutput(
            {"tortured.per_1k": per_1k(len(evidence), doc.n_words), "tortured.distinct": float(distinct)},
            evidence,
        )
