"""Translation: the function-word, sentence-length and vocabulary profile of translated text.

A document-level tell: it shapes the model's view but points at no span, so it returns no evidence.
"""

from __future__ import annotations

import statistics
from typing import Final

from artifactdet.analysis import Document
from artifactdet.lexicon import PROFILE_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import EvidenceKind, TellOutput

_INDEX: Final = {w: i for i, w in enumerate(PROFILE_WORDS)}
WINDOW = 50  # moving-average type-token ratio window; plain TTR falls with length


class StyleProfile:
    name: str = "profile"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = (
        *(f"profile.fw.{w}" for w in PROFILE_WORDS),
        "profile.function_share",
        "profile.sentence_len_mean",
        "profile.sentence_len_sd",
        "profile.word_len_mean",
        "profile.mattr",
        "profile.comma_per_sentence",
        "profile.oov_rate",
        "profile.rare_rate",
    )

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        words = doc.words
        n = len(words)
        counts = [0] * len(PROFILE_WORDS)
        oov = rare = 0
        lowers = [t.lower for t in words]
        index = _INDEX.get
        zipf = res.zipf.get  # res.freq without a method call per word
        for w in lowers:
            i = index(w)
            if i is not None:
                counts[i] += 1
            z = zipf(w, 0.0)
            if z == 0.0:
                oov += 1
            elif z < 3.0:
                rare += 1
        chars = sum(len(t.text) for t in words)
        tokens = doc.tokens
        lengths = [sum(t.is_word for t in tokens[s.first : s.last]) for s in doc.sentences]
        # Every comma is a token of its own (words never contain one), so counting the text counts the tokens.
        commas = doc.norm.count(",")
        if n > WINDOW:
            step = max(1, (n - WINDOW) // 20)  # sampled windows: enough for a stable estimate, cheap on long texts
            ratios = [len(set(lowers[i : i + WINDOW])) / WINDOW for i in range(0, n - WINDOW + 1, step)]
            mattr = sum(ratios) / len(ratios)
        else:
            mattr = len(set(lowers)) / n if n else 0.0
        denom = max(n, 1)
        feats = {f"profile.fw.{w}": c / denom for w, c in zip(PROFILE_WORDS, counts, strict=True)}
        feats.update(
            {
                "profile.function_share": sum(counts) / denom,
                "profile.sentence_len_mean": statistics.fmean(lengths) if lengths else 0.0,
                "profile.sentence_len_sd": statistics.pstdev(lengths) if len(lengths) > 1 else 0.0,
                "profile.word_len_mean": chars / denom,
                "profile.mattr": mattr,
                "profile.comma_per_sentence": commas / max(len(lengths), 1),
                "profile.oov_rate": oov / denom,
                "profile.rare_rate": rare / denom,
            }
        )
        return TellOutput(feats, [])
