"""Translation: fragments and mid-phrase splits ("... in the relationship. bilateral.", "Be.")."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput

MAX_FRAGMENT_WORDS = 2


class Fragments:
    name = "fragments"
    kind: EvidenceKind = "translation"
    feature_names = ("fragments.short_rate", "fragments.lower_start_rate", "fragments.any")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        short = lower = 0
        n_sent = 0
        for paragraph in doc.paragraph_sentences:
            prev_closed = False
            for sent in paragraph:
                toks = doc.sentence_tokens(sent)
                words = [t for t in toks if t.is_word]
                closed = toks[-1].text in {".", "!", "?"}
                if not closed:
                    # Headlines, bylines and list items end without a stop; they are not sentences to judge.
                    prev_closed = False
                    continue
                n_sent += 1
                first = toks[0]
                if 0 < len(words) <= MAX_FRAGMENT_WORDS and len(toks) <= MAX_FRAGMENT_WORDS + 2 and first.is_word:
                    short += 1
                    why = f"'{doc.span(sent.start, sent.end)}' stands as a sentence of {len(words)} word(s)"
                    evidence.append(Evidence(sent.start, sent.end, "translation", self.name, why, None, 0.6))
                elif prev_closed and first.is_word and first.text[0].islower():
                    lower += 1
                    why = "a sentence starts in lower case right after a full stop: a phrase split off mid-sentence"
                    evidence.append(Evidence(sent.start, sent.end, "translation", self.name, why, None, 0.6))
                prev_closed = True
        return TellOutput(
            {
                "fragments.short_rate": short / n_sent if n_sent else 0.0,
                "fragments.lower_start_rate": lower / n_sent if n_sent else 0.0,
                "fragments.any": float(bool(evidence)),
            },
            evidence,
        )
