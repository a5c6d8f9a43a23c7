"""Spinning: words that a word they can stand for would fit far better, judged by their neighbours.

A spinner picks a synonym without looking at the words around it, so the swapped word sits in word pairs
original English rarely writes ("much torn", "buy their firms") while a word it can stand for sits in common
ones ("much worse", "buy their houses"). For every content word with thesaurus originals, the tell compares the
counts of its pairs with its left and right neighbours against each original's.
"""

from __future__ import annotations

import math

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput

# Gains are in natural-log pair counts summed over both sides: 2.3 is ten times more usual in context.
GAIN = 2.3
EVIDENCE_GAIN = 4.6  # a hundred times: shown as evidence
MIN_SUPPORT = 20  # the restored pairs must be attested, not a couple of chance co-occurrences


class ContextFit:
    name: str = "context"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = ("context.misfit_rate", "context.mean_gain", "context.stark_per_1k")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        originals = res.single_word_originals
        initial = doc.sentence_initial
        evidence: list[Evidence] = []
        eligible = misfit = 0
        gain_sum = 0.0
        log1p = math.log1p
        get = res.bigrams.get
        for run, words, pairs in zip(doc.word_runs, doc.word_run_lowers, doc.word_run_pairs, strict=True):
            last = len(run) - 1
            for i, tok in enumerate(run):
                w = words[i]
                if w in FUNCTION_WORDS or len(w) < 3 or (tok.is_title and tok.start not in initial):
                    continue
                cands = originals.get(w)
                if not cands:
                    continue
                left = words[i - 1] if i > 0 else None
                right = words[i + 1] if i < last else None
                if left is None and right is None:
                    continue
                eligible += 1
                # How usual a word is between its neighbours: summed log counts of its pairs with each.
                # The word's own pairs are the run's pair keys ("left w", "w right").
                here = log1p(get(pairs[i - 1], 0) if left else 0) + log1p(get(pairs[i], 0) if right else 0)
                best, best_score, best_support = None, here, 0
                # The candidates' pair keys share the neighbour and its space: built once, extended per candidate.
                before = f"{left} " if left else None
                after = f" {right}" if right else None
                for c in cands:
                    a = get(before + c, 0) if before is not None else 0
                    b = get(c + after, 0) if after is not None else 0
                    if not a and not b:
                        continue  # scores 0, never above ``here``
                    score = log1p(a) + log1p(b)
                    if score > best_score:
                        best, best_score, best_support = c, score, a + b
                gain = best_score - here
                if best is None or gain < GAIN or best_support < MIN_SUPPORT:
                    continue
                misfit += 1
                gain_sum += gain
                if gain >= EVIDENCE_GAIN:
                    evidence.append(
                        Evidence(
                            tok.start,
                            tok.end,
                            "spin",
                            self.name,
                            f"'{tok.text}' fits its neighbours {math.exp(gain):.0f}x worse than '{best}', a word the "
                            "thesaurus lists it for",
                            best if not tok.text[:1].isupper() else best.capitalize(),
                            0.2,
                        )
                    )
        return TellOutput(
            {
                "context.misfit_rate": misfit / eligible if eligible else 0.0,
                "context.mean_gain": gain_sum / misfit if misfit else 0.0,
                "context.stark_per_1k": 1000.0 * len(evidence) / max(doc.n_words, 1),
            },
            evidence,
        )
