"""artifactdet: tells whether English text is original, machine-translated or spun, and shows the evidence."""

from __future__ import annotations

__version__ = "0.1.0"

from artifactdet.analysis import Document, analyse  # noqa: E402
from artifactdet.detector import Detector, ScoreResult  # noqa: E402
from artifactdet.errors import ArtifactDetError, BundleError, InputError  # noqa: E402
from artifactdet.tells.base import Evidence  # noqa: E402

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
