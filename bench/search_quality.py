"""Search quality on the judged queries: Retning (command line and browser client) against Pagefind.

    .venv/bin/python bench/search_quality.py [--site DIR] [--json FILE] [--no-pagefind] [--cli-subprocess]

Builds the site from content/ (or takes a built one with --site), then asks every query in
bench/judged_queries.yaml of

- Retning, command line: `build.py search QUERY --json --limit 10` (in this process, with the site
  loaded once; --cli-subprocess runs the real command per query instead, slower, same answers),
- Retning, browser client: assets/js/search.js in Node on the built site's search/ folder, the query
  as typed (so the last word is completed as a prefix, as on the search page),
- Pagefind (from npm: `sh bench/setup_pagefind.sh`) on the same built HTML, in Chromium. Its result
  URLs map back to record ids (a record's page is <id>/index.html; the site's English-interface copy
  en/<id>/ is the same record, and a sub-result's anchor counts for its page); a page that is no
  record (a theme or list page) stays in the ranking as a miss. "Pagefind, records only" drops those
  pages before ranking, a kinder baseline.

Reports per engine, as a Markdown table on stdout: hit@1 and hit@5 (an answer, grade 3, among the
first 1 or 5), nDCG@5 (gain = grade, discount log2(rank + 1), ideal from the judged grades),
queries with no result at all, and nDCG@5 per kind of query; then the 10 worst queries for the
browser client with what it returned. --json FILE also writes every query's rankings and scores.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ROOT / "bench" / "judged_queries.yaml"
PAGEFIND = ROOT / ".cache" / "pagefind" / "node_modules" / ".bin" / "pagefind"
DEPTH = 10  # results asked of every engine
CUTOFF = 5  # nDCG@5, hit@5
TARGET_NDCG, TARGET_MARGIN = 0.85, 0.10

# The browser client's engine in Node: stdin a JSON list of queries, stdout a JSON list of result URLs.
NODE_RUNNER = r"""
const [engineFile, loaderFile, site, depth] = process.argv.slice(2);
const {createEngine} = require(engineFile);
const load = require(loaderFile).siteLoader(site);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", async () => {
  const engine = createEngine(load);
  const out = [];
  for (const query of JSON.parse(input)) {
    const {results} = await engine.search(query, {}, Number(depth));
    out.push({total: results.length, urls: results.slice(0, Number(depth)).map(r => r.card.u)});
  }
  process.stdout.write(JSON.stringify(out));
});
"""

PAGEFIND_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>pf</title></head><body><script type="module">
const pf = await import("./pagefind/pagefind.js");
await pf.init();
window.query = async (q, n) => {
  const r = await pf.search(q);
  const d = await Promise.all(r.results.slice(0, n).map(x => x.data()));
  return {total: r.results.length, urls: d.map(x => x.url)};
};
window.ready = true;
</script></body></html>"""


# ---- judged queries and scores


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def dcg(grades: list[int]) -> float:
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades, 1))


def ndcg(ranked: list[str], relevant: dict[str, int], cutoff: int = CUTOFF) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True)[:cutoff])
    return dcg([relevant.get(rid, 0) for rid in ranked[:cutoff]]) / ideal if ideal else 0.0


def hit(ranked: list[str], relevant: dict[str, int], cutoff: int) -> bool:
    """An answer (the highest grade the query has) among the first `cutoff` results."""
    best = max(relevant.values())
    return any(relevant.get(rid) == best for rid in ranked[:cutoff])


def record_id(url: str, records: set[str]) -> str:
    """The record a result URL shows, or the URL itself (marked) when it is no record's page."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    path = path.strip("/")
    path = path.removesuffix("index.html").removesuffix(".html").strip("/")
    if path.startswith("en/") and path[3:] in records:
        path = path[3:]
    return path if path in records else f"(page) /{path}"


def ranking(urls: list[str], records: set[str], records_only: bool = False) -> list[str]:
    """Result URLs as record ids, best first, each record once (a page and its anchors are one)."""
    ids = [record_id(url, records) for url in urls]
    if records_only:
        ids = [rid for rid in ids if rid in records]
    return list(dict.fromkeys(ids))[:DEPTH]


# ---- engines


def build_site(out: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--out", str(out), "--content", str(ROOT / "content")],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def cli_in_process(queries: list[str], index: Path) -> list[list[str]]:
    """`build.py search QUERY --json` through the command line's own entry point, the content
    loaded once for all queries (the command loads it per call)."""
    from generator import cli
    from generator.build.pipeline import load_site

    loaded = {}

    def load_once(content):
        key = str(Path(content).resolve())
        if key not in loaded:
            loaded[key] = load_site(content)
        return loaded[key]

    saved = getattr(cli, "load_site", None)
    if saved is not None:
        cli.load_site = load_once
    try:
        out = []
        for query in queries:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                code = cli.main(
                    ["search", query, "--json", "--limit", str(DEPTH), "--content", str(ROOT / "content"), "--index", str(index)]
                )
            if code:
                raise RuntimeError(f"build.py search {query!r} exited {code}")
            out.append([hit["url"] for hit in json.loads(buffer.getvalue())])
        return out
    finally:
        if saved is not None:
            cli.load_site = saved


def cli_subprocess(queries: list[str], index: Path) -> list[list[str]]:
    out = []
    for query in queries:
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "search",
                query,
                "--json",
                "--limit",
                str(DEPTH),
                "--content",
                str(ROOT / "content"),
                "--index",
                str(index),
            ],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        out.append([hit["url"] for hit in json.loads(done.stdout)])
    return out


def client(queries: list[str], site: Path, work: Path) -> list[list[str]]:
    runner = work / "client_runner.cjs"
    runner.write_text(NODE_RUNNER, encoding="utf-8")
    done = subprocess.run(
        [
            "node",
            str(runner),
            str(ROOT / "assets" / "js" / "search.js"),
            str(ROOT / "tests" / "js" / "site_search.cjs"),
            str(site),
            str(DEPTH),
        ],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return [answer["urls"] for answer in json.loads(done.stdout)]


def pagefind(queries: list[str], site: Path, work: Path, depth: int) -> tuple[list[list[str]], float]:
    """Pagefind's top `depth` URLs per query, and the seconds its indexing took."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.support import served_from_sub_folder

    www = work / "www"
    www.mkdir()
    started = time.perf_counter()
    subprocess.run(
        [str(PAGEFIND), "--site", str(site), "--output-path", str(www / "pagefind"), "--force-language", "da", "--silent"], check=True
    )
    seconds = time.perf_counter() - started
    (www / "pf.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    out = []
    with served_from_sub_folder(www, work / "root") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "pf.html")
        page.wait_for_function("() => window.ready === true")
        prefix = urllib.parse.urlparse(base).path  # Pagefind's URLs start with the folder its bundle is served from
        for query in queries:
            urls = page.evaluate("([q, n]) => window.query(q, n)", [query, depth])["urls"]
            out.append([url.removeprefix(prefix) for url in urls])
        browser.close()
    return out, seconds


# ---- report


def evaluate(judged: list[dict], rankings: list[list[str]]) -> list[dict]:
    rows = []
    for entry, ranked in zip(judged, rankings, strict=True):
        relevant = entry["relevant"]
        rows.append(
            {
                "query": entry["query"],
                "kind": entry["kind"],
                "ranked": ranked,
                "grades": [relevant.get(rid, 0) for rid in ranked],
                "hit1": hit(ranked, relevant, 1),
                "hit5": hit(ranked, relevant, CUTOFF),
                "ndcg5": ndcg(ranked, relevant),
                "zero": not ranked,
            }
        )
    return rows


def summary(rows: list[dict]) -> dict:
    kinds = defaultdict(list)
    for row in rows:
        kinds[row["kind"]].append(row["ndcg5"])
    return {
        "queries": len(rows),
        "hit@1": statistics.mean(r["hit1"] for r in rows),
        "hit@5": statistics.mean(r["hit5"] for r in rows),
        "ndcg@5": statistics.mean(r["ndcg5"] for r in rows),
        "zero_results": sum(r["zero"] for r in rows),
        "ndcg@5_by_kind": {kind: statistics.mean(values) for kind, values in sorted(kinds.items())},
    }


def markdown(results: dict[str, dict], judged: list[dict], worst_of: str, timings: dict[str, float], source: Path) -> str:
    names = list(results)
    sums = {name: summary(rows) for name, rows in results.items()}
    shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
    lines = [
        f"# Search quality: {len(judged)} judged queries ({shown})",
        "",
        "hit@k: an answer (grade 3) in the first k results. nDCG@5: gain = grade (0-3), discount log2(rank + 1).",
        "",
        "| engine | hit@1 | hit@5 | nDCG@5 | zero results | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for name in names:
        s = sums[name]
        lines.append(
            f"| {name} | {s['hit@1']:.3f} | {s['hit@5']:.3f} | {s['ndcg@5']:.3f} | {s['zero_results']} | "
            f"{timings.get(name, float('nan')):.1f} |"
        )
    kinds = sorted({e["kind"] for e in judged})
    counts = {kind: sum(e["kind"] == kind for e in judged) for kind in kinds}
    lines += ["", "## nDCG@5 per kind of query", "", "| kind | n | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for kind in kinds:
        lines.append(f"| {kind} | {counts[kind]} | " + " | ".join(f"{sums[n]['ndcg@5_by_kind'][kind]:.3f}" for n in names) + " |")
    pagefind_names = [n for n in names if n.startswith("Pagefind")]
    if pagefind_names:
        lines += ["", f"## Target: nDCG@5 ≥ {TARGET_NDCG} and ≥ {TARGET_MARGIN} above Pagefind's", ""]
        pf = sums[pagefind_names[0]]["ndcg@5"]
        for name in names:
            if name.startswith("Retning"):
                s = sums[name]["ndcg@5"]
                met = s >= TARGET_NDCG and s - pf >= TARGET_MARGIN
                others = "".join(f"; {s - sums[n]['ndcg@5']:+.3f} against {n} ({sums[n]['ndcg@5']:.3f})" for n in pagefind_names[1:])
                lines.append(
                    f"- {name}: {s:.3f}, {s - pf:+.3f} against {pagefind_names[0]} ({pf:.3f}): {'met' if met else 'NOT met'}{others}"
                )
    rows = sorted(results[worst_of], key=lambda r: (r["ndcg5"], r["hit5"], r["query"]))[:10]
    by_query = {e["query"]: e for e in judged}
    lines += ["", f"## The 10 worst queries for {worst_of}", ""]
    for row in rows:
        entry = by_query[row["query"]]
        answers = [rid for rid, grade in entry["relevant"].items() if grade == max(entry["relevant"].values())]
        lines.append(
            f"- **{row['query']}** ({row['kind']}), nDCG@5 {row['ndcg5']:.3f}; answer: " + ", ".join(f"`{rid}`" for rid in answers)
        )
        if not row["ranked"]:
            lines.append("    - no results")
        for rank, (rid, grade) in enumerate(zip(row["ranked"][:CUTOFF], row["grades"], strict=False), 1):
            lines.append(f"    {rank}. `{rid}` (grade {grade})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site built from content/ (default: build one in a temporary folder)")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="judged queries (default: bench/judged_queries.yaml)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every query's rankings and the scores here")
    parser.add_argument("--no-pagefind", action="store_true", help="only Retning's engines")
    parser.add_argument("--cli-subprocess", action="store_true", help="run `build.py search` as a command per query")
    args = parser.parse_args(argv)

    from generator.build.pipeline import load_site

    judged = load_queries(args.queries)
    texts = [entry["query"] for entry in judged]
    records = set(load_site(ROOT / "content").records)
    if not args.no_pagefind and not PAGEFIND.exists():
        print(f"Pagefind is not installed ({PAGEFIND}): run `sh bench/setup_pagefind.sh`, or pass --no-pagefind", file=sys.stderr)
        return 2
    results: dict[str, list[dict]] = {}
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="retning-quality-") as tmp:
        work = Path(tmp)
        site = args.site
        if site is None:
            site = work / "site"
            started = time.perf_counter()
            build_site(site)
            print(f"built the site in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        site = site.resolve()

        started = time.perf_counter()
        urls = (cli_subprocess if args.cli_subprocess else cli_in_process)(texts, work / "index")
        timings["Retning CLI"] = time.perf_counter() - started
        results["Retning CLI"] = evaluate(judged, [ranking(u, records) for u in urls])

        started = time.perf_counter()
        urls = client(texts, site, work)
        timings["Retning client"] = time.perf_counter() - started
        results["Retning client"] = evaluate(judged, [ranking(u, records) for u in urls])

        if not args.no_pagefind:
            started = time.perf_counter()
            urls, index_seconds = pagefind(texts, site, work, depth=3 * DEPTH)  # more, for the records-only ranking
            timings["Pagefind"] = timings["Pagefind, records only"] = time.perf_counter() - started
            print(f"Pagefind indexed the site in {index_seconds:.1f} s", file=sys.stderr)
            results["Pagefind"] = evaluate(judged, [ranking(u, records) for u in urls])
            results["Pagefind, records only"] = evaluate(judged, [ranking(u, records, records_only=True) for u in urls])
        shutil.rmtree(work / "root", ignore_errors=True)

    print(markdown(results, judged, "Retning client", timings, args.queries.resolve()))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"summary": {name: summary(rows) for name, rows in results.items()}, "queries": results}, ensure_ascii=False, indent=1
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
