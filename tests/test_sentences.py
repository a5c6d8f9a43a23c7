"""Per-sentence scores: which evidence belongs to which sentence, and how weights combine."""

from __future__ import annotations

from itertools import pairwise

import pytest

from artifactdet.analysis import analyse
from artifactdet.resources import Resources
from artifactdet.sentences import SentenceScore, noisy_or, sentence_scores
from artifactdet.tells import run_tells
from artifactdet.tells.base import Evidence, EvidenceKind


def _ev(text: str, needle: str, kind: EvidenceKind, tell: str, weight: float) -> Evidence:
    start = text.index(needle)
    return Evidence(start, start + len(needle), kind, tell, f"test {tell}", None, weight)


TWO = "The board met on Monday. Its members approved the plan."
THREE = "Prices rose in May. Sales fell in June. Profits held steady in July."

# (text, evidence as (needle, kind, tell, weight), expected (translation, spin, reasons) per sentence)
CASES = [
    pytest.param(TWO, [], [(0.0, 0.0, ()), (0.0, 0.0, ())], id="no evidence"),
    pytest.param(
        TWO,
        [("approved", "translation", "glued", 0.7)],
        [(0.0, 0.0, ()), (0.7, 0.0, ("glued word",))],
        id="one translation span",
    ),
    pytest.param(
        TWO,
        [("members", "translation", "glued", 0.7), ("plan.", "translation", "fragments", 0.8)],
        [(0.0, 0.0, ()), (1 - 0.3 * 0.2, 0.0, ("fragment", "glued word"))],
        id="noisy-or, reasons strongest first",
    ),
    pytest.param(
        TWO,
        [("board", "spin", "names", 0.9), ("Monday", "translation", "casing", 0.3)],
        [(0.3, 0.9, ("swapped name or term", "casing")), (0.0, 0.0, ())],
        id="spin and translation scored apart",
    ),
    pytest.param(
        TWO,
        [("Monday. Its", "translation", "fragments", 0.4)],
        [(0.4, 0.0, ("fragment",)), (0.4, 0.0, ("fragment",))],
        id="span over two sentences belongs to both",
    ),
    pytest.param(
        THREE,
        [("Sales", "provenance", "scraper_marker", 0.5)],
        [(0.0, 0.0, ()), (0.0, 0.0, ()), (0.0, 0.0, ())],
        id="provenance scores no sentence",
    ),
    pytest.param(
        THREE,
        [("fell", "translation", "glued", 0.7), ("fell", "translation", "glued", 0.7)],
        [(0.0, 0.0, ()), (0.7, 0.0, ("glued word",)), (0.0, 0.0, ())],
        id="duplicate evidence counts once",
    ),
    pytest.param(
        THREE,
        [("July", "translation", "word_order", 2.5)],
        [(0.0, 0.0, ()), (0.0, 0.0, ()), (1.0, 0.0, ("word order",))],
        id="weights above one are capped",
    ),
    pytest.param(
        THREE,
        [("June", "translation", "some_new_tell", 0.5)],
        [(0.0, 0.0, ()), (0.5, 0.0, ("some_new_tell",)), (0.0, 0.0, ())],
        id="unknown tell shown by name",
    ),
]


@pytest.mark.parametrize(("text", "evidence", "expected"), CASES)
def test_sentence_scores(
    text: str,
    evidence: list[tuple[str, EvidenceKind, str, float]],
    expected: list[tuple[float, float, tuple[str, ...]]],
) -> None:
    ev = [_ev(text, needle, kind, tell, w) for needle, kind, tell, w in evidence]
    scores = sentence_scores(analyse(text), ev)
    assert len(scores) == len(expected)
    for got, (translation, spin, reasons) in zip(scores, expected, strict=True):
        assert got.translation_score == pytest.approx(translation)
        assert got.spin_score == pytest.approx(spin)
        assert got.reasons == reasons
        assert 0.0 <= got.translation_score <= 1.0 and 0.0 <= got.spin_score <= 1.0


def test_sentences_cover_the_text_in_order() -> None:
    scores = sentence_scores(analyse(THREE), [])
    assert [THREE[s.start : s.end] for s in scores] == ["Prices rose in May.", "Sales fell in June.", THREE[40:]]
    assert all(a.end <= b.start for a, b in pairwise(scores))


@pytest.mark.parametrize(
    ("text", "offset", "owner"),
    [
        # a point between two sentences belongs to the one just read
        ("First line here.\n\nSecond line here.", 17, 0),
        # before the first sentence: the first one
        ("   Opening words here. Closing words here.", 0, 0),
        # past the last sentence (trailing white space): the last one
        ("Opening words here. Closing words here.   ", 41, 1),
    ],
)
def test_evidence_outside_every_sentence_attaches_to_a_neighbour(text: str, offset: int, owner: int) -> None:
    e = Evidence(offset, offset + 1, "translation", "quotes", "a lone quote mark", None, 0.6)
    scores = sentence_scores(analyse(text), [e])
    assert [s.translation_score for s in scores] == [0.6 if i == owner else 0.0 for i in range(len(scores))]


def test_unbalanced_quote_from_the_tell_lands_in_its_sentence(tiny: Resources) -> None:
    text = 'The minister spoke first. He said "we will not be moved. Then he left the hall.'
    doc = analyse(text)
    evidence = run_tells(doc, tiny).evidence
    assert any(e.tell == "quotes" for e in evidence)
    scores = sentence_scores(doc, evidence)
    flagged = [text[s.start : s.end] for s in scores if "unbalanced quote" in s.reasons]
    assert flagged == ['He said "we will not be moved.']


def test_empty_document_has_no_sentences() -> None:
    assert sentence_scores(analyse("   \n  "), []) == []


def test_record_rounds_and_names_the_reasons() -> None:
    s = SentenceScore(0, 5, 0.123456, 0.9, ("glued word",))
    assert s.to_record("Hello world") == {
        "start": 0,
        "end": 5,
        "translation_score": 0.123,
        "spin_score": 0.9,
        "reasons": ["glued word"],
        "text": "Hello",
    }


@pytest.mark.parametrize(
    ("weights", "expected"), [([], 0.0), ([0.5], 0.5), ([0.5, 0.5], 0.75), ([1.0, 0.1], 1.0), ([-1.0], 0.0)]
)
def test_noisy_or(weights: list[float], expected: float) -> None:
    assert noisy_or(weights) == pytest.approx(expected)


def test_every_tell_that_gives_sentence_evidence_has_a_reviewer_label() -> None:
    from artifactdet.sentences import REASON_LABELS
    from artifactdet.tells import TELLS

    # fluency and profile give features only; provenance evidence is about the page, not a sentence.
    features_only = {"fluency", "profile", "provenance"}
    assert {t.name for t in TELLS} - features_only <= set(REASON_LABELS)
