"""Errors raised by the library; shells map them to exit codes and HTTP statuses."""

from __future__ import annotations


class ArtifactDetError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(ArtifactDetError, ValueError):
    """A document that cannot be scored, with a machine-readable reason code.

    ``code`` is stable (clients switch on it); ``message`` is for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Exceptions pickle as type(*args), and args holds only the message: without this, unpickling one
        # in a process pool's result thread raised TypeError there and left the run waiting for ever.
        return (type(self), (self.code, self.message))


class BundleError(ArtifactDetError):
    """A model bundle that is missing, foreign, corrupt or does not match this code."""
