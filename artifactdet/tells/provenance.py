"""Provenance: scraper and auto-blog markers, and machine-translation markup when the input is HTML."""

from __future__ import annotations

import re
from typing import Final

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, may_match

# Each pattern with the words every match of it contains (see may_match): the patterns that start with a letter
# are tried at every position of the text, the words are found by a substring test. None: the pattern starts
# with a literal "[" and is a fast search already.
_SCRAPER: Final = tuple(
    (re.compile(p, re.I | re.M), needles, why)
    for p, needles, why in (
        (r"\[ad_\d+\]", None, "an ad-slot placeholder left by an auto-blog plugin"),
        (
            r"^[ \t]*source link[ \t]*$",
            ("source link",),
            "the 'Source link' footer auto-blogs append to scraped articles",
        ),
        (
            r"\bthe post .{1,200}? appeared first on\b",
            (" appeared first on",),
            "an RSS-feed footer copied with the article",
        ),
        (
            r"^[ \t]*(?:read more|continue reading)[ \t]*(?:\.\.\.|\u2026)?[ \t]*$",
            ("read more", "continue reading"),
            "a feed 'read more' stub",
        ),
        (r"\[(?:embed|caption|video|gallery)[^\]]*\]", None, "a leftover CMS shortcode"),
    )
)
_MT_MARKUP: Final = tuple(
    (re.compile(p, re.I), why)
    for p, why in (
        (r"<link[^>]+rel=[\"']?[^\"'>]*translated-from", "a translated-from link relation"),
        (r"\bgtranslate\b|\bgt-lang\b|data-gt-lang", "a GTranslate widget id"),
        (r"\bgoog-te-|translate\.google\.|skiptranslate", "Google Translate markup"),
        (r"<html[^>]+lang=[\"'](?!en)[a-z]{2}", "the page declares a language other than English"),
    )
)


# A notice in the text itself ("This article was automatically translated"), HTML or not.
_MT_NOTICE: Final = re.compile(r"\b(?:machine|automatically)[ -]translated\b", re.I)


class ProvenanceMarkers:
    name: str = "provenance"
    kind: EvidenceKind = "provenance"
    feature_names: tuple[str, ...] = ("provenance.scraper_markers", "provenance.mt_markup")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        scraper = markup = 0
        for pattern, needles, why in _SCRAPER:
            if needles is not None and not may_match(doc, *needles):
                continue
            for m in pattern.finditer(doc.norm):
                scraper += 1
                evidence.append(
                    Evidence(m.start(), m.end(), "provenance", "scraper_marker", why.capitalize(), None, 0.5)
                )
        for m in _MT_NOTICE.finditer(doc.norm) if may_match(doc, "translated") else ():
            markup += 1
            why = "A machine-translation notice"
            evidence.append(Evidence(m.start(), m.end(), "provenance", "mt_markup", why, None, 0.8))
        if "<" in doc.norm:
            for pattern, why in _MT_MARKUP:
                for m in pattern.finditer(doc.norm):
                    markup += 1
                    evidence.append(
                        Evidence(m.start(), m.end(), "provenance", "mt_markup", why.capitalize(), None, 0.8)
                    )
        return TellOutput(
            {"provenance.scraper_markers": float(min(scraper, 10)), "provenance.mt_markup": float(min(markup, 10))},
            evidence,
        )
