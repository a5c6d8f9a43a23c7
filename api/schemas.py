"""Request and response schemas at the HTTP edge (separate from the library's core types)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

Label = Literal["original", "translated", "spun"]


class ScoreRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"text": "Some English text.", "explain": True}]}
    )

    text: StrictStr = Field(description="the document, UTF-8 text")
    explain: StrictBool = Field(False, description="include evidence spans")


class BatchDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: StrictStr
    text: StrictStr


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[BatchDocument]
    explain: StrictBool = False


class Scores(BaseModel):
    original: float
    translated: float
    spun: float


class EvidenceOut(BaseModel):
    start: int
    end: int
    text: str
    kind: Literal["spin", "translation", "provenance"]
    tell: str
    reason: str
    suggestion: str | None
    weight: float


class ScoreResponse(BaseModel):
    label: Label
    scores: Scores
    artifact_score: float
    reliable: bool
    evidence: list[EvidenceOut] | None = None


class ErrorOut(BaseModel):
    code: str
    message: str


class BatchItem(BaseModel):
    id: str
    label: Label | None = None
    scores: Scores | None = None
    artifact_score: float | None = None
    reliable: bool | None = None
    evidence: list[EvidenceOut] | None = None
    error: ErrorOut | None = None


class BatchResponse(BaseModel):
    results: list[BatchItem]


class Health(BaseModel):
    status: Literal["ok"]
    model_sha256: str


class ErrorResponse(BaseModel):
    detail: str
    code: str
