"""Progress of long work on a terminal: the stage, its count and the seconds it has taken.

Shown only when standard error is a terminal and the user did not ask for quiet (``-q``); in CI
(not a terminal) nothing is written. One line is redrawn in place, about twice a second, so a
stage that takes long (MkDocs, printing) still shows it is alive.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Progress:
    """``stage("MkDocs ru", 2, 3)`` shows ``[0:12] MkDocs ru (2/3) … 4 s``."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self._text = ""
        self._since = self.start
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stage(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Start (or advance) a stage; ``done``/``total`` count its items."""
        if not self.enabled:
            return
        count = f" ({done}/{total})" if done is not None and total is not None else ""
        with self._lock:
            if text != self._text.partition(" (")[0]:
                self._since = time.perf_counter()
            self._text = text + count
        self._draw()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        if self.enabled and self._text:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._text = ""

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if not self._text:
                return
            now = time.perf_counter()
            total = int(now - self.start)
            line = f"[{total // 60}:{total % 60:02d}] {self._text} … {now - self._since:.0f} s"
            self.stream.write("\r\x1b[K" + line)
            self.stream.flush()
