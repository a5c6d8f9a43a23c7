"""Translation: unbalanced quotation marks, a paragraph that opens a quote and never closes it."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k


class UnbalancedQuotes:
    name: str = "quotes"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = ("quotes.unbalanced_share", "quotes.unbalanced_per_1k")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        quoted = 0
        paragraphs = doc.paragraphs
        for i, para in enumerate(paragraphs):
            raw = doc.text[para.start : para.end]
            norm = doc.norm[para.start : para.end]
            n_marks = norm.count('"')
            if not n_marks:
                continue
            quoted += 1
            opens, closes = raw.count("\u201c"), raw.count("\u201d")
            # Writers and CMSs mix straight and curly marks; direction only counts when all marks are curly.
            curly_mismatch = opens + closes == n_marks and opens != closes
            if n_marks % 2 == 0 and not curly_mismatch:
                continue
            nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            if nxt is not None and doc.norm[nxt.start : nxt.end].lstrip().startswith('"') and opens >= closes:
                continue  # a quotation running over paragraphs: each opens, only the last one closes
            # Point at the quote mark left alone: the last one when a quote never closes.
            pos = para.start + norm.rfind('"')
            evidence.append(
                Evidence(
                    pos,
                    pos + 1,
                    "translation",
                    self.name,
                    f"this paragraph has {n_marks} quotation mark(s)"
                    + (f" ({opens} opening, {closes} closing)" if curly_mismatch else "")
                    + "; a quote is opened or closed without its pair",
                    None,
                    0.6,
                )
            )
        return TellOutput(
            {
                "quotes.unbalanced_share": len(evidence) / quoted if quoted else 0.0,
                "quotes.unbalanced_per_1k": per_1k(len(evidence), doc.n_words),
            },
            evidence,
        )
