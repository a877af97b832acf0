"""Instructions spent rendering pages, counted by Valgrind (cachegrind), for comparing two versions
of the code on a machine too noisy for timings to show a change of a few per cent: the count is
the same from run to run, whatever else the machine does.

    .venv/bin/python bench/render_instructions.py [TREE ...] [--content DIR] [--every N]

Each TREE is a checkout of the repository (default: this one; another commit: `git worktree add
/tmp/old COMMIT`). For each, one process loads the content (generated: 10,000 synthetic records,
unless --content names a folder), renders 50 pages to compile the templates, then renders every
N-th page (default 20: 545 pages at 10,000 records) in the main language; a second process only
loads and renders the 50. The difference of their instructions is the cost of the sample's pages.
Needs valgrind (bench/setup_peers.sh installs it). About two minutes per tree at 10,000 records.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
WARM_PAGES = 50

RENDER = """
import gc, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from generator.build.pipeline import load_site
from generator.render.renderer import renderers
gc.disable()  # as in a build
site = load_site(Path(sys.argv[2]))
by_language = renderers(site, site.outputs)
for renderer in by_language.values():
    renderer.deferred = []  # as a full build: lists of similar work are filled in afterwards
sample = site.outputs[:: int(sys.argv[3])] if int(sys.argv[3]) else []
for output in site.outputs[:WARM] + sample:
    by_language[output.language].checked_render(output)
""".replace("WARM", str(WARM_PAGES))


def instructions(tree: Path, content: Path, every: int) -> int:
    """Instructions of the main process (the load's workers are forked processes of their own)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cachegrind.%p"
        valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}"]
        subprocess.run(
            [*valgrind, str(PYTHON), "-c", RENDER, str(tree), str(content), str(every)],
            check=True,
            capture_output=True,
            env={"RETNING_WORKERS": "1", "PATH": "/usr/bin:/bin"},
        )
        counts = [int(re.search(r"^summary: (\d+)", path.read_text(), re.M).group(1)) for path in Path(folder).glob("cachegrind.*")]
    return max(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT], metavar="TREE")
    parser.add_argument("--content", type=Path, help="a content folder (default: 10,000 synthetic records)")
    parser.add_argument("--every", type=int, default=20, metavar="N", help="render every N-th page (default 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        content = args.content
        if content is None:
            content = Path(folder) / "content"
            generate(10000, content)
        print(f"{'tree':<40} {'pages (10^6 instructions)':>26}", flush=True)
        for tree in args.trees:
            cost = instructions(tree.resolve(), content, args.every) - instructions(tree.resolve(), content, 0)
            print(f"{str(tree):<40} {cost / 1e6:>26,.0f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
