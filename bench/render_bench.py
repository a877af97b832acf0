"""Rendering cost per page type, in one process on one core: every page of a synthetic site
rendered ROUNDS times after one warm-up pass (templates compiled, caches filled); the CPU
milliseconds per page of the fastest round, per template.

    .venv/bin/python bench/render_bench.py [N] [--rounds R] [--content DIR]

N records (default 10000) are generated into a temporary folder unless --content names one.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from synthetic import generate  # noqa: E402

from generator.build.pipeline import load_site  # noqa: E402
from generator.render.renderer import renderers  # noqa: E402


def per_template(content: Path, rounds: int) -> dict[str, tuple[int, float]]:
    """template → (pages, CPU ms per page in the fastest round)."""
    gc.disable()  # as in a build
    site = load_site(content)
    by_language = renderers(site, site.outputs)
    for renderer in by_language.values():
        renderer.deferred = []  # as a full build: lists of similar work are filled in afterwards
    best: dict[str, float] = {}
    counts: dict[str, int] = defaultdict(int)
    for round_ in range(rounds + 1):
        spent: dict[str, float] = defaultdict(float)
        for output in site.outputs:
            started = time.process_time()
            by_language[output.language].checked_render(output)
            spent[output.template] += time.process_time() - started
            if round_ == 0:
                counts[output.template] += 1
        if round_:
            for template, seconds in spent.items():
                best[template] = min(best.get(template, seconds), seconds)
    return {template: (counts[template], 1000 * best[template] / counts[template]) for template in best}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", type=int, nargs="?", default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--content", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = args.content or Path(tmp) / "content"
        if args.content is None:
            generate(args.records, content)
        found = per_template(content, args.rounds)
    total = sum(pages * ms for pages, ms in found.values()) / 1000
    print(f"{'template':<22} {'pages':>6} {'ms/page':>8} {'s':>7}")
    for template, (pages, ms) in sorted(found.items(), key=lambda item: -item[1][0] * item[1][1]):
        print(f"{template:<22} {pages:>6} {ms:>8.3f} {pages * ms / 1000:>7.2f}")
    print(f"{'all pages':<22} {sum(p for p, _ in found.values()):>6} {'':>8} {total:>7.2f}")


if __name__ == "__main__":
    main()
