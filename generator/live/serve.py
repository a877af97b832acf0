"""`build.py serve`: build into a preview folder of its own, serve it on localhost, rebuild on every
change and reload the browser.

The preview is built into .cache/preview beside the content folder (preview_folder()), with the
local address as base URL; site/ is written only by `build`, so a preview never leaks
http://127.0.0.1 links into the published sitemap, feeds or og:url.

Rebuilds are incremental (generator/build/incremental.py): only pages whose inputs changed are rendered
again, and only changed files are written; the result equals a full build.

Changes are noticed by file events (watchfiles), not by walking the tree: a thread waits for them
and hands each batch to the event loop, where the rebuilds run one at a time. A save made during a
rebuild is built by one more rebuild right after it (Rebuilds): never dropped, and never ignored
for coming soon after the last reload. After every rebuild, good or failed, each open page is told
to reload over livereload.js's protocol (ReloadSocket; the script is put before </head> of every
HTML response, the error page's too).

While a rebuild fails, every page shows why instead of the site: a content or template error as
file, line, field and message, anything else (a bug in Retning) as its traceback, marked as a bug to
report; all of it in the editors' language (core/messages.py). Assets are still served; the preview
folder keeps the last good build, and the next rebuild that succeeds brings the site back."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import mimetypes
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import watchfiles
from livereload.handlers import LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.netutil import bind_sockets
from tornado.websocket import WebSocketClosedError, WebSocketHandler
from tornado.wsgi import WSGIContainer

from generator.build.incremental import IncrementalBuild
from generator.build.pipeline import ContentError
from generator.content.history import head
from generator.core.messages import Message, current_language, plural
from generator.render.renderer import ASSETS, LAYOUTS, template_position

PREVIEW_FOLDER = Path(".cache") / "preview"
STEP_MS = 20  # a batch of changes closes after this long without a new one…
DEBOUNCE_MS = 300  # …or this long after its first change, while changes keep coming
POLL_MS = 300  # only where file events fail
SETTLE_AFTER_S = 0.3  # after a reload, the browser's requests go first; then the rebuild's garbage and large files
TIDY_IDLE_S = 5.0  # collect the garbage of earlier builds once the preview has been idle this long
DEFER_OVER = 1_000_000  # bytes: larger files are written after the reload, and served from memory until then
LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
# livereload.js, loaded from the server the page came from (as livereload's own Server does it)
LIVERELOAD_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b"document.head.appendChild(s);})();</script>"
)


@dataclass
class Failure:
    """Why the last rebuild failed, as the browser shows it until a rebuild succeeds."""

    kind: str  # "content", "template", "system" or "bug"
    lines: list[str]  # the problems (file:line: message), or for a bug the traceback


def failure_of(error: Exception) -> Failure:
    if isinstance(error, ContentError):  # template errors while rendering come as ContentError too
        kind = "template" if isinstance(error.__cause__, jinja2.TemplateError) else "content"
        return Failure(kind, [str(problem) for problem in error.problems])
    if isinstance(error, jinja2.TemplateError):  # one that escaped the renderer's own check
        where, line = template_position(error, getattr(error, "name", None) or "?")
        message = Message("msg_template_not_found", name=error.name) if isinstance(error, jinja2.TemplateNotFound) else str(error)
        return Failure("template", [f"{where}:{line}: {message}"])
    if isinstance(error, OSError):  # a full disk, a folder without write permission: not a bug
        return Failure("system", [str(error)])
    return Failure("bug", ["".join(traceback.format_exception(error))])


class PreviewApp:
    """A WSGI app serving the built site, or in place of its pages why the last rebuild failed."""

    def __init__(self, out_dir: Path, unwritten: dict[str, bytes] | None = None):
        self.out_dir = out_dir.resolve()
        self.failure: Failure | None = None
        self.unwritten = {} if unwritten is None else unwritten  # relative path → bytes not yet written

    def file_for(self, path: str) -> Path | None:
        """The file `path` names inside the served folder; None when it names none there (it leads
        outside, also through a symbolic link, or the system takes no such name)."""
        try:
            target = (self.out_dir / path.lstrip("/")).resolve()
            if target != self.out_dir and self.out_dir not in target.parents:
                return None
            return target / "index.html" if target.is_dir() else target
        except (OSError, ValueError):  # a name too long, a NUL byte
            return None

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        try:
            return self.respond(environ, start_response)
        except Exception as error:  # a bug here: shown like one in the build, not as the server's 500
            traceback.print_exc()
            return send(start_response, "500 Internal error", "text/html; charset=utf-8", error_page(failure_of(error)))

    def respond(self, environ: dict, start_response: Callable) -> list[bytes]:
        path = request_path(environ)
        if path is None:
            return send(start_response, "400 Bad Request", "text/plain; charset=utf-8", b"400 Bad Request\n")
        target = self.file_for(path)
        if target is None:
            return self.not_found(start_response)
        if self.failure is not None and target.suffix in (".html", ""):
            reason = {"content": "Content error", "template": "Template error", "system": "File system error"}.get(
                self.failure.kind, "Internal error"
            )
            return send(start_response, f"500 {reason}", "text/html; charset=utf-8", error_page(self.failure))
        try:
            data = self.unwritten.get(target.relative_to(self.out_dir).as_posix()) or target.read_bytes()
        except (OSError, ValueError):  # not a file (any more)
            return self.not_found(start_response)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return send(start_response, "200 OK", kind, data)

    def not_found(self, start_response: Callable) -> list[bytes]:
        try:
            page = (self.out_dir / "404.html").read_bytes()
        except OSError:
            page = b"<!doctype html><html lang=da><head><title>404</title></head><body><main><h1>404</h1></main></body></html>"
        return send(start_response, "404 Not Found", "text/html; charset=utf-8", page)


def request_path(environ: dict) -> str | None:
    """The request's path; None when no file can have it as name (a NUL, bytes that are not UTF-8).
    WSGI gives it percent-decoded, each byte as the Latin-1 character of that number."""
    try:
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    return None if "\0" in path else path


def send(start_response: Callable, status: str, kind: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
    return [body]


PAGES = {  # kind → (heading, what to do: a message, or a pair _one/_other by the number of problems)
    "content": ("msg_preview_content_heading", "msg_preview_content"),
    "template": ("msg_preview_template_heading", "msg_preview_template"),
    "system": ("msg_preview_system_heading", "msg_preview_system"),
    "bug": ("msg_preview_bug_heading", "msg_preview_bug"),
}
COUNTED = {"content", "template"}


def error_page(failure: Failure) -> bytes:
    """The page shown in place of every page while a rebuild fails, in the current language."""
    heading_key, introduction_key = PAGES[failure.kind]
    heading = Message(heading_key)
    introduction = plural(introduction_key, len(failure.lines)) if failure.kind in COUNTED else Message(introduction_key)
    if failure.kind == "bug":
        details = f"<pre>{html.escape(failure.lines[0])}</pre>"
    else:
        details = "<ol>\n" + "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in failure.lines) + "\n</ol>"
    return f"""<!doctype html>
<html lang="{current_language()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(str(heading))} – Retning</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;padding:0 1rem;max-width:60rem;line-height:1.5;
color:#1b1b1b;background:#fff}}
li{{margin:.5rem 0}}code,pre{{font-size:1rem;background:#fff1f0;padding:.2rem .3rem;white-space:pre-wrap;overflow-wrap:anywhere}}
pre{{padding:1rem;border-left:.3rem solid #b3261e}}</style>
</head><body><main>
<h1>{html.escape(str(heading))}</h1>
<p>{html.escape(str(introduction))}</p>
<p>{html.escape(str(Message("msg_preview_reloads")))}</p>
{details}
</main></body></html>
""".encode()


class Preview:
    """The live preview: an incremental build, and the app showing its output or why it failed."""

    def __init__(self, content_dir: Path, out_dir: Path, base_url: str | None = None, layouts: Path = LAYOUTS, assets: Path = ASSETS):
        self.session = IncrementalBuild(content_dir, out_dir, base_url, layouts=layouts, assets=assets, defer_over=DEFER_OVER)
        self.app = PreviewApp(out_dir, self.session.unwritten)

    def rebuild(self, saved: list[str] | None = None) -> bool:
        """Build again (`saved`: the paths the watcher saw change, None if it cannot tell); whether it
        succeeded. Never raises:
        the browser must get the error page and the next save its rebuild. The session keeps the last
        good output and recovers next time."""
        try:
            result = self.session.run(saved=saved)
        except Exception as error:
            self.app.failure = failure = failure_of(error)
            for line in failure.lines:
                print(line, file=sys.stderr)
            if failure.kind == "bug":
                print(Message("msg_preview_bug_notice"), file=sys.stderr, flush=True)
            else:
                print(plural("msg_preview_problems_notice", len(failure.lines)), file=sys.stderr, flush=True)
            return False
        self.app.failure = None
        print(Message("msg_preview_built", summary=result.summary(), rendered=self.session.rendered), flush=True)
        return True

    def settle(self) -> None:
        """Once the browser has its page: write the rebuild's large files, and collect the last site
        if the rebuild loaded a new one from the files."""
        self.session.settle()
        self.flush()

    def flush(self) -> None:
        try:
            self.session.flush()
        except OSError as error:  # the next rebuild tries again, and shows it
            print(error, file=sys.stderr, flush=True)


def with_reload_script(app: Callable) -> Callable:
    """The WSGI app with livereload.js's loader put before the </head> of every HTML response (the
    error page's too); other responses (a JSON file holding "</head>", say) stay as they are."""

    def wrapped(environ: dict, start_response: Callable) -> list[bytes]:
        answer: dict = {}
        body = b"".join(app(environ, lambda status, headers, exc_info=None: answer.update(status=status, headers=headers)))
        if any(name.lower() == "content-type" and value.startswith("text/html") for name, value in answer["headers"]):
            body = body.replace(b"</head>", LIVERELOAD_SCRIPT + b"</head>", 1)
        start_response(answer["status"], answer["headers"])
        return [body]

    return wrapped


def preview_folder(content_dir: Path) -> Path:
    """Where `serve` builds: .cache/preview beside the content folder (git-ignored), never site/."""
    return content_dir.resolve().parent / PREVIEW_FOLDER


class SourceFilter(watchfiles.DefaultFilter):
    """The changes a rebuild must see: not editors' swap, backup and lock files (.swp, ~, .#…; vim's
    write test 4913), nothing in .cache/, nothing in the output folder. A rebuild looks only at the
    files the watcher names, so it must ignore nothing the build reads: only folders and files whose
    names start with "." or "_" (which the build skips) and names no content file has; not
    watchfiles' node_modules, site-packages or flycheck_ defaults."""

    ignore_dirs = tuple(name for name in (*watchfiles.DefaultFilter.ignore_dirs, ".cache") if name[0] in "._")
    ignore_entity_patterns = (r"\.py[cod]$", r"\.___jb_...___$", r"\.sw.$", "~$", r"^\.\#", r"^\.DS_Store$", r"^4913$")

    def __init__(self, out_dir: Path):
        super().__init__()
        self.out_dir = str(out_dir.resolve())

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if path == self.out_dir or path.startswith(self.out_dir + os.sep):
            return False
        return super().__call__(change, path)


class ReloadSocket(WebSocketHandler):
    """The server's end of livereload.js's protocol: answer its hello, then send `reload` whenever a
    rebuild ends. (Same-origin only, tornado's default: nothing but the preview's pages connect.)"""

    def initialize(self, browsers: set[ReloadSocket]) -> None:
        self.browsers = browsers

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            self.write_message({"command": "hello", "protocols": [LIVERELOAD_PROTOCOL], "serverName": "retning"})
            self.browsers.add(self)

    def on_close(self) -> None:
        self.browsers.discard(self)


class Rebuilds:
    """Rebuilds on the event loop, one at a time. A save noticed while one runs (the watcher thread
    keeps collecting meanwhile) is built by exactly one more rebuild right after it: saves are
    coalesced, never dropped. After every rebuild, good or failed, the browsers reload.

    The browsers' requests after a reload go first: the preview settles (Preview.settle(): writes
    the large files, 20-40 ms at 10,000 pages) `settle_after` seconds later, unless a save came
    first. The
    session's tidy() (a full pass of the cycle collector: 2-3 s at 10,000 pages) holds the loop, so
    it waits until the preview has been idle for `tidy_idle` seconds, when no browser is waiting for
    a page and no save for its rebuild."""

    def __init__(self, preview: Preview, browsers: set[ReloadSocket], tidy_idle: float = TIDY_IDLE_S, settle_after: float = SETTLE_AFTER_S):
        self.preview, self.browsers = preview, browsers
        self.pending: set[str] | None = set()  # None: the watcher cannot tell what changed
        self.scheduled = False
        self.tidy_idle, self.settle_after = tidy_idle, settle_after
        self.tidy_timer: object | None = None
        self.settle_timer: object | None = None

    def changed(self, paths: set[str] | None) -> None:
        """Called on the loop with the paths of a batch of changes (None: unknown ones)."""
        self.pending = None if paths is None or self.pending is None else self.pending | paths
        if not self.scheduled:
            self.scheduled = True
            IOLoop.current().add_callback(self.run)

    def run(self) -> None:
        self.scheduled = False
        paths, self.pending = None if self.pending is None else sorted(self.pending), set()
        if paths:  # named by a file that is there (not an editor's temporary file renamed away)
            first = next((path for path in paths if os.path.exists(path)), paths[0])
            more = plural("msg_and_more", len(paths) - 1) if len(paths) > 1 else ""
            print(Message("msg_preview_changed", path=shown(first), more=more), flush=True)
        self.preview.rebuild(paths)
        self.reload()
        loop = IOLoop.current()
        for timer in (self.tidy_timer, self.settle_timer):
            if timer is not None:
                loop.remove_timeout(timer)
        self.settle_timer = loop.call_later(self.settle_after, self.settle)
        self.tidy_timer = loop.call_later(self.tidy_idle, self.tidy)

    def reload(self) -> None:
        message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}  # the whole page
        for browser in list(self.browsers):
            try:
                browser.write_message(message)
            except WebSocketClosedError:
                self.browsers.discard(browser)

    def settle(self) -> None:
        self.settle_timer = None
        if not self.scheduled:  # else the next rebuild goes first (and writes what is left to write)
            self.preview.settle()

    def tidy(self) -> None:
        self.tidy_timer = None
        if not self.scheduled:  # else the next rebuild goes first, and sets the timer again
            self.preview.session.tidy()


def shown(path: str) -> str:
    """The path relative to the current folder when it lies inside it, else as it is."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def watch_sources(folders: list[Path], out_dir: Path, notify: Callable[[set[str] | None], None], stop: threading.Event) -> None:
    """In a thread of its own: wait for file events and hand each batch of changed paths to `notify`.
    A batch closes once no new change came for STEP_MS, or DEBOUNCE_MS after its first change; the
    events keep being collected while the loop rebuilds. No timeout (rust_timeout=0): a timeout
    would drop an event arriving just as it strikes. Where the system's file events fail (too many
    folders for inotify's limit, say), it falls back to polling."""
    kwargs: dict = {
        "watch_filter": SourceFilter(out_dir),
        "debounce": DEBOUNCE_MS,
        "step": STEP_MS,
        "stop_event": stop,
        "rust_timeout": 0,
        "raise_interrupt": False,
    }
    try:
        for changes in watchfiles.watch(*folders, **kwargs):
            notify({path for _, path in changes})
    except Exception as error:  # anything the file events raise: poll instead
        if stop.is_set():
            return
        print(Message("msg_preview_polling", detail=str(error)), file=sys.stderr, flush=True)
        notify(None)  # whatever changed meanwhile
        for changes in watchfiles.watch(*folders, **kwargs, force_polling=True, poll_delay_ms=POLL_MS):
            notify({path for _, path in changes})


HEAD_POLL_MS = 2000


def follow_head(content_dir: Path, rebuilds: Rebuilds) -> None:
    """A commit, checkout or pull moves HEAD without touching a file the watcher sees, yet the
    pages' "Ændringer" and last-changed dates follow it: rebuild when it moves (nothing outside git)."""
    last = head(content_dir)
    if last is None:
        return

    def check() -> None:
        nonlocal last
        now = head(content_dir)
        if now != last:
            last = now
            print(Message("msg_preview_head_moved"), flush=True)
            rebuilds.changed(None)

    PeriodicCallback(check, HEAD_POLL_MS).start()


def serve(content_dir: Path, host: str, port: int, layouts: Path = LAYOUTS, assets: Path = ASSETS, out_dir: Path | None = None) -> int:
    """Build into the preview folder (preview_folder() unless `out_dir` is given), serve it at
    http://host:port/ (port 0: any free one), and rebuild and reload the browser on every change to
    the content, the layouts and the assets, until Ctrl+C (or SIGTERM). On the way out it writes
    what the last rebuild left to write (the large files it writes after a reload)."""
    out_dir = (preview_folder(content_dir) if out_dir is None else out_dir).resolve()
    sockets = bind_sockets(port, host)
    stop = threading.Event()
    preview = None
    try:
        port = sockets[0].getsockname()[1]
        base_url = f"http://{host}:{port}/"
        preview = Preview(content_dir, out_dir, base_url, layouts, assets)  # refuses an unsafe folder first
        asyncio.run(run_preview(preview, content_dir, out_dir, base_url, layouts, assets, sockets, stop))
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        for sock in sockets:
            sock.close()
        if preview is not None:
            preview.flush()
    return 0


async def run_preview(
    preview: Preview, content_dir: Path, out_dir: Path, base_url: str, layouts: Path, assets: Path, sockets: list, stop: threading.Event
) -> None:
    browsers: set[ReloadSocket] = set()
    rebuilds = Rebuilds(preview, browsers)
    app = web.Application(
        [
            (r"/livereload", ReloadSocket, {"browsers": browsers}),
            (r"/livereload\.js", LiveReloadJSHandler),
            # on the loop's thread (tornado 6's default), so never while a rebuild writes the folder
            (r".*", web.FallbackHandler, {"fallback": WSGIContainer(with_reload_script(preview.app))}),
        ]
    )
    HTTPServer(app).add_sockets(sockets)
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)  # the rebuild prints each failure once
    print(Message("msg_preview_serving", folder=str(out_dir), address=base_url), flush=True)
    loop = IOLoop.current()
    folders = [folder.resolve() for folder in (content_dir, layouts, assets) if folder.is_dir()]
    threading.Thread(
        target=watch_sources,
        args=(folders, out_dir, lambda paths: loop.add_callback(rebuilds.changed, paths), stop),
        name="watch",
        daemon=True,
    ).start()
    follow_head(content_dir, rebuilds)
    rebuilds.run()  # the first build; saves made meanwhile are built after it
    if not out_dir.exists():  # the first build failed: the error page is served all the same
        out_dir.mkdir(parents=True)
    # Ctrl+C and SIGTERM end the preview between two callbacks, never halfway through a rebuild's writes.
    finished = asyncio.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(number, finished.set)
    await finished.wait()
