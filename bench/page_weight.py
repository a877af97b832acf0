"""Report the compressed weight (gzip -9) of HTML + CSS + JS per page type of a built site.

.venv/bin/python bench/page_weight.py [SITE]      (default: site/)
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

BUDGET = {"strategy": 50 * 1024}


def page_weight(page: Path) -> int:
    html = page.read_bytes()
    total = len(gzip.compress(html, 9))
    for href in re.findall(rb'(?:href|src)="([^":]+\.(?:css|js))"', html):
        total += len(gzip.compress((page.parent / href.decode()).resolve().read_bytes(), 9))
    return total


def main(site: Path) -> None:
    weights: dict[str, list[int]] = defaultdict(list)
    for page in site.rglob("*.html"):
        match = re.search(rb'data-page-type="([^"]+)"', page.read_bytes())
        weights[match.group(1).decode() if match else "?"].append(page_weight(page))
    print(f"{'page type':<16}{'pages':>6}{'median KB':>11}{'max KB':>9}  budget")
    for kind, sizes in sorted(weights.items()):
        sizes.sort()
        budget = f"{BUDGET[kind] / 1024:.0f} KB" if kind in BUDGET else ""
        print(f"{kind:<16}{len(sizes):>6}{sizes[len(sizes) // 2] / 1024:>11.1f}{sizes[-1] / 1024:>9.1f}  {budget}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
