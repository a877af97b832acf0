"""The README's screenshots, taken in Chromium from a site built from content/:

    .venv/bin/python scripts/screenshots.py [site folder, default: a fresh build in a temporary folder]

docs/screenshots/print-view.png (the climate policy's print view as paper shows it), phone-search.png
and phone-offers.png (375 px wide: the first result and the first offer on the first screen)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build.pipeline import build  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support import served_from_sub_folder  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def take(site: Path, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with served_from_sub_folder(site, work / "www") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        paper = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
        paper.goto(base + "ballerup/klimapolitik-2023-2030/udskriv/index.html")
        paper.emulate_media(media="print")
        paper.screenshot(path=str(OUT / "print-view.png"))
        phone = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
        phone.goto(base + "soeg/index.html?q=energiråd")
        phone.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
        phone.screenshot(path=str(OUT / "phone-search.png"))
        phone.goto(base + "tilbud/index.html")
        phone.screenshot(path=str(OUT / "phone-offers.png"))
        browser.close()


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        site = Path(argv[0]) if argv else work / "site"
        if not argv:
            build(ROOT / "content", site)
        take(site, work)
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.png')))} to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
