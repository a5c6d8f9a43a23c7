"""A one-line progress display on stderr for long CLI runs: documents done, rate, and ETA when the total is known.

It draws only when its stream is a terminal, so pipelines, logs and tests see nothing but the lines they saw
before, and it redraws at most every ``min_interval`` seconds, so a run of billions of documents does not spend
its time writing to the terminal.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TextIO


def _clock_text(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class Progress:
    def __init__(
        self,
        stream: TextIO,
        *,
        total: int | None = None,
        total_bytes: int | None = None,
        bytes_read: Callable[[], int] | None = None,
        min_interval: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        enabled: bool | None = None,
    ) -> None:
        self.stream = stream
        self.enabled = _isatty(stream) if enabled is None else enabled
        self.total = total
        self.total_bytes = total_bytes or None  # an empty file gives no fraction to go by
        self._bytes_read = bytes_read
        self.min_interval = min_interval
        self._clock = clock
        self._start = clock()
        self._last_draw = self._start
        self._drawn = False
        self.done = 0

    def fraction(self) -> float | None:
        """Share of the input consumed: by documents if their number is known, else by bytes of the file."""
        if self.total:
            return min(1.0, self.done / self.total)
        if self.total_bytes and self._bytes_read is not None:
            return min(1.0, self._bytes_read() / self.total_bytes)
        return None

    def line(self, now: float) -> str:
        elapsed = now - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        parts = [f"{self.done:,} docs", f"{rate:,.1f} docs/s"]
        frac = self.fraction()
        if frac is not None:
            parts.append(f"{frac:.1%}")
            if frac > 0:
                eta = elapsed * (1 - frac) / frac
                parts.append(f"ETA {_clock_text(eta)}" if math.isfinite(eta) else "ETA ?")
        parts.append(f"elapsed {_clock_text(elapsed)}")
        return "  ".join(parts)

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = self._clock()
        if now - self._last_draw >= self.min_interval:
            self._draw(now)

    def _draw(self, now: float) -> None:
        # \r and erase-to-end-of-line: the line is rewritten in place and a shorter line leaves no tail.
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self._last_draw = now
        self._drawn = True

    def note(self, message: str) -> None:
        """Print a line of its own (an error report, say) without leaving it tangled with the bar."""
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self._drawn = False
        print(message, file=self.stream)

    def close(self) -> None:
        if not self.enabled:
            return
        self._draw(self._clock())
        self.stream.write("\n")
        self.stream.flush()
        self.enabled = False


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False
