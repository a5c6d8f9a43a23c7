"""Translation: casing anomalies, common words capitalised mid-sentence and names written in lower case."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput

COMMON_ZIPF = 4.8


class CasingAnomalies:
    name: str = "casing"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = ("casing.odd_capital_rate", "casing.lower_name_rate", "casing.upper_word_rate")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        initial = doc.sentence_initial
        words = doc.words
        titled = {t.lower for t in words if t.is_title and t.start not in initial}
        lowered = {t.lower for t in words if t.text.islower()}
        odd_capital = lower_name = upper = 0
        for i, tok in enumerate(words):
            if tok.start in initial or len(tok.text) < 3:
                continue
            if tok.text.isupper():
                upper += 1
                continue
            if tok.is_title and tok.text[1:].islower():
                # A lone capitalised everyday word mid-sentence ("the Government said"): names come in runs or
                # are rare words; a very common word standing alone is the anomaly.
                prev_title = i > 0 and words[i - 1].is_title and words[i - 1].end + 2 >= tok.start
                next_title = i + 1 < len(words) and words[i + 1].is_title and tok.end + 2 >= words[i + 1].start
                prev_char = doc.norm[max(tok.start - 2, 0) : tok.start]
                if (
                    not prev_title
                    and not next_title
                    and tok.lower in FUNCTION_WORDS
                    and tok.lower in lowered
                    and not any(c in prev_char for c in ':"(')
                ):
                    odd_capital += 1
                    evidence.append(
                        Evidence(
                            tok.start,
                            tok.end,
                            "translation",
                            self.name,
                            f"'{tok.text}' is capitalised mid-sentence although the text writes it in lower case "
                            "elsewhere",
                            tok.lower,
                            0.3,
                        )
                    )
            elif tok.text.islower() and tok.lower in titled and res.freq(tok.lower) < COMMON_ZIPF - 1.5:
                lower_name += 1
                evidence.append(
                    Evidence(
                        tok.start,
                        tok.end,
                        "translation",
                        self.name,
                        f"'{tok.text}' is a name the text capitalises elsewhere",
                        tok.text.capitalize(),
                        0.4,
                    )
                )
        n = max(len(words), 1)
        return TellOutput(
            {
                "casing.odd_capital_rate": odd_capital / n,
                "casing.lower_name_rate": lower_name / n,
                "casing.upper_word_rate": upper / n,
            },
            evidence,
        )
