"""Progress for long transfers and jobs: a redrawn bar on a terminal, plain lines otherwise (CI logs, pipes)."""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024.0
    return f"{n:.1f} TB"


class Progress:
    """Reports ``done`` out of ``total`` (bytes when ``unit == "bytes"``, else a fraction 0..1 of a job).

    On a TTY it redraws one line (``\\r``) at most 10 times a second; otherwise it prints a line at each further
    10 % or every ``line_interval`` seconds, so logs stay short. ``enabled=False`` prints nothing.
    """

    WIDTH = 30

    def __init__(self, label: str, total: Optional[float] = None, unit: str = "bytes",
                 stream: Optional[TextIO] = None, enabled: bool = True, line_interval: float = 5.0):
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.line_interval = line_interval
        self.done = 0.0
        self.message = ""
        self._last_draw = 0.0
        self._last_step = -1
        self._last_line = 0.0
        self._closed = False

    def update(self, done: float, total: Optional[float] = None, message: str = "") -> None:
        self.done = done
        if total is not None:
            self.total = total
        if message:
            self.message = message
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if now - self._last_draw >= 0.1:
                self._last_draw = now
                self.stream.write("\r" + self.render() + "\x1b[K")
                self.stream.flush()
            return
        fraction = self.fraction()
        step = int(fraction * 10) if fraction is not None else -1
        if step > self._last_step or now - self._last_line >= self.line_interval:
            self._last_step = max(step, self._last_step)
            self._last_line = now
            self.stream.write(self.render() + "\n")
            self.stream.flush()

    def fraction(self) -> Optional[float]:
        if self.unit == "bytes":
            return None if not self.total else min(1.0, self.done / self.total)
        return None if self.done is None else min(1.0, float(self.done))

    def render(self) -> str:
        fraction = self.fraction()
        parts = [self.label]
        if fraction is not None:
            filled = int(round(fraction * self.WIDTH))
            parts.append("[" + "#" * filled + " " * (self.WIDTH - filled) + "]")
            parts.append(f"{fraction * 100:5.1f}%")
        if self.unit == "bytes":
            parts.append(human_bytes(self.done) + (" / " + human_bytes(self.total) if self.total else ""))
        if self.message:
            parts.append(self.message)
        return " ".join(parts)

    def close(self, message: str = "") -> None:
        if self._closed:
            return
        self._closed = True
        if message:
            self.message = message
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r" + self.render() + "\x1b[K\n")
        else:
            self.stream.write(self.render() + "\n")
        self.stream.flush()
