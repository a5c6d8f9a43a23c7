"""The hand-written evidence cases are well formed: each spun sentence differs from its plain one only at the spin."""

from __future__ import annotations

import pytest

from training.evidence_cases import CASES, FRESH_CASES, THIRD_CASES, Case

ALL = (*CASES, *FRESH_CASES, *THIRD_CASES)


def test_ids_are_unique_across_the_sets() -> None:
    assert len({c.id for c in ALL}) == len(ALL)


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.id)
def test_the_spin_replaces_the_original_once(case: Case) -> None:
    assert case.plain.count(case.original) >= 1
    assert case.spin != case.original
    start, end = case.span
    assert case.spun[start:end] == case.spin
    assert case.spun[:start] == case.plain[:start]
    assert case.spun[end:] == case.plain[start + len(case.original) :]


def test_a_later_set_repeats_no_sentence_of_an_earlier_one() -> None:
    earlier = {c.plain for c in (*CASES, *FRESH_CASES)}
    assert not [c.id for c in THIRD_CASES if c.plain in earlier]
    assert not [c.id for c in FRESH_CASES if c.plain in {x.plain for x in CASES}]
