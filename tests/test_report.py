"""Reports: the HTML page is self-contained, escapes everything and marks every span; the terminal report prints
the document's own brackets as written; ``explain --html`` writes the page."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from rich.console import Console
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from artifactdet.analysis import analyse
from artifactdet.calibration import OOFCalibratedClassifier
from artifactdet.cli import main
from artifactdet.detector import ScoreResult
from artifactdet.model import LABELS, save_bundle
from artifactdet.ngrams import N_HASHED, StackedClassifier, stack_rows
from artifactdet.report import render_html, render_terminal
from artifactdet.resources import Resources, load_resources
from artifactdet.sentences import sentence_scores
from artifactdet.tells import FEATURE_NAMES, run_tells
from artifactdet.tells.base import Evidence, EvidenceKind

VOID = {"meta", "br", "hr", "img", "input", "link"}


class Page(HTMLParser):
    """Checks nesting and collects the document view: its text, and the text under each evidence number."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.doc_text: list[str] = []
        self.by_evidence: dict[int, list[str]] = {}
        self.titles: dict[int, list[str]] = {}
        self.sentences: list[tuple[str, str]] = []  # (data-translation, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if tag == "span" and a.get("class") == "sent" and self._in_doc():
            self.sentences.append((a.get("data-translation") or "", ""))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        opened, _ = self.stack.pop()
        assert opened == tag, f"<{opened}> closed by </{tag}>"

    def _in_doc(self) -> bool:
        return any(t == "div" and a.get("class") == "doc" for t, a in self.stack)

    def handle_data(self, data: str) -> None:
        if not self._in_doc():
            return
        self.doc_text.append(data)
        for tag, a in self.stack:
            if tag == "span" and a.get("class") == "sent":
                score, so_far = self.sentences[-1]
                self.sentences[-1] = (score, so_far + data)
            if tag == "mark" and a.get("data-ev"):
                for i in map(int, (a["data-ev"] or "").split()):
                    self.by_evidence.setdefault(i, []).append(data)
                    self.titles.setdefault(i, []).append(a.get("title") or "")


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.stack, f"unclosed: {[t for t, _ in p.stack]}"
    return p


def _result(text: str, evidence: list[Evidence], label: str = "spun") -> ScoreResult:
    scores = {"original": 0.1, "translated": 0.25, "spun": 0.65}
    return ScoreResult(label, scores, 0.9, True, len(text.split()), tuple(evidence), text)


def _ev(text: str, needle: str, kind: EvidenceKind, tell: str, reason: str, sugg: str | None, w: float) -> Evidence:
    start = text.index(needle)
    return Evidence(start, start + len(needle), kind, tell, reason, sugg, w)


HOSTILE = (
    'Officials said <script>alert("x")</script> & more. The Supreme Courtroom ruled <img src=x onerror=alert(1)> '
    "in the Nineteen Eighties. He said \"we won't stop. bilateral. [bold]Markup[/] stays [/] as written & "
    "</div></mark>\u202e ends."
)


def _hostile_evidence() -> list[Evidence]:
    t = HOSTILE
    return [
        _ev(t, "<script>", "provenance", "scraper_marker", 'A "tag" <b>here</b>', None, 0.5),
        _ev(t, "Supreme Courtroom", "spin", "names", "it's <no> known name", '"><script>x</script>', 0.9),
        _ev(t, "Courtroom", "spin", "rare_synonyms", "rare & odd", "court", 0.2),  # inside the one above
        _ev(t, "Nineteen Eighties", "spin", "numbers", "decade in words", "1980s", 0.8),
        _ev(t, "Nineteen Eighties", "spin", "collocations", "same span, other tell", "1980s", 0.4),
        _ev(t, "Eighties. He said", "translation", "fragments", "crosses a sentence end", None, 0.4),  # crossing
        _ev(t, '"we', "translation", "quotes", "lone quote", None, 0.6),
        _ev(t, "bilateral.", "translation", "fragments", "split <off>", None, 0.8),
        _ev(t, "</div></mark>", "translation", "glued", "glued <words>", "</mark> <b>", 0.7),
        _ev(t, "ends.", "spin", "names", "last span", "end", 0.9),  # at the very end of the text
    ]


MANIFEST = {"created": "<script>evil()</script>", "artifactdet_version": '"><b>', "versions": {"scikit-learn": "<i>"}}


def test_html_escapes_everything_and_is_self_contained() -> None:
    page = render_html(HOSTILE, _result(HOSTILE, _hostile_evidence(), label="<b>spun</b>"), MANIFEST)
    p = parse(page)
    tags = {t for t, _ in p.tags}
    assert tags.isdisjoint({"script", "img", "iframe", "object", "embed", "link", "b", "i", "base", "form"})
    for tag, attrs in p.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in ("src", "href", "action"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (tag, attrs)  # in-page anchors only
    assert not re.search(r"https?://|//[a-z]|url\(|@import", page.replace("'none'", ""), re.I)
    assert "Content-Security-Policy" in page
    assert "&lt;script&gt;evil()&lt;/script&gt;" in page  # the manifest, escaped
    assert "&lt;b&gt;spun&lt;/b&gt;" in page


def test_html_shows_the_whole_text_and_every_span() -> None:
    evidence = _hostile_evidence()
    page = render_html(HOSTILE, _result(HOSTILE, evidence), MANIFEST)
    p = parse(page)
    assert "".join(p.doc_text) == HOSTILE
    for i, e in enumerate(evidence):
        assert "".join(p.by_evidence[i]) == HOSTILE[e.start : e.end], e
        title = p.titles[i][0]
        assert e.tell in title and e.reason in title
        if e.suggestion:
            assert f"likely original: {e.suggestion}" in title
        assert page.count(f'id="ev-{i}"') == 1 and f'href="#ev-{i}"' in page  # table row links to the span


def test_html_scores_and_sentence_shading(tiny: Resources) -> None:
    text = "The minister spoke first. He said the Talibanto talk went well. They left. Be."
    doc = analyse(text)
    evidence = list(run_tells(doc, tiny).evidence)
    assert evidence
    sentences = sentence_scores(doc, evidence)
    page = render_html(text, _result(text, evidence), {"created": "2025-01-01"}, sentences)
    p = parse(page)
    assert [(f"{s.translation_score:.3f}", text[s.start : s.end]) for s in sentences] == p.sentences
    assert any(s.translation_score > 0 for s in sentences) and "background-color:rgba(250,82,82," in page
    for label, value in {"original": "0.100", "translated": "0.250", "spun": "0.650"}.items():
        assert re.search(rf'<th scope="row">{label}</th><td class="num">{value}</td>', page)
    assert "2025-01-01" in page


@pytest.mark.parametrize("text", ["One plain sentence with nothing to show.", "x", "\n\n  Spaced out.  \n"])
def test_html_without_evidence(text: str) -> None:
    page = render_html(text, _result(text, []), {})
    p = parse(page)
    assert "".join(p.doc_text) == text
    assert "No evidence." in page and "<mark" not in page.split('<div class="doc">')[1].split("</div>")[0]


def test_terminal_prints_brackets_as_written() -> None:
    evidence = _hostile_evidence()
    console = Console(record=True, width=400, file=io.StringIO(), color_system=None)
    render_terminal(HOSTILE, _result(HOSTILE, evidence), MANIFEST, console)
    out = console.export_text()
    assert "[bold]Markup[/] stays [/]" in out
    assert "sentences with evidence" in out and "1980s" in out
    assert "number in words" in out  # the sentence table names its reasons


def test_evidence_the_model_does_not_count_says_so() -> None:
    text = "The State Division said high blood stress is common."
    counted = _ev(text, "State Division", "spin", "names", "a swap back", "State Department", 0.9)
    shown_only = replace(
        _ev(text, "blood stress", "spin", "names", "a neighbour", "blood pressure", 0.6), counted=False
    )
    note = "(shown only: the model does not count it)"
    page = render_html(text, _result(text, [counted, shown_only]), MANIFEST)
    assert page.count(note) == 2  # the evidence table row and the span's hover text, of that item only
    assert f"a neighbour {note}" in page and f"a swap back {note}" not in page
    console = Console(record=True, width=400, file=io.StringIO(), color_system=None)
    render_terminal(text, _result(text, [counted, shown_only]), MANIFEST, console)
    out = console.export_text()
    assert f"a neighbour {note}" in out and f"a swap back {note}" not in out


@pytest.fixture(scope="module")
def stand_in_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway bundle, so the CLI's report plumbing is tested apart from the shipped model's quality."""
    rng = np.random.default_rng(0)
    tells = rng.normal(size=(30, len(FEATURE_NAMES)))
    counts = sp.random(30, N_HASHED, density=1e-4, format="csr", random_state=0)
    y = np.array(LABELS * 10)
    final = OOFCalibratedClassifier(LogisticRegression(max_iter=200), cv=2, balance=0.0)
    model = StackedClassifier(final, n_tells=len(FEATURE_NAMES), cv=2).fit(stack_rows(tells, counts), y)
    pipeline = Pipeline([("model", model)])
    out = tmp_path_factory.mktemp("bundle")
    save_bundle(
        out, pipeline, resources=load_resources(), training_data_digest="test", metrics={}, thresholds={"artifact": 0.5}
    )
    return out


def test_cli_explain_writes_html(tmp_path: Path, capsys: pytest.CaptureFixture[str], stand_in_bundle: Path) -> None:
    text = (
        "The Supreme Courtroom heard the appeal in the Nineteen Eighties, and officials blamed ISIS-Okay for the "
        "attack. The ruling <script>alert(1)</script> was read out by the clerk on a cold morning in the capital."
    )
    src = tmp_path / "doc.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "report" / "doc.html"
    assert main(["--model", str(stand_in_bundle), "explain", str(src), "--html", str(out)]) == 0
    terminal = capsys.readouterr()
    assert "label:" in terminal.out and str(out) in terminal.err
    page = out.read_text(encoding="utf-8")
    p = parse(page)
    assert "".join(p.doc_text) == text
    assert "<script>" not in page and "Supreme Court" in page
    assert p.by_evidence  # spans are marked

    assert main(["--model", str(stand_in_bundle), "explain", str(src), "--html", "-"]) == 0
    only_page = capsys.readouterr().out
    # stdout holds the page and nothing else: no terminal report before or after it
    assert only_page.startswith("<!DOCTYPE html>") and only_page.endswith("</html>\n")
    parse(only_page)
