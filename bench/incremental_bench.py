"""Live preview rebuilds on a synthetic site: one initiative edited (title, status), and nothing changed.

    .venv/bin/python bench/incremental_bench.py [pages] [edits] [languages, e.g. da,en]

Builds once (the first build of `build.py serve`), then edits a random initiative's title `edits`
times, timing each rebuild (load, search, related lists, render, write: everything before
livereload is told to reload); then as many status edits (which move roll-ups, the timeline and
share cards); then as many rebuilds with nothing changed. Prints median and
p95 of each, and checks that the last incremental tree equals a full build.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import STATUSES, WORDS, generate  # noqa: E402
from generator.build.incremental import IncrementalBuild  # noqa: E402
from generator.build.pipeline import build  # noqa: E402


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def report(what: str, seconds: list[float], rendered: list[int], in_place: list[bool]) -> None:
    print(
        f"{what + ':':32} median {statistics.median(seconds) * 1000:5.0f} ms, p95 {p95(seconds) * 1000:5.0f} ms "
        f"({statistics.median(rendered):.0f} pages rendered, median; {sum(in_place)} of {len(in_place)} in place)"
    )


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def main(pages: int = 10_000, edits: int = 20, languages: tuple[str, ...] = ("da",)) -> None:
    work = Path(tempfile.mkdtemp(prefix="retning-incremental-"))
    content, out = work / "content", work / "site"
    generate(pages, content, languages=languages)
    session = IncrementalBuild(content, out)
    started = time.perf_counter()
    session.run()
    print(f"{pages} pages: first build {time.perf_counter() - started:.1f} s")
    session.tidy()
    rng = random.Random(1)
    initiatives = sorted(content.rglob("indsats-*.md"))

    def timed(edit) -> tuple[list[float], list[int], list[bool]]:
        seconds, rendered, in_place = [], [], []
        for _ in range(edits):
            path = rng.choice(initiatives)
            if edit is not None:
                path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
            started = time.perf_counter()
            session.run()
            seconds.append(time.perf_counter() - started)
            rendered.append(session.rendered)
            in_place.append(session.in_place)
            session.settle()  # as build.py serve does once the reload is sent, untimed
        return seconds, rendered, in_place

    def retitle(text: str) -> str:
        title = " ".join(rng.choice(WORDS) for _ in range(4))
        return re.sub(r"(?m)^title: .*$", f'title: "{title.capitalize()}"', text, count=1)

    def restatus(text: str) -> str:  # a status moves roll-ups, the timeline and share cards
        return re.sub(r"(?m)^status: .*$", f"status: {rng.choice(STATUSES)}", text, count=1)

    report("one initiative edited", *timed(retitle))
    report("one initiative's status", *timed(restatus))
    report("nothing changed", *timed(None))
    build(content, work / "full")
    print("incremental tree equals a full build:", tree(out) == tree(work / "full"))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *(tuple(a.split(",")) for a in sys.argv[3:4]))
