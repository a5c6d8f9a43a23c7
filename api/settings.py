"""Service settings, read from ``ARTIFACTDET_*`` environment variables."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARTIFACTDET_")

    # Where `python -m api` listens (`artifactdet serve` takes --host/--port instead).
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    # Scoring processes; 0 = one per core this process may run on.
    workers: int = Field(default=0, ge=0, le=256)
    # "process": a pool of worker processes (gets past the GIL, and a stuck document can be killed).
    # "thread": score in this process (tests, debugging); a document over budget is answered but not stopped.
    pool: Literal["process", "thread"] = "process"

    model_dir: Path | None = None  # default: the bundle shipped in the package
    max_chars: int = Field(default=100_000, ge=1)  # longest text scored, in characters
    max_batch: int = Field(default=64, ge=1)  # most documents in one batch request
    max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1)  # largest request body accepted

    # Worker time one document may take before its worker is killed and replaced (422 time_budget_exceeded).
    doc_timeout_s: float = Field(default=5.0, gt=0)
    # Documents waiting for a worker; beyond this (or after waiting max_queue_wait_s) the answer is 503.
    max_queue: int = Field(default=512, ge=1)
    max_queue_wait_s: float = Field(default=10.0, gt=0)
    # Documents a worker scores in one model call when several are waiting (the model call has a fixed cost).
    # 4, not 8: with 16 clients one worker took 8 documents while the other idled, which stretched the tail. Run
    # in turn on 2026-11-23 (benchmarks/load_test.py, 16 clients): up to 4, 424.4 and 379.8 requests/s, p99 50.4
    # and 56.3 ms; up to 8, 373.2 and 376.1 requests/s, p99 70.1 and 66.9 ms.
    micro_batch: int = Field(default=4, ge=1, le=256)
    startup_timeout_s: float = Field(default=120.0, gt=0)
    shutdown_timeout_s: int = Field(default=20, ge=0)  # in-flight requests get this long to finish on SIGTERM
    max_connections: int = Field(default=1024, ge=1)  # beyond this uvicorn answers 503 (`python -m api` only)

    # Comma-separated; when set, every route but /healthz and /readyz needs one of them in X-API-Key
    # (or Authorization: Bearer).
    api_keys: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_json: bool = True

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(k.strip() for k in value.split(",") if k.strip())
        return value

    @field_validator("api_keys")
    @classmethod
    def _nonempty_keys(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        if any(len(k.get_secret_value()) < 16 for k in value):
            raise ValueError("API keys must be at least 16 characters long")
        return value

    def worker_count(self) -> int:
        return self.workers or available_cores()


def available_cores() -> int:
    """Cores this process may use: the affinity mask, capped by a cgroup v2 CPU quota (`docker run --cpus`)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


def get_settings() -> Settings:
    return Settings()
