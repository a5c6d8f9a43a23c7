"""A scoring worker process: loads the Detector once, then scores the documents its pool sends over a pipe.

Messages to the worker: ``(batch_id, [(text, explain, restore), ...])``, or ``None`` to exit.
Messages from it: ``("ready", pid, manifest)`` or ``("failed", message)`` once at start, then one
``(batch_id, [outcome, ...], seconds)`` per batch, an outcome being ``("ok", record)``,
``("refused", code, message)`` (text the library will not score) or ``("error", message)`` (a library bug).
A record has the CLI's score fields; with ``explain`` also ``evidence`` and ``sentences``, with ``restore`` also
``restored``: ``{"text", "applied": [...]}``, the fields ``artifactdet restore`` writes.
"""

from __future__ import annotations

import signal
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

Outcome = tuple[Any, ...]
# One document to score: its text, whether to explain (evidence, sentences), whether to restore.
Item = tuple[str, bool, bool]


def score_texts(detector: Any, items: list[Item]) -> list[Outcome]:
    """Score in one model call; shared by the worker processes and the in-process (thread) mode."""
    from artifactdet.detector import ScoreResult
    from artifactdet.errors import InputError

    outcomes: list[Outcome] = []
    results = detector.score_batch([text for text, _, _ in items])
    for (_, explain, restore), result in zip(items, results, strict=True):
        if isinstance(result, ScoreResult):
            try:
                record = result.to_record(explain=explain)
                if restore:
                    record["restored"] = restored_record(result)
            except Exception as exc:  # a library bug on this document only: the others keep their results
                outcomes.append(("error", f"{type(exc).__name__}: {exc}"))
                continue
            outcomes.append(("ok", record))
        elif isinstance(result, InputError):
            outcomes.append(("refused", result.code, result.message))
        else:
            outcomes.append(("error", f"{type(result).__name__}: {result}"))
    return outcomes


def restored_record(result: Any) -> dict[str, Any]:
    """What ``artifactdet restore`` writes for a document (without the id): the text with the likely originals
    put back, and each change with its span in the input.

    Scoring has already validated and analysed the text and run the tells, so the library's ``restore`` is
    applied to that evidence; ``restore_document`` would repeat the same analysis to get the same result.
    """
    from artifactdet.restore import restore

    restored = restore(result.text, result.evidence)
    return {"text": restored.text, "applied": [a.to_record() for a in restored.applied]}


WARM_UP = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would raise "
    "funds for schools and roads, and that they expected a vote before the end of the month."
)


def limit_native_threads() -> None:
    """One native thread per scoring thread. Call it in the thread that scores (OpenMP limits are per thread).

    scikit-learn's gradient boosting predicts with an OpenMP team per call; with one scorer per core those teams
    oversubscribe the CPU, and a single prediction stalls for seconds on a busy machine.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def main(conn: Connection, model_dir: Path | None, max_chars: int) -> None:
    # Ctrl-C, `timeout` and systemd signal every process in the group or cgroup at once. The parent decides when
    # workers stop (after requests in flight are answered); if it dies instead, the pipe closes and recv() ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    import os

    try:
        from artifactdet.detector import Detector
        from artifactdet.validate import Limits

        detector = Detector.load(model_dir, Limits(max_chars=max_chars))
        limit_native_threads()
        score_texts(detector, [(WARM_UP, True, True)])  # first-call costs are paid before the worker says it is ready
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid(), detector.manifest))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent went away
            return
        if message is None:
            return
        batch_id, items = message
        started = time.perf_counter()
        try:
            outcomes = score_texts(detector, items)
        except Exception:
            # score_batch keeps per-text failures in place; anything escaping it fails the whole batch.
            outcomes = [("error", traceback.format_exc(limit=-3))] * len(items)
        conn.send((batch_id, outcomes, time.perf_counter() - started))
