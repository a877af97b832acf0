"""Progress of long builds: a bar on a terminal, plain lines in CI or a pipe; stage timings for --profile."""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from generator.core.messages import Message

SHOW_FROM = 1000  # outputs; smaller builds finish before a bar would help
PROFILE_HEADINGS = ("msg_profile_stage", "msg_profile_seconds", "msg_profile_template", "msg_profile_pages", "msg_profile_ms_per_page")


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = total >= SHOW_FROM
        self.bar = self.enabled and self.stream.isatty() and not os.environ.get("CI")
        self.next_line = 0.1

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        share = self.done / self.total
        if self.bar:
            if self.done % 50 == 0 or self.done == self.total:
                filled = int(share * 30)
                self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
                if self.done == self.total:
                    self.stream.write("\n")
                self.stream.flush()
        elif share >= self.next_line or self.done == self.total:
            self.stream.write(f"{self.label}: {self.done}/{self.total} ({share:.0%})\n")
            self.stream.flush()
            self.next_line = (int(share * 10) + 1) / 10


class Profile:
    """Seconds per stage and per template."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.templates: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

    def template(self, name: str, seconds: float, pages: int = 1) -> None:
        self.templates[name] += seconds
        self.counts[name] += pages

    def report(self) -> str:
        stage, seconds_heading, template, pages, per_page = (str(Message(key)) for key in PROFILE_HEADINGS)
        lines = [f"{stage:<16} {seconds_heading:>7}"]
        lines += [f"{name:<16} {seconds:7.3f}" for name, seconds in self.stages.items()]
        lines += ["", f"{template:<20} {pages:>6} {seconds_heading:>8} {per_page:>8}"]
        for name, seconds in sorted(self.templates.items(), key=lambda kv: -kv[1]):
            lines.append(f"{name:<20} {self.counts[name]:>6} {seconds:8.3f} {1000 * seconds / self.counts[name]:8.2f}")
        return "\n".join(lines)
