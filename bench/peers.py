"""Retning against a peer, side by side: full builds of the same synthetic records by Retning and by Hugo.

    sh bench/setup_peers.sh                               (once: installs Hugo from Debian's package)
    .venv/bin/python bench/peers.py [N ...] [--pairs K]   (default: 10000, 3 pairs)

For each N the script writes N synthetic records (bench/synthetic.py) into a temporary folder and
converts them into a Hugo site with a minimal theme of its own (to_hugo): every record becomes a
Hugo page with its title, summary, Markdown body, status, measures and themes (a taxonomy), and the
hierarchy organisation → strategy → track → initiative becomes nested sections (_index.md), so both
sites have about the same pages. Hugo's related content is not used (it is off unless a template
asks for it).

Then it times K pairs, interleaved: Retning cold, warm and edit, Hugo cold, warm and edit, and again.
Every build is a fresh process. Cold: Retning without its output folder and without the .cache/
beside the content folder (its media cache); Hugo without public/, resources/ and its cache
folder. These are moved aside, not deleted, until the bench ends (see TRASH), so a cold build is
what a fresh checkout sees. Warm: the same build again right after, output and caches kept, nothing changed. Edit:
one initiative's text gets a line more (the same line in both sites), then the same build, output
and caches kept.

    Retning: .venv/bin/python build.py build --content CONTENT --out OUT --base-url BASE_URL   (cwd: the repository)
    Hugo:    hugo --quiet -s HUGOSITE -d OUT                                (no other flags)

Both have the same base URL (Hugo's baseURL in its config), as a site built to be published has:
Retning then also writes its sitemap, share tags and share cards, which it leaves out without one.

Peak memory is that of the whole process tree: every ~50 ms the bench sums PSS (from
/proc/PID/smaps_rollup) over the build process and all its descendants, so copy-on-write pages
shared by forked workers count once; the sum of RSS is recorded beside it for reference. Reading
smaps_rollup makes the kernel walk each process's page tables, which costs a tree of four
processes of a gigabyte each far more than one process (about 2 s more on a 25 s cold build,
2026-12-03), so the timed pairs are not sampled: after them, one more round of each tool and kind
is, for its memory only.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hugo_theme import BASEOF, TAXONOMIES
from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SAMPLE_SECONDS = 0.05
KINDS = ("cold", "warm", "edit")
TOOLS = ("Retning", "Hugo")


# The same records as a Hugo site.

BASE_URL = "http://localhost:8000/"  # both sites' published address: Retning draws its share cards only with one
HUGO_CONFIG = (
    f"""baseURL = "{BASE_URL}"
languageCode = "da"
defaultContentLanguage = "da"
title = "Retning"
paginate = 100
cacheDir = "CACHE_DIR"
"""
    + TAXONOMIES
)

HUGO_LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": """{{ define "main" }}<h1>{{ with .Params.number }}{{ . }} {{ end }}{{ .Title }}</h1>
{{ with .Params.status }}<p class="status status--{{ . }}">{{ . }}</p>{{ end }}
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
<ul>{{ range .GetTerms "themes" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ol>{{ range .Params.measures }}<li>{{ .text }}: {{ .target }} {{ .unit }} ({{ .deadline }}, {{ .status }})</li>{{ end }}</ol>
{{ .Content }}
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}{{ with .Params.goal }}<p>{{ . }}</p>{{ end }}
{{ with .Params.vision }}<p>{{ . }}</p>{{ end }}
<ul>{{ range .GetTerms "themes" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
}

# Record fields the Hugo pages show, under names Hugo does not reserve (it reserves type and kind).
HUGO_FIELDS = ("title", "number", "summary", "status", "deadline", "themes", "measures", "goal", "vision")


def read_record(path: Path) -> tuple[dict, str]:
    """A record's fields and Markdown body: a YAML file, or Markdown with YAML front matter."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        return yaml.load(front, Loader=yaml.CSafeLoader), body
    return yaml.load(text, Loader=yaml.CSafeLoader), ""


def hugo_page(fields: dict, body: str) -> str:
    """A Hugo page: YAML front matter with the fields the theme shows, then the body."""
    front = {"title": fields.get("title") or fields.get("name")}
    front.update((key, fields[key]) for key in HUGO_FIELDS[1:] if key in fields)
    return "---\n" + yaml.dump(front, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False) + "---\n" + body


def hugo_target(relative: Path) -> Path:
    """Where a record goes in Hugo's content/: a folder's index record is its section's _index.md."""
    if relative.stem == "index":
        return relative.with_name("_index.md")
    return relative.with_suffix(".md")


def to_hugo(content: Path, site: Path) -> int:
    """Write a Hugo site of Retning's records in `content` to `site` (config, theme, content/);
    return the number of pages written. Settings and vocabularies are not records and stay behind."""
    if site.exists():
        shutil.rmtree(site)
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG.replace("CACHE_DIR", str(site.resolve() / "hugo_cache")), encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    pages = 0
    for organisation in sorted(content.glob("kommune-*")):
        for path in sorted(organisation.rglob("*")):
            if path.suffix not in (".md", ".yaml"):
                continue
            target = site / "content" / hugo_target(path.relative_to(content))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(hugo_page(*read_record(path)), encoding="utf-8")
            pages += 1
    return pages


# Running one build and measuring it.


@dataclass
class Run:
    seconds: float
    said: str  # the build's last line of output
    peak_pss_mib: float = 0.0  # 0 when not sampled
    peak_rss_mib: float = 0.0


@dataclass
class Output:
    files: int
    pages: int  # HTML files, redirect stubs not counted
    redirects: int  # HTML files that only redirect (Hugo's page/1/ of every paginated list)
    megabytes: float


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tree


def memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB; (0, 0) when it is gone."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, rss


@dataclass
class MemorySampler:
    """Samples the summed PSS and RSS of a process tree on a thread until stopped; keeps the peaks."""

    root: int
    peak_pss_kib: int = 0
    peak_rss_kib: int = 0
    stopped: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        totals = [memory_kib(pid) for pid in process_tree(self.root)]
        self.peak_pss_kib = max(self.peak_pss_kib, sum(pss for pss, _ in totals))
        self.peak_rss_kib = max(self.peak_rss_kib, sum(rss for _, rss in totals))

    def run(self) -> None:
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(SAMPLE_SECONDS)


def timed(command: list[str], cwd: Path, sampled: bool = False) -> Run:
    """Run `command` in a fresh process; its wall time, and when `sampled` the peak memory of its
    process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(process.pid)
    thread = threading.Thread(target=sampler.run, daemon=True)
    if sampled:
        thread.start()
    log, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stopped.set()
    if sampled:
        thread.join()
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{log[-3000:]}")
    said = log.strip().splitlines()[-1] if log.strip() else ""
    return Run(seconds, said, sampler.peak_pss_kib / 1024, sampler.peak_rss_kib / 1024)


# Where a cold build's output and caches go: moved aside (a rename), deleted only after the last
# build of the bench. ext4 does not give out an inode again within a minute of its file's deletion
# (five if its block is not yet written), and its search for a free inode steps past every such
# one: right after tens of thousands of files were deleted, making new files cost both tools
# several times more, and most of the time of a cold build measured the deletion before it
# (perf, 2026-12-03: two thirds of the time writing a site went to ext4's recently_deleted).
TRASH = Path(tempfile.gettempdir()) / f"peers-trash-{os.getpid()}"


def remove(*paths: Path) -> None:
    """Move `paths` out of the way into TRASH (emptied by main() after the last build)."""
    for path in paths:
        if path.exists():
            TRASH.mkdir(exist_ok=True)
            path.rename(TRASH / f"{len(list(TRASH.iterdir()))}-{path.name}")


def is_redirect(path: Path) -> bool:
    with path.open("rb") as file:
        return b'http-equiv="refresh"' in file.read(400)


def output_of(folder: Path) -> Output:
    files = [path for path in folder.rglob("*") if path.is_file()]
    html = [path for path in files if path.suffix == ".html"]
    redirects = sum(1 for path in html if is_redirect(path))
    return Output(len(files), len(html) - redirects, redirects, sum(path.stat().st_size for path in files) / 1e6)


# The two builds.


@dataclass
class Tool:
    """How to build one site, and what to delete for a cold build."""

    name: str
    command: list[str]
    cwd: Path
    out: Path
    caches: list[Path]
    edited: Path | None = None  # the page an "edit" build changes

    def build(self, kind: str, sampled: bool = False) -> Run:
        if kind == "cold":
            remove(self.out, *self.caches)
        elif kind == "edit" and self.edited is not None:
            with self.edited.open("a", encoding="utf-8") as text:
                text.write("\nEn linje mere.\n")  # the same words at the end of the same record's text
        return timed(self.command, self.cwd, sampled)


def retning(work: Path) -> Tool:
    content, out = work / "retning" / "content", work / "retning" / "site"
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    return Tool(
        "Retning",
        [str(python), "build.py", "build", "--content", str(content), "--out", str(out), "--base-url", BASE_URL],
        ROOT,
        out,
        [content.parent / ".cache"],
    )


def hugo(work: Path) -> Tool:
    site = work / "hugo"
    out = site / "public"
    return Tool("Hugo", ["hugo", "--quiet", "-s", str(site), "-d", str(out)], site, out, [site / "resources", site / "hugo_cache"])


# The bench.


@dataclass
class Result:
    records: int
    runs: dict[tuple[str, str], list[Run]]  # timed, not sampled
    memory: dict[tuple[str, str], Run]  # sampled, after the timed pairs
    outputs: dict[str, Output]


def bench(records: int, pairs: int, work: Path) -> Result:
    """Generate the records, convert them for Hugo, and time `pairs` interleaved pairs of builds."""
    tools = [retning(work), hugo(work)]
    written = generate(records, work / "retning" / "content")
    pages = to_hugo(work / "retning" / "content", work / "hugo")
    edited = sorted((work / "retning" / "content").rglob("indsats-*.md"))[0]
    tools[0].edited = edited
    tools[1].edited = work / "hugo" / "content" / hugo_target(edited.relative_to(work / "retning" / "content"))
    print(f"\n{written} records; {pages} Hugo content pages", flush=True)
    runs: dict[tuple[str, str], list[Run]] = {(tool.name, kind): [] for tool in tools for kind in KINDS}
    for pair in range(1, pairs + 1):
        for tool in tools:
            for kind in KINDS:
                run = tool.build(kind)
                runs[tool.name, kind].append(run)
                print(f"  pair {pair} {tool.name:<7} {kind}: {run.seconds:6.2f} s {run.said[:110]}", flush=True)
    memory: dict[tuple[str, str], Run] = {}
    for tool in tools:
        for kind in KINDS:
            run = memory[tool.name, kind] = tool.build(kind, sampled=True)
            print(
                f"  memory  {tool.name:<7} {kind}: peak PSS {run.peak_pss_mib:6.0f} MiB (RSS {run.peak_rss_mib:.0f}), "
                f"{run.seconds:6.2f} s while sampled",
                flush=True,
            )
    return Result(written, runs, memory, {tool.name: output_of(tool.out) for tool in tools})


def spread(runs: list[Run]) -> str:
    seconds = [run.seconds for run in runs]
    return f"{statistics.median(seconds):.2f} ({min(seconds):.2f}–{max(seconds):.2f})"


def peak(run: Run) -> str:
    return f"{run.peak_pss_mib:.0f} ({run.peak_rss_mib:.0f})"


def print_table(results: list[Result]) -> None:
    header = [
        "N",
        "kind",
        "Retning s median (min–max)",
        "Hugo s median (min–max)",
        "ratio R/H",
        "Retning PSS (RSS) MiB",
        "Hugo PSS (RSS) MiB",
        "Retning files / pages / MB",
        "Hugo files / pages / MB",
    ]
    rows = [header]
    for result in results:
        out = {name: f"{o.files} / {o.pages} / {o.megabytes:.0f}" for name, o in result.outputs.items()}
        for kind in KINDS:
            ours, theirs = result.runs["Retning", kind], result.runs["Hugo", kind]
            ratio = statistics.median(r.seconds for r in ours) / statistics.median(r.seconds for r in theirs)
            rows.append(
                [
                    str(result.records),
                    kind,
                    spread(ours),
                    spread(theirs),
                    f"{ratio:.1f}",
                    peak(result.memory["Retning", kind]),
                    peak(result.memory["Hugo", kind]),
                    out["Retning"],
                    out["Hugo"],
                ]
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    for row in rows:
        print(" | ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))


def conditions() -> str:
    """Date, load average and the commit measured."""
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return f"{datetime.datetime.now().isoformat(timespec='seconds')}  commit {commit()}  uptime: {load}"


def commit() -> str:
    """HEAD, and how many tracked files differ from it (read-only plumbing: the index is not refreshed,
    so a file whose timestamps changed may count as differing)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    changed = subprocess.run(["git", "diff-index", "--name-only", "HEAD", "--"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    return f"{head} + uncommitted changes in {len(changed)} tracked files" if changed else head


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10000], metavar="N", help="records (default: 10000)")
    parser.add_argument("--pairs", type=int, default=3, metavar="K", help="interleaved pairs per size (default: 3)")
    args = parser.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo is not installed: sh bench/setup_peers.sh")
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"start {conditions()}\nHugo {version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    results, works = [], []
    try:
        for size in args.sizes:
            works.append(Path(tempfile.mkdtemp(prefix="peers-")))  # kept to the end, like TRASH
            results.append(bench(size, args.pairs, works[-1]))
    finally:
        for folder in (*works, TRASH):
            shutil.rmtree(folder, ignore_errors=True)
    print_table(results)
    for result in results:
        for name, output in result.outputs.items():
            if output.redirects:
                print(f"{result.records} records, {name}: {output.redirects} more HTML files only redirect (not counted as pages)")
    print(f"\nend {conditions()}")
    print(
        "Times: of the pairs, not sampled. PSS: peak of the process tree's summed PSS in one more, sampled build of "
        "each kind (RSS summed the same way in brackets). "
        "pages: HTML files. MB: 10^6 bytes of output."
    )


if __name__ == "__main__":
    main()
