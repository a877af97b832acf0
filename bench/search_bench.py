"""Retning's search against Pagefind on the same built site.

    .venv/bin/python bench/search_bench.py [real] [10000] [50000]

For each site: what the search part adds to the build's wall time (median of full builds with and
without it; it runs in a worker process beside page rendering) and its work alone on one core
(index, related lists, export), against the time of a Pagefind run; index files and
bytes, bytes fetched (raw and gzip) for the first one-word and two-word query in Chromium
(search code + index data + result data; the HTML page and CSS are left out for both), and query
time once everything is cached (ours: keystroke to rendered results on the search page; Pagefind:
search() plus data() of the top ten in the same browser).
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_quality import PAGEFIND  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from generator.build import incremental  # noqa: E402
from generator.build.pipeline import build, load_site  # noqa: E402
from generator.search.documents import documents  # noqa: E402
from generator.search.export import build_index, export  # noqa: E402
from generator.search.related import related_initiatives  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support import served_from_sub_folder  # noqa: E402

QUERIES = {"real": ("energi", "klima energi"), "synthetic": ("energi", "energi borger")}
PAGEFIND_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>pf</title></head><body><script type="module">
const pf = await import("./pagefind/pagefind.js");
window.query = async (q) => { const r = await pf.search(q); const d = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return d.length; };
window.ready = true;
</script></body></html>"""


def folder_stats(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def time_search_part(content: Path) -> float:
    site = load_site(content)
    gc.collect()
    gc.disable()  # as in the build's search worker
    try:
        started = time.perf_counter()
        related_initiatives(site, index := build_index(documents(site)))
        export(index)
        return time.perf_counter() - started
    finally:
        gc.enable()


class NoSearch:
    """Stands in for the search job, to time the same build without any search work."""

    def __init__(self, site):
        pass

    def ready(self) -> bool:
        return True

    def related(self) -> dict:
        return {}

    def files(self) -> dict:
        return {}


def build_seconds(content: Path, out: Path, with_search: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    saved = incremental.SearchJob  # the build looks it up where it imported it
    incremental.SearchJob = saved if with_search else NoSearch
    try:
        started = time.perf_counter()
        build(content, out)
        return time.perf_counter() - started
    finally:
        incremental.SearchJob = saved


def search_cost(content: Path, out: Path, rounds: int) -> tuple[float, float]:
    """Median wall time of full builds with and without the search part, alternating."""
    with_search, without = [], []
    for _ in range(rounds):
        with_search.append(build_seconds(content, out, True))
        without.append(build_seconds(content, out, False))
    return statistics.median(with_search), statistics.median(without)


def fetched(page, action, prefix: str) -> tuple[int, int]:
    sizes: list[bytes] = []

    def on_response(response):
        if response.url.startswith(prefix) and response.ok:
            with contextlib.suppress(Exception):  # a response without a body counts as nothing
                sizes.append(response.body())

    page.on("response", on_response)
    action()
    page.wait_for_timeout(300)
    page.remove_listener("response", on_response)
    return sum(map(len, sizes)), sum(len(gzip.compress(body, 9)) for body in sizes)


SITE_FOLDERS: dict[str, Path] = {}


def work_site(base: str) -> Path:
    return SITE_FOLDERS[base]


def measure_browser(base: str, queries: tuple[str, str]) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, query in zip(("one", "two"), queries, strict=True):
            # ours: open the search page with no query, then type; count search code and data
            page = browser.new_context().new_page()

            def open_and_type(page=page, query=query):
                page.goto(base + "site/soeg/index.html")
                page.fill("#soeg", query)
                page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")

            raw, packed = fetched(page, open_and_type, base + "site/search/")
            code = [p for p in (work_site(base) / "assets" / "js").glob("search*.js")]
            raw += sum(p.stat().st_size for p in code)
            packed += sum(len(gzip.compress(p.read_bytes(), 9)) for p in code)
            results[f"ours_{label}"] = (raw, packed)
            page.context.close()
            page = browser.new_context().new_page()
            page.goto(base + "pf.html")
            page.wait_for_function("() => window.ready === true")
            raw, packed = fetched(page, lambda page=page, query=query: page.evaluate("q => window.query(q)", query), base + "pagefind/")
            results[f"pagefind_{label}"] = (raw, packed)
            page.context.close()
        # warm query times
        page = browser.new_context().new_page()
        page.goto(base + "site/soeg/index.html")
        page.fill("#soeg", queries[1])
        page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
        ours = []
        for i in range(20):
            text = queries[i % 2]
            ours.append(
                page.evaluate(
                    """async q => {
                const input = document.getElementById('soeg'), status = document.getElementById('search-status');
                const before = status.textContent; const start = performance.now();
                input.value = q + (before.includes(q) ? ' ' : ''); input.dispatchEvent(new Event('input'));
                await new Promise(resolve => {
                    const check = () => status.textContent !== before ? resolve() : requestAnimationFrame(check); check(); });
                return performance.now() - start; }""",
                    text,
                )
            )
        page.context.close()
        page = browser.new_context().new_page()
        page.goto(base + "pf.html")
        page.wait_for_function("() => window.ready === true")
        page.evaluate("q => window.query(q)", queries[1])
        theirs = [
            page.evaluate(
                "async q => { const s = performance.now(); await window.query(q); return performance.now() - s; }", queries[i % 2]
            )
            for i in range(20)
        ]
        results["ours_ms"] = statistics.median(ours)
        results["pagefind_ms"] = statistics.median(theirs)
        browser.close()
    return results


def run(name: str, content: Path, work: Path) -> None:
    site = work / "www" / "site"
    full, without_search = search_cost(content, site, rounds=3 if name != "synthetic 50000" else 1)
    build(content, site)
    search_seconds = time_search_part(content)
    pages = sum(1 for _ in site.rglob("*.html"))
    ours_files, ours_bytes = folder_stats(site / "search")
    started = time.perf_counter()
    if not PAGEFIND.exists():
        sys.exit(f"Pagefind is not installed ({PAGEFIND}): run `sh bench/setup_pagefind.sh`")
    subprocess.run(
        [str(PAGEFIND), "--site", str(site), "--output-path", str(work / "www" / "pagefind"), "--force-language", "da", "--silent"],
        check=True,
    )
    pagefind_seconds = time.perf_counter() - started
    pf_files, pf_bytes = folder_stats(work / "www" / "pagefind")
    (work / "www" / "pf.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    with served_from_sub_folder(work / "www", work / "root") as base:
        SITE_FOLDERS[base] = site
        browser = measure_browser(base, QUERIES["real" if name == "real" else "synthetic"])
    kb = 1024
    print(f"\n## {name}: {pages} pages (full build {full:.1f} s, {without_search:.1f} s without search)\n")
    print("| | Retning | Pagefind |\n|---|---|---|")
    print(
        f"| index build | {full - without_search:+.2f} s of build wall time ({search_seconds:.2f} s of work, "
        f"beside rendering) | {pagefind_seconds:.2f} s (separate run) |"
    )
    print(f"| index files | {ours_files} | {pf_files} |")
    print(f"| index bytes | {ours_bytes / kb:,.0f} KB | {pf_bytes / kb:,.0f} KB |")
    for label, words in (("one", "one-word"), ("two", "two-word")):
        ours, theirs = browser[f"ours_{label}"], browser[f"pagefind_{label}"]
        print(
            f"| first {words} query, raw / gzip | {ours[0] / kb:,.0f} / {ours[1] / kb:,.0f} KB | "
            f"{theirs[0] / kb:,.0f} / {theirs[1] / kb:,.0f} KB |"
        )
    print(
        f"| cached query, median of 20 | {browser['ours_ms']:.1f} ms keystroke → rendered | "
        f"{browser['pagefind_ms']:.1f} ms search + top-10 data |"
    )


def main(which: list[str]) -> None:
    for name in which or ["real", "10000"]:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            if name == "real":
                run(name, ROOT / "content", work)
            else:
                generate(int(name), work / "content")
                run(f"synthetic {name}", work / "content", work)


if __name__ == "__main__":
    main(sys.argv[1:])
