"""Time full builds of synthetic sites: wall time, pages per second, peak memory.

    .venv/bin/python bench/build_bench.py [N ...]        (default: 1000 10000)

Each build runs in a fresh process, so peak memory (max RSS) is the build's own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def timed_build(content: Path, out: Path) -> tuple[float, float, str]:
    """Run `build.py build` in a child process; return (seconds, peak MiB, summary line)."""
    command = [
        sys.executable,
        "-c",
        "import resource, sys; sys.argv = ['retning'] + sys.argv[1:];"
        "from generator.cli import main; code = main();"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return seconds, peak_kib / 1024, result.stdout.strip()


def main(sizes: list[int]) -> None:
    print(f"{'pages':>7} {'records':>8} {'build s':>8} {'pages/s':>8} {'peak MiB':>9} {'rebuild s':>10}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            content, out = Path(tmp) / "content", Path(tmp) / "site"
            records = generate(size, content)
            seconds, peak, _ = timed_build(content, out)
            pages = sum(1 for _ in out.rglob("*.html"))
            again, _, _ = timed_build(content, out)
            print(f"{pages:>7} {records:>8} {seconds:>8.2f} {pages / seconds:>8.0f} {peak:>9.0f} {again:>10.2f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
