"""Readable reports of one document's scores and evidence: in the terminal, and as one self-contained HTML page.

Both show the same things: the per-class scores, every evidence span with its tell, reason and likely
original, and a score per sentence so a reviewer sees which sentences look machine-translated or spun.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, Final

from rich.console import Console
from rich.table import Table
from rich.text import Text

from artifactdet.analysis import analyse
from artifactdet.detector import ScoreResult
from artifactdet.sentences import SentenceScore, reason_label, sentence_scores
from artifactdet.tells.base import Evidence

STYLES: Final = {"spin": "bold black on yellow", "translation": "bold white on blue", "provenance": "black on grey70"}
# When spans of several kinds overlap, the colour shown is the first kind here; the hover text lists them all.
KIND_ORDER: Final = ("spin", "translation", "provenance")
EXCERPT: Final = 80


def _sentences(text: str, result: ScoreResult, sentences: Sequence[SentenceScore] | None) -> Sequence[SentenceScore]:
    return sentences if sentences is not None else sentence_scores(analyse(text), result.evidence)


def _excerpt(s: str, n: int = EXCERPT) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "\u2026"


# ------------------------------------------------------------------------------------------------ terminal


def render_terminal(
    text: str,
    result: ScoreResult,
    manifest: dict[str, Any],
    console: Console | None = None,
    sentences: Sequence[SentenceScore] | None = None,
) -> None:
    console = console or Console()
    scored = _sentences(text, result, sentences)
    # Text objects, never markup strings: the document's own "[...]" must print as written, not as styles.
    header = Text.assemble(
        (f"label: {result.label}", "bold"),
        f"  artifact_score {result.artifact_score:.3f}   ",
        "  ".join(f"{k} {v:.3f}" for k, v in result.scores.items()),
    )
    if not result.reliable:
        header.append(f"  (unreliable: only {result.n_words} words)", style="red")
    console.print(header)
    n_suggestions = sum(1 for e in result.evidence if e.suggestion)
    console.print(
        Text(
            f"model trained {manifest.get('created', '?')}; {len(result.evidence)} evidence spans, "
            f"{n_suggestions} with a likely original (`artifactdet restore` applies them)\n"
        )
    )
    body = Text(text)
    for e in result.evidence:
        body.stylize(STYLES[e.kind], e.start, e.end)
    console.print(body)

    flagged = [(i, s) for i, s in enumerate(scored, start=1) if s.translation_score > 0 or s.spin_score > 0]
    if flagged:
        table = Table(title=f"sentences with evidence ({len(flagged)} of {len(scored)})")
        for col in ("#", "translation", "spin"):
            table.add_column(col, no_wrap=True, justify="right")
        for col, ratio in (("reasons", 2), ("sentence", 5)):
            table.add_column(col, overflow="fold", ratio=ratio)
        for i, s in flagged:
            table.add_row(
                str(i),
                Text(f"{s.translation_score:.2f}", style="bold" if s.translation_score >= 0.5 else ""),
                Text(f"{s.spin_score:.2f}", style="bold" if s.spin_score >= 0.5 else ""),
                Text(", ".join(s.reasons)),
                Text(_excerpt(text[s.start : s.end])),
            )
        console.print(table)
    if not result.evidence:
        return
    table = Table(title="evidence", show_lines=False)
    for col in ("where", "kind", "tell"):
        table.add_column(col, no_wrap=True)
    # The reason is the longest cell; giving it the most room keeps narrow terminals readable.
    for col, ratio in (("text", 2), ("likely original", 2), ("why", 5)):
        table.add_column(col, overflow="fold", ratio=ratio)
    for e in result.evidence:
        table.add_row(
            f"{e.start}-{e.end}",
            e.kind,
            e.tell,
            Text(_excerpt(text[e.start : e.end], 60)),
            Text(e.suggestion or ""),
            Text(e.reason + counted_note(e)),
        )
    console.print(table)


# -------------------------------------------------------------------------------------------------- HTML

_CSS: Final = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2125;max-width:72rem;margin:2rem auto;
padding:0 1rem}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
.meta{color:#555;font-size:.9rem}.warn{color:#b00020;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}
table.scores{width:auto}.bar{display:inline-block;height:.8rem;background:#4263eb;vertical-align:middle}
.bar.original{background:#2f9e44}.bar.spun{background:#f08c00}.bar.translated{background:#4263eb}
.doc{white-space:pre-wrap;border:1px solid #ccc;border-radius:4px;padding:1rem;line-height:1.9}
.sent{border-radius:2px}
mark{color:inherit;border-radius:2px;padding:0 1px;cursor:help}
mark.k-spin{background:#ffd43b;border-bottom:2px solid #e67700}
mark.k-translation{background:#a5d8ff;border-bottom:2px solid #1864ab}
mark.k-provenance{background:#dee2e6;border-bottom:2px solid #495057}
mark.k-spin.k-translation{background:linear-gradient(#ffd43b 55%,#a5d8ff 55%)}
.legend span{margin-right:1rem}.sugg{font-weight:600;color:#2b8a3e}
td.num{text-align:right;font-variant-numeric:tabular-nums}
"""


def _e(value: object) -> str:
    """Escape for element text and quoted attribute values alike."""
    return html.escape(str(value), quote=True)


def counted_note(e: Evidence) -> str:
    """What a reviewer is told of evidence the model's features leave out (``Evidence.counted``)."""
    return "" if e.counted else " (shown only: the model does not count it)"


def _title(e: Evidence, text: str) -> str:
    lines = [f"{e.tell} ({e.kind}, weight {e.weight:.2f}): {text[e.start : e.end]}", e.reason + counted_note(e)]
    if e.suggestion:
        lines.append(f"likely original: {e.suggestion}")
    return "\n".join(lines)


def _sentence_style(s: SentenceScore) -> str:
    # Red-orange, a hue no evidence mark uses, so shading and marks stay apart; opacity follows the score.
    alpha = 0.35 * s.translation_score
    return f"background-color:rgba(250,82,82,{alpha:.3f})" if alpha > 0 else ""


def _render_text(text: str, evidence: Sequence[Evidence], sentences: Sequence[SentenceScore]) -> str:
    """The document with sentences shaded and every evidence span marked.

    Spans may overlap or cross sentence ends, and HTML elements must nest, so the text is cut at every span
    and sentence boundary; each piece is marked with all the evidence covering it (``data-ev`` lists their
    numbers, the hover text their tells, reasons and suggestions). The first piece of evidence ``i`` carries
    the anchor ``ev-i`` the evidence table links to.
    """
    n = len(text)
    cuts = {0, n}
    for e in evidence:
        cuts.update((min(max(e.start, 0), n), min(max(e.end, 0), n)))
    for s in sentences:
        cuts.update((s.start, s.end))
    bounds = sorted(c for c in cuts if 0 <= c <= n)
    sent_at = sorted(range(len(sentences)), key=lambda i: sentences[i].start)
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for i, e in enumerate(evidence):
        starting.setdefault(e.start, []).append(i)
        ending.setdefault(e.end, []).append(i)
    active: set[int] = set()
    out: list[str] = []
    anchored: set[int] = set()
    open_sentence: int | None = None
    k = 0  # next sentence (in sent_at order) that may open
    for a, b in pairwise(bounds):
        active.difference_update(ending.get(a, ()))
        active.update(starting.get(a, ()))
        if open_sentence is not None and sentences[open_sentence].end <= a:
            out.append("</span>")
            open_sentence = None
        while k < len(sent_at) and sentences[sent_at[k]].end <= a:
            k += 1
        if open_sentence is None and k < len(sent_at) and sentences[sent_at[k]].start <= a:
            open_sentence = sent_at[k]
            s = sentences[open_sentence]
            why = ", ".join(s.reasons) or "no evidence"
            title = (
                f"sentence {open_sentence + 1}: translation {s.translation_score:.2f}, spin {s.spin_score:.2f} ({why})"
            )
            style = _sentence_style(s)
            out.append(
                f'<span class="sent" id="s-{open_sentence + 1}" data-translation="{s.translation_score:.3f}"'
                + (f' style="{style}"' if style else "")
                + f' title="{_e(title)}">'
            )
        piece = _e(text[a:b])
        covering = sorted(active)
        if not covering:
            out.append(piece)
            continue
        kinds = [k_ for k_ in KIND_ORDER if any(evidence[i].kind == k_ for i in covering)]
        classes = " ".join(f"k-{k_}" for k_ in kinds)
        title = "\n\n".join(_title(evidence[i], text) for i in covering)
        ids = " ".join(str(i) for i in covering)
        new = [i for i in covering if i not in anchored]
        anchored.update(new)
        anchor = f' id="ev-{new[0]}"' if new else ""
        # Spans that start on the same piece (two tells on one phrase) each need an anchor of their own.
        out.extend(f'<span id="ev-{i}"></span>' for i in new[1:])
        out.append(f'<mark{anchor} class="{classes}" data-ev="{ids}" title="{_e(title)}">{piece}</mark>')
    if open_sentence is not None:
        out.append("</span>")
    return "".join(out)


def _score_rows(result: ScoreResult) -> str:
    rows = []
    for label, p in result.scores.items():
        rows.append(
            f'<tr><th scope="row">{_e(label)}</th><td class="num">{p:.3f}</td>'
            f'<td><span class="bar {_e(label)}" style="width:{max(p, 0.0) * 16:.2f}rem"></span></td></tr>'
        )
    return "".join(rows)


def _sentence_rows(text: str, sentences: Sequence[SentenceScore]) -> str:
    rows = []
    for i, s in enumerate(sentences, start=1):
        if not (s.translation_score or s.spin_score):
            continue
        rows.append(
            f'<tr><td class="num"><a href="#s-{i}">{i}</a></td><td class="num">{s.translation_score:.2f}</td>'
            f'<td class="num">{s.spin_score:.2f}</td><td>{_e(", ".join(s.reasons))}</td>'
            f"<td>{_e(_excerpt(text[s.start : s.end], 160))}</td></tr>"
        )
    return "".join(rows)


def _evidence_rows(text: str, evidence: Sequence[Evidence]) -> str:
    rows = []
    for i, e in enumerate(evidence):
        sugg = f'<span class="sugg">{_e(e.suggestion)}</span>' if e.suggestion else ""
        rows.append(
            f'<tr><td class="num"><a href="#ev-{i}">{e.start}-{e.end}</a></td><td>{_e(e.kind)}</td>'
            f"<td>{_e(reason_label(e.tell))}</td><td>{_e(text[e.start : e.end])}</td><td>{sugg}</td>"
            f'<td>{_e(e.reason + counted_note(e))}</td><td class="num">{e.weight:.2f}</td></tr>'
        )
    return "".join(rows)


def render_html(
    text: str,
    result: ScoreResult,
    manifest: dict[str, Any],
    sentences: Sequence[SentenceScore] | None = None,
) -> str:
    """One self-contained HTML page (inline CSS, no script, nothing fetched) with the whole report.

    Everything taken from the document, the evidence or the manifest is escaped; a content security policy
    forbids scripts and remote loads as a second line of defence for pages opened from untrusted text.
    """
    scored = _sentences(text, result, sentences)
    evidence = [e for e in result.evidence if 0 <= e.start < e.end <= len(text)]
    flagged = sum(1 for s in scored if s.translation_score or s.spin_score)
    unreliable = f' <span class="warn">unreliable: only {result.n_words} words</span>' if not result.reliable else ""
    versions = manifest.get("versions") if isinstance(manifest.get("versions"), dict) else {}
    model_line = (
        f"model trained {_e(manifest.get('created', '?'))}, artifactdet {_e(manifest.get('artifactdet_version', '?'))}"
        + (f", scikit-learn {_e(versions.get('scikit-learn'))}" if versions and versions.get("scikit-learn") else "")
    )
    sentence_table = (
        "<table><thead><tr><th>#</th><th>translation</th><th>spin</th><th>reasons</th><th>sentence</th></tr>"
        f"</thead><tbody>{_sentence_rows(text, scored)}</tbody></table>"
        if flagged
        else "<p>No sentence has translation or spinning evidence.</p>"
    )
    evidence_table = (
        "<table><thead><tr><th>where</th><th>kind</th><th>tell</th><th>text</th><th>likely original</th>"
        f"<th>why</th><th>weight</th></tr></thead><tbody>{_evidence_rows(text, evidence)}</tbody></table>"
        if evidence
        else "<p>No evidence.</p>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>artifactdet report: {_e(result.label)}</title><style>{_CSS}</style></head><body>"
        "<header><h1>artifactdet report</h1>"
        f"<p><strong>label: {_e(result.label)}</strong> &middot; artifact score {result.artifact_score:.3f} "
        f"&middot; {result.n_words} words{unreliable}</p>"
        f'<p class="meta">{model_line}</p></header>'
        f'<h2>Scores</h2><table class="scores"><tbody>{_score_rows(result)}</tbody></table>'
        "<h2>Text</h2>"
        '<p class="legend meta"><span><mark class="k-spin">spinning</mark></span>'
        '<span><mark class="k-translation">translation</mark></span>'
        '<span><mark class="k-provenance">provenance</mark></span>'
        '<span class="sent" style="background-color:rgba(250,82,82,.3)">sentence shaded by translation score</span>'
        " &middot; hover a span for the tell, the reason and the likely original</p>"
        f'<div class="doc">{_render_text(text, evidence, scored)}</div>'
        f"<h2>Sentences with evidence ({flagged} of {len(scored)})</h2>{sentence_table}"
        f"<h2>Evidence ({len(evidence)} spans)</h2>{evidence_table}"
        "</body></html>\n"
    )
