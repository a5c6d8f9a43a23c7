"""Restoration: which suggestions are applied, that nothing else changes, and that offsets map both ways."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artifactdet.analysis import analyse
from artifactdet.cli import main
from artifactdet.resources import Resources
from artifactdet.restore import Restored, match_case, restore
from artifactdet.tells import run_tells
from artifactdet.tells.base import Evidence, EvidenceKind


def _ev(
    text: str, needle: str, suggestion: str | None, *, kind: EvidenceKind = "spin", tell: str = "names", w: float = 0.9
) -> Evidence:
    start = text.index(needle)
    return Evidence(start, start + len(needle), kind, tell, "test", suggestion, w)


SPUN = "In the Nineteen Eighties the Supreme Courtroom heard the case; the Talibanto talks stalled."

# (evidence as (needle, suggestion, kind, tell, weight), expected text)
CASES = [
    pytest.param([], SPUN, id="nothing to apply"),
    pytest.param(
        [("Nineteen Eighties", "1980s", "spin", "numbers", 0.8)],
        "In the 1980s the Supreme Courtroom heard the case; the Talibanto talks stalled.",
        id="one spin",
    ),
    pytest.param(
        [
            ("Nineteen Eighties", "1980s", "spin", "numbers", 0.8),
            ("Supreme Courtroom", "Supreme Court", "spin", "names", 0.9),
            ("Talibanto", "Taliban to", "translation", "glued", 0.7),
        ],
        "In the 1980s the Supreme Court heard the case; the Taliban to talks stalled.",
        id="spins and a glued word",
    ),
    pytest.param(
        [
            ("Courtroom", "courthouse", "spin", "rare_synonyms", 0.2),
            ("Supreme Courtroom", "Supreme Court", "spin", "names", 0.9),
        ],
        "In the Nineteen Eighties the Supreme Court heard the case; the Talibanto talks stalled.",
        id="overlap: the heavier wins",
    ),
    pytest.param(
        [
            ("Supreme Courtroom heard", "Supreme Court heard", "spin", "a", 0.5),
            ("Courtroom", "Court", "spin", "b", 0.5),
        ],
        "In the Nineteen Eighties the Supreme Court heard the case; the Talibanto talks stalled.",
        id="overlap, equal weight: the longer wins",
    ),
    pytest.param(
        [("Supreme Courtroom", None, "spin", "expansions", 0.9), ("case", "  ", "spin", "names", 0.9)],
        SPUN,
        id="no suggestion, blank suggestion: skipped",
    ),
    pytest.param(
        [
            ("Talibanto", "Taliban To", "translation", "translit", 0.8),
            ("Supreme", "supreme", "translation", "casing", 0.3),
            ("case", "cause", "provenance", "scraper_marker", 0.5),
        ],
        SPUN,
        id="other translation and provenance suggestions are not applied",
    ),
    pytest.param(
        [("Supreme Courtroom", "Supreme Courtroom", "spin", "names", 0.9)],
        SPUN,
        id="a suggestion equal to the text changes nothing",
    ),
]


@pytest.mark.parametrize(("evidence", "expected"), CASES)
def test_restore(evidence: list[tuple[str, str | None, EvidenceKind, str, float]], expected: str) -> None:
    ev = [_ev(SPUN, needle, sugg, kind=kind, tell=tell, w=w) for needle, sugg, kind, tell, w in evidence]
    restored = restore(SPUN, ev)
    assert restored.text == expected
    _check_offsets(SPUN, restored)


def _check_offsets(text: str, restored: Restored) -> None:
    """Every change is listed where it happened, and everything outside the changes is byte-identical."""
    changed: set[int] = set()
    for a in restored.applied:
        assert text[a.start : a.end] == a.original
        start, end = restored.result_span(a)
        assert restored.text[start:end] == a.replacement
        assert restored.to_source(start) == a.start
        changed.update(range(a.start, a.end))
    assert [a.start for a in restored.applied] == sorted(a.start for a in restored.applied)
    for pos in range(len(text) + 1):
        if pos in changed:
            continue
        mapped = restored.to_result(pos)
        assert restored.to_source(mapped) == pos
        if pos < len(text):
            assert restored.text[mapped] == text[pos]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii text.",
        "Zeilen\r\nmit CRLF\tund Tabs  ",
        "emoji \U0001f600 and \u201ccurly\u201d quotes",
        "\x00\x01",
    ],
)
def test_no_evidence_leaves_any_text_identical(text: str) -> None:
    restored = restore(text, [])
    assert restored.text == text and restored.applied == []
    assert restored.to_result(len(text)) == len(text) and restored.to_source(len(text)) == len(text)


def test_out_of_range_evidence_is_ignored() -> None:
    text = "short text"
    bad = [
        Evidence(5, 50, "spin", "names", "x", "long", 1.0),
        Evidence(-1, 3, "spin", "names", "x", "neg", 1.0),
        Evidence(4, 4, "spin", "names", "x", "empty", 1.0),
    ]
    assert restore(text, bad).text == text


def test_min_weight_filters_weak_suggestions() -> None:
    ev = [_ev(SPUN, "Courtroom", "court", tell="rare_synonyms", w=0.2), _ev(SPUN, "Eighties", "80s", w=0.8)]
    assert [a.tell for a in restore(SPUN, ev, min_weight=0.5).applied] == ["names"]


@pytest.mark.parametrize(
    ("span", "suggestion", "expected"),
    [
        ("counterfeit consciousness", "artificial intelligence", "artificial intelligence"),
        ("Counterfeit consciousness", "artificial intelligence", "Artificial intelligence"),
        ("Counterfeit Consciousness", "artificial intelligence", "Artificial Intelligence"),
        ("COUNTERFEIT CONSCIOUSNESS", "artificial intelligence", "ARTIFICIAL INTELLIGENCE"),
        ("Nineteen Eighties", "1980s", "1980s"),
        ("ISIS-Okay", "ISIS-K", "ISIS-K"),
        ("dwelling", "home", "home"),
        ("Dwelling", "home", "Home"),
        ("A", "the", "The"),
    ],
)
def test_match_case(span: str, suggestion: str, expected: str) -> None:
    assert match_case(span, suggestion) == expected


def test_restore_with_real_tells_is_idempotent(tiny: Resources) -> None:
    text = (
        "The Taliban met officials. The State Division said so in the Nineteen Nineties, and the Talibanto talk "
        "with them went home by the narrow narrow road."
    )
    first = restore(text, run_tells(analyse(text), tiny).evidence)
    assert {a.original: a.replacement for a in first.applied} == {
        "State Division": "State Department",
        "Nineteen Nineties": "1990s",
        "Talibanto": "Taliban to",
        "narrow narrow": "narrow",
    }
    _check_offsets(text, first)
    second = restore(first.text, run_tells(analyse(first.text), tiny).evidence)
    assert second.text == first.text and second.applied == []


WORDS = st.text(alphabet="abc XYZ.\n\u00e9\U0001f600", max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    text=WORDS,
    spans=st.lists(
        st.tuples(
            st.integers(0, 40),
            st.integers(1, 8),
            st.sampled_from(["spin", "translation", "provenance"]),
            st.sampled_from(["names", "glued", "casing"]),
            st.one_of(st.none(), st.text(alphabet="pqr -", max_size=6)),
            st.floats(0, 1),
        ),
        max_size=6,
    ),
)
def test_restore_properties(text: str, spans: list[tuple[int, int, EvidenceKind, str, str | None, float]]) -> None:
    evidence = [Evidence(s, s + n, kind, tell, "r", sugg, w) for s, n, kind, tell, sugg, w in spans]
    restored = restore(text, evidence)
    _check_offsets(text, restored)
    for a, b in pairwise(restored.applied):
        assert a.end <= b.start  # never overlapping


# ------------------------------------------------------------------------------------------------------ CLI


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


RESTORE_TEXT = (
    "The Supreme Courtroom heard the appeal in the Nineteen Eighties, and officials blamed ISIS-Okay for the attack "
    "that followed. The court's ruling was read out by the clerk on a cold morning in the capital city."
)


def test_cli_restore_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "spun", "text": RESTORE_TEXT})
        + "\n"
        + json.dumps({"id": "empty", "text": "  "})
        + "\n{not json\n"
        + json.dumps({"id": "clean", "text": "The council met on Tuesday and the members agreed on the budget."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "restored.jsonl"
    assert main(["restore", str(src), "-o", str(out)]) == 3  # finished, with records reported in place
    rows = _read(out)
    assert [r.get("id") for r in rows] == ["spun", "empty", None, "clean"]
    spun = rows[0]
    assert set(spun) == {"id", "text", "applied"}
    restored = spun["text"]
    assert isinstance(restored, str)
    assert "Supreme Court heard" in restored and "1980s" in restored and "ISIS-K for" in restored
    applied = spun["applied"]
    assert isinstance(applied, list) and applied
    for a in applied:
        assert set(a) == {"start", "end", "original", "replacement", "tell"}
        assert RESTORE_TEXT[a["start"] : a["end"]] == a["original"]
    assert rows[1]["error"] == {"code": "empty", "message": "text is empty or only white space"}
    assert rows[2]["error"]["code"] == "malformed_json"  # type: ignore[index]
    assert rows[3]["text"] == "The council met on Tuesday and the members agreed on the budget."
    assert rows[3]["applied"] == []


def test_cli_restore_txt_and_directory(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(RESTORE_TEXT, encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_bytes(b"caf\xe9 au lait")
    out = tmp_path / "out.jsonl"
    assert main(["restore", str(tmp_path / "docs"), "-o", str(out)]) == 3
    rows = _read(out)
    assert [r["id"] for r in rows] == ["a.txt", "b.txt"]
    assert "1980s" in str(rows[0]["text"])
    assert rows[1]["error"]["code"] == "invalid_utf8"  # type: ignore[index]
    single = tmp_path / "one.jsonl"
    assert main(["restore", str(tmp_path / "docs" / "a.txt"), "-o", str(single)]) == 0
    assert _read(single) == rows[:1]
    strong = tmp_path / "strong.jsonl"
    assert main(["restore", "--min-weight", "0.85", str(tmp_path / "docs" / "a.txt"), "-o", str(strong)]) == 0
    (row,) = _read(strong)
    applied = row["applied"]
    assert isinstance(applied, list)
    kept = {a["tell"] for a in applied}
    assert kept and "numbers" not in kept  # the decade tell weighs 0.8
    assert "1980s" not in str(row["text"])
