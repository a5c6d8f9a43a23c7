"""artifactdet: tells whether English text is original, machine-translated or spun, and shows the evidence."""

from __future__ import annotations

__version__ = "0.1.0"

from artifactdet.analysis import Document, analyse
from artifactdet.detector import Detector, ScoreResult
from artifactdet.errors import ArtifactDetError, BundleError, InputError
from artifactdet.tells.base import Evidence

__all__ = [
    "ArtifactDetError",
    "BundleError",
    "Detector",
    "Document",
    "Evidence",
    "InputError",
    "ScoreResult",
    "__version__",
    "analyse",
]
