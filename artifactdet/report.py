"""Readable reports of one document's scores and evidence (terminal)."""

from __future__ import annotations

from typing import Any, Final

from rich.console import Console
from rich.table import Table
from rich.text import Text

from artifactdet.detector import ScoreResult

STYLES: Final = {"spin": "bold black on yellow", "translation": "bold white on blue", "provenance": "black on grey70"}


def render_terminal(text: str, result: ScoreResult, manifest: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    scores = "  ".join(f"{k} {v:.3f}" for k, v in result.scores.items())
    reliability = "" if result.reliable else f"  [red](unreliable: only {result.n_words} words)[/red]"
    console.print(
        f"[bold]label: {result.label}[/bold]  artifact_score {result.artifact_score:.3f}   {scores}{reliability}"
    )
    console.print(f"model trained {manifest.get('created', '?')}; {len(result.evidence)} evidence spans\n")
    body = Text(text)
    for e in result.evidence:
        body.stylize(STYLES[e.kind], e.start, e.end)
    console.print(body)
    if not result.evidence:
        return
    table = Table(title="evidence", show_lines=False)
    for col in ("where", "kind", "tell", "text", "likely original", "why"):
        table.add_column(col, overflow="fold")
    for e in result.evidence:
        table.add_row(f"{e.start}-{e.end}", e.kind, e.tell, text[e.start : e.end][:60], e.suggestion or "", e.reason)
    console.print(table)
