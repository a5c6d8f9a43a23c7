"""Invariants over arbitrary input: any Unicode string scores or is refused cleanly, spans lie inside the text."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artifactdet.analysis import analyse
from artifactdet.detector import Detector
from artifactdet.errors import InputError
from artifactdet.resources import load_resources
from artifactdet.tells import FEATURE_NAMES, run_tells
from artifactdet.validate import Limits


@cache
def detector() -> Detector:
    return Detector.load(limits=Limits(check_language=False))


words = st.sampled_from(
    [
        "the",
        "State",
        "Division",
        "Nineteen",
        "Nineties",
        "ISIS-Okay",
        "said",
        "“",
        "”",
        '"',
        ".",
        ",",
        "Talibanto",
        "Be.",
        "[ad_1]",
        "Source",
        "link",
        "\n",
        "language",
        "affect",
        "Chinese",
        "dwelling",
        "home",
        "é",
        "İ",
        "ﬁ",
        "\u200b",
        "\t",
        "\r",
        "1990s",
    ]
)
texts = st.one_of(st.text(), st.lists(st.one_of(words, st.text(max_size=5)), max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_string_analyses_and_tells_stay_in_bounds(text: str) -> None:
    doc = analyse(text)
    for tok in doc.tokens:
        assert 0 <= tok.start < tok.end <= len(text)
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(text)
    ext = run_tells(doc, load_resources())
    assert ext.features.shape == (len(FEATURE_NAMES),)
    assert all(v == v for v in ext.features)  # no NaN
    for e in ext.evidence:
        assert 0 <= e.start < e.end <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_string_scores_or_is_refused_with_a_code(text: str) -> None:
    try:
        result = detector().score(text)
    except InputError as exc:
        assert exc.code in {"empty", "binary", "not_english", "too_long"}
        return
    assert sum(result.scores.values()) == pytest.approx(1.0)
    assert result.label in result.scores
    for e in result.evidence:
        assert 0 <= e.start < e.end <= len(text)
