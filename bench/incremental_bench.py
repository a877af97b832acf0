"""Live preview rebuilds on a synthetic site: one initiative edited, and nothing changed.

    .venv/bin/python bench/incremental_bench.py [pages] [edits] [languages, e.g. da,en]

Builds once (the first build of `build.py serve`), then edits a random initiative's title `edits`
times, timing each rebuild (load, search, related lists, render, write: everything before
livereload is told to reload), then times as many rebuilds with nothing changed. Prints median and
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

from bench.synthetic import WORDS, generate  # noqa: E402
from generator.incremental import IncrementalBuild  # noqa: E402
from generator.pipeline import build  # noqa: E402


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


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
    edit_times, rendered = [], []
    for _ in range(edits):
        path = rng.choice(initiatives)
        text = path.read_text(encoding="utf-8")
        title = " ".join(rng.choice(WORDS) for _ in range(4))
        path.write_text(re.sub(r"(?m)^title: .*$", f'title: "{title.capitalize()}"', text, count=1), encoding="utf-8")
        started = time.perf_counter()
        session.run()
        edit_times.append(time.perf_counter() - started)
        rendered.append(session.rendered)
        session.tidy()  # as build.py serve does once the reload is sent, untimed
    noop_times = []
    for _ in range(edits):
        started = time.perf_counter()
        session.run()
        noop_times.append(time.perf_counter() - started)
        session.tidy()
    print(f"one initiative edited: median {statistics.median(edit_times) * 1000:.0f} ms, p95 {p95(edit_times) * 1000:.0f} ms "
          f"({statistics.median(rendered):.0f} pages rendered, median)")
    print(f"nothing changed:       median {statistics.median(noop_times) * 1000:.0f} ms, p95 {p95(noop_times) * 1000:.0f} ms")
    build(content, work / "full")
    print("incremental tree equals a full build:", tree(out) == tree(work / "full"))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *(tuple(a.split(",")) for a in sys.argv[3:4]))
