"""Request and response schemas at the HTTP edge (separate from the library's core types)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictStr

Label = Literal["original", "translated", "spun"]

EXAMPLE_TEXT = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would raise "
    "funds for schools and roads, and that they expected a vote before the end of the month."
)
EXAMPLE_SCORES: dict[str, Any] = {"original": 0.91, "translated": 0.06, "spun": 0.03}
EXAMPLE_SPUN = "Since the Nineteen Nineties, counterfeit consciousness has changed how the council plans its budget."
EXAMPLE_RESTORED: dict[str, Any] = {
    "text": "Since the 1990s, artificial intelligence has changed how the council plans its budget.",
    "applied": [
        {"start": 10, "end": 27, "original": "Nineteen Nineties", "replacement": "1990s", "tell": "numbers"},
        {
            "start": 29,
            "end": 54,
            "original": "counterfeit consciousness",
            "replacement": "artificial intelligence",
            "tell": "tortured",
        },
    ],
}
RESTORE_DESCRIPTION = (
    "include `restored`: the text with the likely originals put back (spun phrases restored, glued words split), "
    "as `artifactdet restore` writes it"
)


def _unicode(value: str) -> str:
    # JSON "\ud800" escapes decode to lone surrogates: not text, and they cannot be written back out as UTF-8.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"contains a lone surrogate (U+{ord(value[exc.start]):04X}) at index {exc.start}") from None
    return value


Text = Annotated[StrictStr, AfterValidator(_unicode)]


class ScoreRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": EXAMPLE_TEXT},
                {"text": EXAMPLE_TEXT, "explain": True},
                {"text": EXAMPLE_SPUN, "restore": True},
            ]
        },
    )

    text: Text = Field(description="the document, UTF-8 text")
    explain: StrictBool = Field(False, description="include evidence spans")
    restore: StrictBool = Field(False, description=RESTORE_DESCRIPTION)


class BatchDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Text = Field(description="echoed in the result, so results can be matched to documents")
    text: Text


class BatchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"documents": [{"id": "a", "text": EXAMPLE_TEXT}, {"id": "b", "text": " "}], "explain": False}]
        },
    )

    documents: list[BatchDocument] = Field(description="at most ARTIFACTDET_MAX_BATCH documents, at least one")
    explain: StrictBool = Field(False, description="include evidence spans, for every document")
    restore: StrictBool = Field(False, description=RESTORE_DESCRIPTION + ", for every document")


class Scores(BaseModel):
    original: float
    translated: float
    spun: float


class EvidenceOut(BaseModel):
    start: int = Field(description="character offset of the span in the text")
    end: int
    text: str
    kind: Literal["spin", "translation", "provenance"]
    tell: str
    reason: str
    suggestion: str | None = Field(description="the likely original wording, when known")
    weight: float
    counted: bool = Field(
        description="whether the model's features count this span; false: shown to the reviewer only (a swap "
        "back along a loose relation the model was measured to do worse with)"
    )


class SentenceOut(BaseModel):
    start: int
    end: int
    text: str
    translation_score: float = Field(description="0-1, from the translation evidence in this sentence")
    spin_score: float = Field(description="0-1, from the spinning evidence in this sentence")
    reasons: list[str]


class AppliedOut(BaseModel):
    start: int = Field(description="character offset in the input text of the span replaced")
    end: int
    original: str = Field(description="the input's text[start:end]")
    replacement: str = Field(description="what it was replaced with: the likely original wording")
    tell: str = Field(description="the tell whose suggestion this is")


class RestoredOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_RESTORED]})

    text: str = Field(description="the text with each change applied; everything else is unchanged")
    applied: list[AppliedOut] = Field(description="the changes, in text order; offsets index the input text")


class ScoreResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"label": "original", "scores": EXAMPLE_SCORES, "artifact_score": 0.09, "reliable": False},
                {
                    "label": "spun",
                    "scores": {"original": 0.08, "translated": 0.05, "spun": 0.87},
                    "artifact_score": 0.92,
                    "reliable": False,
                    "restored": EXAMPLE_RESTORED,
                },
            ]
        }
    )

    label: Label
    scores: Scores = Field(description="calibrated probabilities of the three classes (they sum to 1)")
    artifact_score: float = Field(description="1 - p(original)")
    reliable: bool = Field(description="false under 50 words")
    evidence: list[EvidenceOut] | None = Field(None, description="with explain=true")
    sentences: list[SentenceOut] | None = Field(None, description="with explain=true: sentences with evidence")
    restored: RestoredOut | None = Field(None, description="with restore=true: the text with the originals put back")


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
    sentences: list[SentenceOut] | None = None
    restored: RestoredOut | None = None
    error: ErrorOut | None = None


class BatchResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "results": [
                        {
                            "id": "a",
                            "label": "original",
                            "scores": EXAMPLE_SCORES,
                            "artifact_score": 0.09,
                            "reliable": False,
                        },
                        {"id": "b", "error": {"code": "empty", "message": "text is empty or only white space"}},
                    ]
                }
            ]
        }
    )

    results: list[BatchItem] = Field(description="one per document, in order; a document not scored has `error`")


class Health(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok", "model_sha256": "3f1c…"}]})

    status: Literal["ok"]
    model_sha256: str


class Ready(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "ready", "mode": "process", "workers": 2, "workers_ready": 2, "workers_busy": 1, "queued": 0}
            ]
        }
    )

    status: Literal["ready"]
    mode: Literal["process", "thread"]
    workers: int
    workers_ready: int
    workers_busy: int
    queued: int


class ErrorResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "text is empty or only white space", "code": "empty"}]}
    )

    detail: str
    code: str = Field(description="stable, machine-readable reason")
