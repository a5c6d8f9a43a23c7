"""Translation: transliteration tells, names glued to a neighbour ("Jobidan") and names spelled two ways."""

from __future__ import annotations

from difflib import SequenceMatcher

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k

# Names rarer than this (Zipf) are the ones transliteration mangles; common words are spelled one way.
RARE_ZIPF = 3.5
GLUED_MATCH = 0.8
VARIANT_MATCH = 0.85


def _close(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class Transliteration:
    name: str = "translit"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = ("translit.glued_names_per_1k", "translit.variant_spellings_per_1k")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        names: dict[str, int] = {}
        for tok in doc.words:
            text = tok.text.removesuffix("'s")
            if tok.is_title and len(text) >= 4 and text[1:].islower():
                names.setdefault(text.lower(), tok.start)
        known = [n for n in names if res.freq(n) > 0.0 or len(n) >= 5]
        glued = 0
        seen_glued: set[str] = set()
        for tok in doc.words:
            w = tok.lower
            if not tok.is_title or len(w) < 6 or res.freq(w) > 0.0 or w in seen_glued:
                continue
            for name in known:
                if name == w or len(name) >= len(w) - 1:
                    continue
                prefix, tail = w[: len(w) - len(name)], w[len(w) - len(name) :]
                # Transliteration keeps a name's first consonant; a match that starts elsewhere is chance.
                if 2 <= len(prefix) <= 4 and tail[0] == name[0] and _close(tail, name) >= GLUED_MATCH:
                    glued += 1
                    seen_glued.add(w)
                    suggestion = f"{tok.text[: len(prefix)]} {name.capitalize()}"
                    evidence.append(
                        Evidence(
                            tok.start,
                            tok.end,
                            "translation",
                            self.name,
                            f"'{tok.text}' looks like a first name glued to the name '{name.capitalize()}' found "
                            "elsewhere in the text, as transliteration leaves it",
                            suggestion,
                            0.8,
                        )
                    )
                    break
        rare = sorted(n for n in names if res.freq(n) < RARE_ZIPF and len(n) >= 5)
        variants = 0
        for i, a in enumerate(rare):
            for b in rare[i + 1 :]:
                if abs(len(a) - len(b)) > 1 or a[0] != b[0]:
                    continue
                # One spelling extending the other is inflection ("Pakistan", "Pakistanis"), not transliteration.
                if a.startswith(b[:-1]) or b.startswith(a[:-1]) or _close(a, b) < VARIANT_MATCH:
                    continue
                variants += 1
                # Point at the later spelling; the first one the text uses is the likely intended form.
                first, later = (a, b) if names[a] < names[b] else (b, a)
                start = names[later]
                evidence.append(
                    Evidence(
                        start,
                        start + len(later),
                        "translation",
                        self.name,
                        f"the name is spelled both '{first.capitalize()}' and '{later.capitalize()}': "
                        "transliterations of one name vary",
                        doc.text[names[first] : names[first] + len(first)],
                        0.4,
                    )
                )
        return TellOutput(
            {
                "translit.glued_names_per_1k": per_1k(glued, doc.n_words),
                "translit.variant_spellings_per_1k": per_1k(variants, doc.n_words),
            },
            evidence,
        )
