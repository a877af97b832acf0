"""`build.py serve`: build, serve site/ on localhost, rebuild on every change and reload the browser.

Rebuilds are incremental (generator/incremental.py): only pages whose inputs changed are rendered
again, and only changed files are written; the result equals a full build.

While a rebuild fails, every page shows why instead of the site: a content or template error as
file, line, field and message, anything else (a bug in Retning) as its traceback, marked as a bug to
report. Assets are still served; site/ itself keeps the last good build, and the next rebuild that
succeeds brings the site back. The browser reloads on both, since the error page gets livereload's
script like any page (it is put before </head> of every HTML response)."""

from __future__ import annotations

import html
import mimetypes
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from livereload import Server
from tornado.ioloop import IOLoop

from .incremental import IncrementalBuild
from .pipeline import ContentError
from .render import ASSETS, LAYOUTS, template_position


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
        message = f"template not found: {error.name}" if isinstance(error, jinja2.TemplateNotFound) else str(error)
        return Failure("template", [f"{where}:{line}: {message}"])
    if isinstance(error, OSError):  # a full disk, a folder without write permission: not a bug
        return Failure("system", [str(error)])
    return Failure("bug", ["".join(traceback.format_exception(error))])


class PreviewApp:
    """A WSGI app serving the built site, or in place of its pages why the last rebuild failed."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.failure: Failure | None = None

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

    def __call__(self, environ, start_response):
        try:
            return self.respond(environ, start_response)
        except Exception as error:  # a bug here: shown like one in the build, not as the server's 500
            traceback.print_exc()
            return send(start_response, "500 Internal error", "text/html; charset=utf-8", error_page(failure_of(error)))

    def respond(self, environ, start_response):
        path = request_path(environ)
        if path is None:
            return send(start_response, "400 Bad Request", "text/plain; charset=utf-8", b"400 Bad Request\n")
        target = self.file_for(path)
        if target is None:
            return self.not_found(start_response)
        if self.failure is not None and target.suffix in (".html", ""):
            reason = {"content": "Content error", "template": "Template error", "system": "File system error"}.get(
                self.failure.kind, "Internal error")
            return send(start_response, f"500 {reason}", "text/html; charset=utf-8", error_page(self.failure))
        try:
            data = target.read_bytes()
        except OSError:  # not a file (any more)
            return self.not_found(start_response)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return send(start_response, "200 OK", kind, data)

    def not_found(self, start_response):
        try:
            page = (self.out_dir / "404.html").read_bytes()
        except OSError:
            page = b"<!doctype html><html lang=da><head><title>404</title></head><body><main><h1>404</h1></main></body></html>"
        return send(start_response, "404 Not Found", "text/html; charset=utf-8", page)


def request_path(environ) -> str | None:
    """The request's path; None when no file can have it as name (a NUL, bytes that are not UTF-8).
    WSGI gives it percent-decoded, each byte as the Latin-1 character of that number."""
    try:
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    return None if "\0" in path else path


def send(start_response, status: str, kind: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
    return [body]


PAGES = {  # kind → (heading, what to do in Danish, then in English)
    "content": ("Fejl i indholdet",
                "Sitet kan ikke bygges, før {count} er rettet.",
                "The site cannot be built until the content error is fixed."),
    "template": ("Fejl i en skabelon",
                 "Sitet kan ikke bygges, før {count} i skabelonerne (layouts/) er rettet.",
                 "The site cannot be built until the template error is fixed."),
    "system": ("Sitet kunne ikke skrives",
               "Retning kunne ikke læse eller skrive en fil. Er disken fuld, eller mangler der rettigheder til mappen?",
               "Retning could not read or write a file. Is the disk full, or is the folder not writable?"),
    "bug": ("Fejl i Retning",
            "Det er en fejl i Retning selv, ikke i dit indhold. Meld den venligst til Retnings udviklere "
            "med teksten nedenfor, og skriv hvad du gjorde.",
            "This is a bug in Retning itself, not in your content. Please report it to Retning's developers "
            "with the text below and what you did."),
}


def error_page(failure: Failure) -> bytes:
    heading, danish, english = PAGES[failure.kind]
    count = "fejlen" if len(failure.lines) == 1 else f"de {len(failure.lines)} fejl"
    if failure.kind == "bug":
        details = f'<pre>{html.escape(failure.lines[0])}</pre>'
    else:
        details = "<ol>\n" + "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in failure.lines) + "\n</ol>"
    return f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading} – Retning</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;padding:0 1rem;max-width:60rem;line-height:1.5;
color:#1b1b1b;background:#fff}}
li{{margin:.5rem 0}}code,pre{{font-size:1rem;background:#fff1f0;padding:.2rem .3rem;white-space:pre-wrap;overflow-wrap:anywhere}}
pre{{padding:1rem;border-left:.3rem solid #b3261e}}</style>
</head><body><main>
<h1>{heading}</h1>
<p>{danish.format(count=count)}
Siden genindlæses af sig selv, når du gemmer en fil. Mappen med sitet har stadig den sidste gode bygning,
og det offentlige site er ikke berørt.</p>
<p lang="en">{english} This page reloads itself when you save a file; the output folder keeps the last good build.</p>
{details}
</main></body></html>
""".encode()


class Preview:
    """The live preview: an incremental build, and the app showing its output or why it failed."""

    def __init__(self, content_dir: Path, out_dir: Path, base_url: str | None = None, layouts: Path = LAYOUTS,
                 assets: Path = ASSETS):
        self.app = PreviewApp(out_dir)
        self.session = IncrementalBuild(content_dir, out_dir, base_url, layouts=layouts, assets=assets)

    def rebuild(self) -> bool:
        """Build again; whether it succeeded. Never raises: livereload would log the error and leave
        the browser on the old page. The session keeps the last good output and recovers next time."""
        try:
            result = self.session.run()
        except Exception as error:
            self.app.failure = failure = failure_of(error)
            for line in failure.lines:
                print(line, file=sys.stderr)
            if failure.kind == "bug":
                print("This is a bug in Retning; the browser shows the traceback until a rebuild succeeds.", file=sys.stderr, flush=True)
            else:
                print(f"{len(failure.lines)} problem(s); the browser shows them until they are fixed.", file=sys.stderr, flush=True)
            return False
        self.app.failure = None
        print(f"{result.summary()} ({self.session.rendered} pages rendered)", flush=True)
        return True


def serve(content_dir: Path, out_dir: Path, host: str, port: int, layouts: Path = LAYOUTS, assets: Path = ASSETS) -> int:
    base_url = f"http://{host}:{port}/"
    preview = Preview(content_dir, out_dir, base_url, layouts, assets)

    def rebuild() -> None:
        if preview.rebuild():
            IOLoop.current().add_callback(preview.session.tidy)  # after livereload has told the browser

    rebuild()
    if not out_dir.exists():
        out_dir.mkdir(parents=True)
    server = Server(preview.app)
    for folder in (content_dir, layouts, assets):
        server.watch(str(folder), rebuild, delay=0.2)
    print(f"Serving {out_dir} at {base_url} (Ctrl+C stops)", flush=True)
    server.serve(host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
