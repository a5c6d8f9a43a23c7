from __future__ import annotations

from artifactdet.analysis import analyse
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, Tell, TellOutput


def run(tell: Tell, text: str, res: Resources) -> tuple[TellOutput, list[Evidence]]:
    out = tell(analyse(text), res)
    assert set(out.features) == set(tell.feature_names)
    for e in out.evidence:
        assert 0 <= e.start < e.end <= len(text), e
        assert e.kind == tell.kind or tell.kind == "provenance"
        assert e.reason
    return out, list(out.evidence)


def spans(text: str, evidence: list[Evidence]) -> list[str]:
    return [text[e.start : e.end] for e in evidence]
