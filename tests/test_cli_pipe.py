"""``artifactdet score ... | head``: a reader that goes away early ends the run quietly with exit 141."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from artifactdet import cli
from artifactdet.cli import EXIT_BROKEN_PIPE, EXIT_FATAL, main

REPO = Path(__file__).resolve().parent.parent
TEXT = "The council met on Tuesday to discuss the new budget for the city, and members said the plan would pass."

# Both ways stdout can be set up: block-buffered (the error comes at a flush) and unbuffered (at each write).
BUFFERING = pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])


def _env(unbuffered: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONPATH"] = str(REPO)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


def _start(args: list[str], unbuffered: bool) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "artifactdet.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(unbuffered),
    )


def _finish(proc: subprocess.Popen[bytes]) -> tuple[int, bytes]:
    assert proc.stderr is not None
    err = proc.stderr.read()
    return proc.wait(timeout=120), err


def _assert_quiet(err: bytes) -> None:
    for noise in (b"Broken pipe", b"BrokenPipeError", b"Exception ignored", b"Traceback"):
        assert noise not in err, err.decode(errors="replace")


@BUFFERING
def test_reader_closing_after_one_line(tmp_path: Path, unbuffered: bool) -> None:
    # Far more output than a pipe holds (64 KiB on Linux): the writes really meet the closed pipe mid-run.
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": TEXT}) + "\n" for i in range(2000)), encoding="utf-8")
    proc = _start(["score", str(src)], unbuffered)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert json.loads(first)["id"] == "0"
    proc.stdout.close()
    code, err = _finish(proc)
    assert code == EXIT_BROKEN_PIPE
    _assert_quiet(err)


def test_reader_gone_before_anything_is_written() -> None:
    # `... | true`: a short output that, buffered, would meet the closed pipe only at interpreter shutdown.
    # (Unbuffered, the first write fails, as in the test above.)
    proc = _start(["score", str(REPO / "examples" / "demo.jsonl")], unbuffered=False)
    assert proc.stdout is not None
    proc.stdout.close()
    code, err = _finish(proc)
    assert code == EXIT_BROKEN_PIPE
    _assert_quiet(err)


def test_other_os_errors_are_still_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def reset(_: object) -> int:
        raise ConnectionResetError("connection reset by peer")

    monkeypatch.setattr(cli, "cmd_score", reset)
    assert main(["score", "-"]) == EXIT_FATAL
    assert "connection reset by peer" in capsys.readouterr().err


def test_broken_pipe_inside_a_command_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "cmd_score", broken)
    assert main(["score", "-"]) == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""
