"""Translation: fragments and mid-phrase splits ("... in the relationship. bilateral.", "Be.")."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput

MAX_FRAGMENT_WORDS = 2
# Informal writers start many sentences in lower case; only in text that otherwise capitalises is a
# lower-case start the trace of a sentence split mid-phrase.
MAX_LOWER_SHARE = 0.2


class Fragments:
    name: str = "fragments"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = ("fragments.short_rate", "fragments.split_rate", "fragments.any_split")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        short: list[Evidence] = []
        splits: list[Evidence] = []
        n_sent = 0
        for paragraph in doc.paragraph_sentences:
            prev_closed = False
            after_abbreviation = False
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
                lower_start = prev_closed and first.is_word and first.text[0].islower() and not after_abbreviation
                if lower_start:
                    why = (
                        f"'{doc.span(sent.start, sent.end)[:40]}' starts in lower case right after a full stop: "
                        "a phrase split off mid-sentence"
                    )
                    splits.append(Evidence(sent.start, sent.end, "translation", self.name, why, None, 0.8))
                elif 0 < len(words) <= MAX_FRAGMENT_WORDS and len(toks) <= MAX_FRAGMENT_WORDS + 2 and first.is_word:
                    why = f"'{doc.span(sent.start, sent.end)}' stands as a sentence of {len(words)} word(s)"
                    short.append(Evidence(sent.start, sent.end, "translation", self.name, why, None, 0.4))
                prev_closed = True
                # "60 mm. mortar", "i.p. administration": a short or dotted last word was an abbreviation the
                # sentence splitter did not know, so a lower-case word after it is no split.
                last_word = next((t for t in reversed(toks) if t.is_word or t.is_number), None)
                after_abbreviation = last_word is None or len(last_word.text) <= 3 or "." in last_word.text
        if len(splits) > 1 and len(splits) / n_sent > MAX_LOWER_SHARE:
            splits = []  # this writer does not capitalise: lower-case starts are style, not splits
        return TellOutput(
            {
                "fragments.short_rate": len(short) / n_sent if n_sent else 0.0,
                "fragments.split_rate": len(splits) / n_sent if n_sent else 0.0,
                "fragments.any_split": float(bool(splits)),
            },
            sorted(short + splits, key=lambda e: e.start),
        )
