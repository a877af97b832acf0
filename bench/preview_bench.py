"""The live preview end to end: a file saved until its page is on disk and the browser is told to reload.

    .venv/bin/python bench/preview_bench.py [records] [edits] [--spacing S] [--kinds title,status,add,no-op]
        [--hugo full|fast|both] [--hugo-kinds KINDS] [--no-retning] [--no-check] [--json FILE]

Generates a synthetic site (bench/synthetic.py) of `records` records (default 10,000) in a temporary
folder, starts `build.py serve` on it as a fresh process on a free port, waits for its first build
(cold: no media cache, no preview folder), connects to /livereload as livereload.js does, and then,
for each kind of save, makes `edits` saves (default 20) `spacing` seconds apart (default 1.5 s, so
each is a save of its own):

- title:  a random initiative's title changed (the page holds the new title);
- status: a random initiative's status changed (the page's status badge shows it);
- add:    a new initiative file written into a random track (its page exists);
- no-op:  a random initiative's file written again with the same bytes (no page changes: timed to
          the reload message; reported if its page file was written all the same).

Each save is timed from the moment the file is written and closed (a) until the page file in the
preview folder holds the change (polled every 2 ms) and (b) until the reload message arrives. The
serve process's own lines give where the time went: until it printed "... changed" (the save
noticed and handed to the rebuild) and the rebuild's own seconds; and its CPU time from the save to
the reload (/proc). Prints median, p95 (the 19th of 20) and the slowest per kind, the preview
process's current and peak memory (VmRSS, VmHWM), then stops it, checks the preview folder equals
a full build with the same base URL, and starts `serve` again on the same content and port (warm:
media cache and preview folder there) for its start time.

--hugo also converts the same records into a minimal Hugo site (title, summary, status, themes,
measures, body, sections; themes as taxonomy, lists paginated by 100) and times `hugo server
--renderToDisk` the same way (Hugo must be installed; nothing else needs it): `full` with
--disableFastRender (every page rendered again, as Retning's preview keeps every page right),
`fast` in Hugo's default mode, which renders again only the changed pages and those a browser
visited (the bench fetches each page before its save, as the open tab would); lists showing a changed
title stay stale there until visited.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import filecmp
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hugo_theme import BASEOF, TAXONOMIES  # noqa: E402
from bench.synthetic import STATUSES, WORDS, generate  # noqa: E402

LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
POLL_S = 0.002
TIMEOUT_S = 60.0
STATUS_BADGE = re.compile(rb'badge--statuses badge--([\w-]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def cpu_seconds(pid: int) -> float:
    """User and system time of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


class Server:
    """A preview server as a subprocess; every line it prints, with the time it was read."""

    def __init__(self, command: list[str], cwd: Path):
        self.lines: list[tuple[float, str, str]] = []  # (monotonic time, "out" or "err", line)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
        for stream, name in ((self.process.stdout, "out"), (self.process.stderr, "err")):
            threading.Thread(target=self.read, args=(stream, name), daemon=True).start()

    def read(self, stream, name: str) -> None:
        for line in stream:
            self.lines.append((time.monotonic(), name, line.rstrip("\n")))

    def wait_for(self, pattern: str, after: float = 0.0, timeout: float = 600.0) -> tuple[float, re.Match]:
        """The time and match of the first line after `after` matching `pattern`."""
        expression, deadline, seen = re.compile(pattern), time.monotonic() + timeout, 0
        while time.monotonic() < deadline:
            lines = self.lines[seen:]
            for at, _, line in lines:
                if at > after and (match := expression.search(line)):
                    return at, match
            seen += len(lines)
            if self.process.poll() is not None and seen == len(self.lines):
                raise RuntimeError(f"server ended ({self.process.returncode}):\n" + self.output())
            time.sleep(0.01)
        raise TimeoutError(f"no line matching {pattern!r}:\n" + self.output())

    def output(self) -> str:
        return "\n".join(f"{name} {line}" for _, name, line in self.lines[-40:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Reloads:
    """A livereload.js client: the times at which reload messages arrived."""

    def __init__(self):
        self.times: list[float] = []
        self.socket = None

    async def connect(self, base: str) -> None:
        self.socket = await websocket_connect(base.replace("http://", "ws://") + "livereload")
        # compact, as livereload.js sends it: Hugo looks for the bytes "command":"hello"
        await self.socket.write_message(json.dumps({"command": "hello", "protocols": [LIVERELOAD_PROTOCOL]}, separators=(",", ":")))
        answer = json.loads(await self.socket.read_message())
        assert answer["command"] == "hello", answer
        await self.socket.write_message(json.dumps({"command": "info", "url": base, "plugins": {}}, separators=(",", ":")))
        asyncio.get_running_loop().create_task(self.listen())

    async def listen(self) -> None:
        while (message := await self.socket.read_message()) is not None:
            if json.loads(message).get("command") == "reload":
                self.times.append(time.monotonic())

    def after(self, moment: float) -> float | None:
        return next((at for at in self.times if at > moment), None)


@dataclass
class Sample:
    page: float | None  # seconds from the save until the page held the change (None: no page to change)
    reload: float  # seconds until the reload message
    noticed: float | None = None  # seconds until the server printed that it noticed the change
    rebuild: float | None = None  # the server's own build time
    rendered: int | None = None  # pages rendered again
    cpu: float | None = None  # CPU seconds the server's process used from the save until the reload
    load: float | None = None  # the machine's load average (1 minute) at the save
    rewritten: bool = False  # a save that changed nothing: whether its page file was written all the same


@dataclass
class Kind:
    name: str
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Edit:
    """One save: what to write, and how to know its page shows it."""

    path: Path
    data: bytes
    page: Path | None  # the page that must change (None: nothing changes)
    ready: Callable[[bytes], bool] | None


def page_of(site: Path, content: Path, record: Path) -> Path:
    """The page of a record file (the synthetic site's pages follow its folders, in both generators)."""
    relative = record.relative_to(content)
    return site / relative.parent / relative.stem / "index.html"


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class Edits:
    """The saves of each kind, on random initiatives (the same sequence for every generator)."""

    def __init__(self, content: Path, site: Path, seed: int = 1):
        self.content, self.site = content, site
        self.rng = random.Random(seed)
        self.initiatives = sorted(content.rglob("indsats-*.md"))
        self.tracks = sorted({path.parent for path in self.initiatives})
        self.added = 0

    def title(self) -> Edit:
        path = self.rng.choice(self.initiatives)
        text, page = path.read_text(encoding="utf-8"), read(page_of(self.site, self.content, path)) or b""
        while True:
            title = " ".join(self.rng.choice(WORDS) for _ in range(4)).capitalize()
            if title.encode() not in page:
                break
        data = re.sub(r"(?m)^title: .*$", f'title: "{title}"', text, count=1).encode()
        return Edit(path, data, page_of(self.site, self.content, path), lambda body: title.encode() in body)

    def status(self) -> Edit:
        path = self.rng.choice(self.initiatives)
        text = path.read_text(encoding="utf-8")
        old = re.search(r"(?m)^status: (.*)$", text)[1]
        page = page_of(self.site, self.content, path)
        shown = STATUS_BADGE.search(read(page) or b"")
        assert shown and shown[1].decode() == old, f"{page}: the first status badge is not the initiative's"
        new = self.rng.choice([status for status in STATUSES if status != old])
        data = re.sub(r"(?m)^status: .*$", f"status: {new}", text, count=1).encode()
        return Edit(path, data, page, lambda body: (match := STATUS_BADGE.search(body)) is not None and match[1] == new.encode())

    def add(self) -> Edit:
        track = self.rng.choice(self.tracks)
        self.added += 1
        number = 100 + self.added
        template = (track / "indsats-1.md").read_text(encoding="utf-8")
        title = f"{' '.join(self.rng.choice(WORDS) for _ in range(3)).capitalize()} nummer {number}"
        text = re.sub(r"(?m)^title: .*$", f'title: "{title}"', template, count=1)
        text = re.sub(r"(?m)^number: '(\d+)\.\d+'$", rf"number: '\g<1>.{number}'", text, count=1)
        path = track / f"indsats-{number}.md"
        return Edit(path, text.encode(), page_of(self.site, self.content, path), lambda body: title.encode() in body)

    def noop(self) -> Edit:
        path = self.rng.choice(self.initiatives)
        return Edit(path, path.read_bytes(), None, None)


async def measure(edit: Edit, reloads: Reloads, server: Server, spacing: float, watched: Path | None) -> Sample:
    stamp = watched.stat().st_mtime_ns if watched is not None else None
    cpu = cpu_seconds(server.process.pid)
    with open(edit.path, "wb") as file:
        file.write(edit.data)
    saved = time.monotonic()
    page = reload = None
    while page is None and edit.ready is not None or reload is None:
        now = time.monotonic()
        if page is None and edit.ready is not None and (body := read(edit.page)) is not None and edit.ready(body):
            page = now - saved
        if reload is None and (at := reloads.after(saved)) is not None:
            reload, cpu = at - saved, cpu_seconds(server.process.pid) - cpu
        if now - saved > TIMEOUT_S:
            raise TimeoutError(f"{edit.path}: page {page}, reload {reload}\n" + server.output())
        await asyncio.sleep(POLL_S)
    rewritten = watched is not None and watched.stat().st_mtime_ns != stamp
    await asyncio.sleep(0.05)  # the server's lines about this rebuild
    sample = Sample(page, reload, cpu=cpu, load=os.getloadavg()[0], rewritten=rewritten)
    for at, _, line in server.lines:
        if at <= saved:
            continue
        if sample.noticed is None and (line.endswith(" changed") or line.startswith("Change detected")):
            sample.noticed = at - saved
        elif sample.noticed is not None and (match := re.search(r" in ([\d.]+) s \((\d+) pages rendered\)", line)):
            sample.rebuild, sample.rendered = float(match[1]), int(match[2])
            break
        elif sample.noticed is not None and (match := re.search(r"^Total in (\d+) ms", line)):
            sample.rebuild = int(match[1]) / 1000
            break
    await asyncio.sleep(max(0.0, saved + spacing - time.monotonic()))
    return sample


async def run_edits(base: str, edits: Edits, server: Server, args, kinds: list[str], visit: bool = False) -> list[Kind]:
    """`visit`: before each save, fetch its page over HTTP, as the browser showing it would (Hugo's
    fast render mode renders again only the pages changed and those visited)."""
    reloads = Reloads()
    await reloads.connect(base)
    await asyncio.sleep(args.settle)
    done = []
    makers = {"title": edits.title, "status": edits.status, "add": edits.add, "no-op": edits.noop}
    for name in kinds:
        kind = Kind(name)
        for _ in range(args.edits):
            edit = makers[name]()
            page = page_of(edits.site, edits.content, edit.path)
            if visit and page.exists():
                with urllib.request.urlopen(base + page.parent.relative_to(edits.site).as_posix() + "/", timeout=30) as answer:
                    answer.read()
            kind.samples.append(await measure(edit, reloads, server, args.spacing, page if name == "no-op" else None))
        done.append(kind)
        report_kind(kind)
    reloads.socket.close()
    return done


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def stats(values: list[float | None]) -> str:
    values = [value for value in values if value is not None]
    if not values:
        return "-"
    return f"{ms(statistics.median(values))} / {ms(p95(values))} / {ms(max(values))}"


def report_kind(kind: Kind) -> None:
    samples = kind.samples
    rendered = [sample.rendered for sample in samples if sample.rendered is not None]
    print(
        f"  {kind.name:7} save→page {stats([s.page for s in samples]):>17} ms   save→reload {stats([s.reload for s in samples]):>17} ms"
        f"   noticed {stats([s.noticed for s in samples]):>13}   rebuild {stats([s.rebuild for s in samples]):>15}"
        f"   cpu {stats([s.cpu for s in samples]):>15}"
        + (f"   rendered {statistics.median(rendered):.0f}" if rendered else "")
        + f"   load {min(s.load for s in samples):.1f}–{max(s.load for s in samples):.1f}"
        + (f"   page written again by {rewritten} of {len(samples)}" if (rewritten := sum(s.rewritten for s in samples)) else ""),
        flush=True,
    )


def kib(value: int) -> str:
    return f"{value / 1024:.0f} MiB"


def report_memory(pid: int, what: str) -> dict[str, int]:
    found = memory(pid)
    extra = sum(memory(child).get("VmRSS", 0) for child in children(pid))
    print(
        f"  memory {what}: {kib(found['VmRSS'])} now, {kib(found['VmHWM'])} peak"
        + (f" (+ {kib(extra)} in child processes)" if extra else ""),
        flush=True,
    )
    return found


def start_retning(content: Path, work: Path, port: int) -> tuple[Server, str, Path, float, float]:
    """Start `serve`; (the server, base URL, preview folder, seconds to the first build's end, its own seconds)."""
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--port", str(port), "--lang", "en"]
    server = Server(command, work)  # in English: the lines below are read by their words
    _, serving = server.wait_for(r"^Serving (.+) at (http://\S+) ")
    at, built = server.wait_for(r"^[\d,]+ files: .* in ([\d.]+) s \((\d+) pages rendered\)")
    return server, serving[2], Path(serving[1]), at - server.started, float(built[1])


def tree_difference(one: Path, other: Path) -> list[str]:
    def files(root: Path) -> set[str]:
        return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}

    mine, theirs = files(one), files(other)
    differ = sorted(mine ^ theirs)
    differ += [name for name in sorted(mine & theirs) if not filecmp.cmp(one / name, other / name, shallow=False)]
    return differ


def bench_retning(content: Path, work: Path, args) -> dict:
    port = free_port()
    print(
        f"Retning `build.py serve` (fresh process, cold: no media cache, no preview folder), {args.edits} saves of each kind, "
        f"{args.spacing} s apart",
        flush=True,
    )
    server, base, site, first, own = start_retning(content, work, port)
    print(f"  first build: {first:.1f} s from the process's start to its end ({own:.1f} s by its own clock)", flush=True)
    result: dict = {"first_build_s": first}
    try:
        result["memory_after_first_build"] = report_memory(server.process.pid, "after the first build")
        edits = Edits(content, site)
        kinds = asyncio.run(run_edits(base, edits, server, args, args.kinds))
        result["memory"] = report_memory(server.process.pid, "after the saves")
        result["kinds"] = {kind.name: [vars(sample) for sample in kind.samples] for kind in kinds}
        errors = [line for _, name, line in server.lines if name == "err"]
        if errors:
            print("  serve printed to stderr:\n    " + "\n    ".join(errors[-10:]))
    finally:
        server.stop()
    if args.check:
        from generator.build.pipeline import build

        started = time.monotonic()
        with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):  # its progress lines
            build(content, work / "full", base_url=base)
        differ = tree_difference(site, work / "full")
        print(
            f"  preview folder equals a full build with the same base URL: {not differ}"
            + (f" ({len(differ)} files differ, e.g. {differ[:5]})" if differ else "")
            + f" (full build in process {time.monotonic() - started:.1f} s)",
            flush=True,
        )
        result["equals_full_build"] = not differ
    server, _, _, warm, own = start_retning(content, work, port)
    try:
        print(
            f"  warm start (new process, same content and port, media cache and preview folder there): {warm:.1f} s "
            f"({own:.1f} s by its own clock)",
            flush=True,
        )
        result["warm_start_s"] = warm
        result["memory_after_warm_start"] = report_memory(server.process.pid, "after the warm start")
    finally:
        server.stop()
    return result


# Hugo: the same records as a minimal Hugo site.

HUGO_CONFIG = (
    """baseURL = "http://127.0.0.1/"
languageCode = "da"
title = "Synthetic"
"""
    + TAXONOMIES
)
HUGO_LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": """{{ define "main" }}<h1>{{ with .Params.number }}{{ . }} {{ end }}{{ .Title }}</h1>
{{ with .Params.status }}<span class="badge badge--statuses badge--{{ . }}">{{ . }}</span>{{ end }}
<p>{{ .Params.summary }}</p>
<ul>{{ range .GetTerms "themes" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ol>{{ range .Params.measures }}<li>{{ .text }}: {{ .target }} {{ .unit }} {{ .deadline }}
<span class="badge badge--statuses badge--{{ .status }}">{{ .status }}</span></li>{{ end }}</ol>
{{ .Content }}
<h2>Same track</h2><ul>{{ range .CurrentSection.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}{{ with .Params.goal }}<p>{{ . }}</p>{{ end }}{{ .Content }}
<ul>{{ range (.Paginate .Pages 100).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with .Params.status }}<span class="badge badge--statuses badge--{{ . }}">{{ . }}</span>{{ end }}
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
}


def hugo_front_matter(text: str) -> str:
    """Retning's fields under names Hugo does not reserve (type and kind are Hugo's own)."""
    text = re.sub(r"(?m)^type: ", "record: ", text)
    return re.sub(r"(?m)^kind: ", "variant: ", text)


def to_hugo(content: Path, hugo: Path) -> None:
    if hugo.exists():
        shutil.rmtree(hugo)
    (hugo / "content").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content)
        if not relative.parts[0].startswith("kommune-") or path.is_dir():
            continue
        target = hugo / "content" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if path.name == "index.yaml":
            text = "---\n" + re.sub(r"(?m)^name: ", "title: ", text) + "---\n"
        if path.name.startswith("index."):
            target = target.with_name("_index.md")
        target.write_text(hugo_front_matter(text), encoding="utf-8")


def bench_hugo(content: Path, work: Path, args, fast: bool) -> dict:
    hugo = work / "hugo"
    to_hugo(content, hugo)
    site = hugo / "public"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    mode = [] if fast else ["--disableFastRender"]
    print(
        f"Hugo {version} `hugo server --renderToDisk {' '.join(mode)}` on the same records (fresh process)"
        + (", each page fetched over HTTP before its save, as an open browser would" if fast else ""),
        flush=True,
    )
    server = Server(
        [
            "hugo",
            "server",
            "--renderToDisk",
            *mode,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--baseURL",
            base,
            "--appendPort=false",
            "--source",
            str(hugo),
        ],
        hugo,
    )
    result: dict = {"version": version, "fast_render": fast}
    try:
        at, _ = server.wait_for(r"Web Server is available at")
        pages = next((line for _, _, line in server.lines if "Pages" in line), "")
        print(f"  first build: {at - server.started:.1f} s from the process's start until it serves ({pages.strip()})", flush=True)
        result["first_build_s"] = at - server.started
        result["memory_after_first_build"] = report_memory(server.process.pid, "after the first build")
        kinds = asyncio.run(run_edits(base, Edits(hugo / "content", site), server, args, args.hugo_kinds or args.kinds, visit=fast))
        result["memory"] = report_memory(server.process.pid, "after the saves")
        result["kinds"] = {kind.name: [vars(sample) for sample in kind.samples] for kind in kinds}
    finally:
        server.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=int, nargs="?", default=10_000)
    parser.add_argument("edits", type=int, nargs="?", default=20)
    parser.add_argument("--spacing", type=float, default=1.5, help="seconds from one save to the next (default 1.5)")
    parser.add_argument(
        "--settle",
        type=float,
        default=8.0,
        help="seconds to wait after the first build before the first save (default 8: serve tidies after 5 s idle)",
    )
    parser.add_argument(
        "--hugo",
        choices=["full", "fast", "both"],
        help="also time `hugo server` on the same records: with --disableFastRender (full), in its default "
        "fast render mode (fast), or both",
    )
    parser.add_argument(
        "--kinds",
        type=lambda text: text.split(","),
        default=["title", "status", "add", "no-op"],
        help="the kinds of save, comma-separated (default title,status,add,no-op)",
    )
    parser.add_argument("--hugo-kinds", type=lambda text: text.split(","), help="the kinds of save for Hugo (default: --kinds)")
    parser.add_argument("--no-retning", dest="retning", action="store_false", help="time only Hugo")
    parser.add_argument("--no-check", dest="check", action="store_false", help="skip the comparison with a full build")
    parser.add_argument("--json", type=Path, help="write every sample to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="retning-preview-"))
    try:
        started = time.monotonic()
        count = generate(args.records, work / "content")
        print(
            f"{count} records generated in {time.monotonic() - started:.1f} s into {work}; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            flush=True,
        )
        results = {"records": count, "edits": args.edits, "spacing": args.spacing}
        if args.retning:
            results["retning"] = bench_retning(work / "content", work, args)
        for mode in ("full", "fast"):
            if args.hugo in (mode, "both"):
                results[f"hugo_{mode}"] = bench_hugo(work / "content", work, args, fast=mode == "fast")
        print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
