"""Service settings, read from ``ARTIFACTDET_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARTIFACTDET_")

    model_dir: Path | None = None  # default: the bundle shipped in the package
    max_chars: int = 100_000  # longest text scored, in characters
    max_batch: int = 64  # most documents in one batch request
    max_body_bytes: int = 8 * 1024 * 1024  # largest request body accepted


def get_settings() -> Settings:
    return Settings()
