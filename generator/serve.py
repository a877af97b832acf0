"""`build.py serve`: build, serve site/ on localhost, rebuild on every change and reload the browser.

Rebuilds are incremental (generator/incremental.py): only pages whose inputs changed are rendered
again, and only changed files are written; the result equals a full build.

While the content has errors, every page shows them (file, line, field, message) instead of the
site; site/ itself keeps the last good build, and fixing the file brings the site back."""

from __future__ import annotations

import html
import mimetypes
import sys
import urllib.parse
from pathlib import Path

from livereload import Server
from tornado.ioloop import IOLoop

from .incremental import IncrementalBuild
from .pipeline import ContentError
from .render import ASSETS, LAYOUTS


class PreviewApp:
    """A WSGI app serving the built site, or the current content errors in its place."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.problems: list[str] = []

    def file_for(self, path: str) -> Path | None:
        target = (self.out_dir / urllib.parse.unquote(path).lstrip("/")).resolve()
        if target != self.out_dir and self.out_dir not in target.parents:
            return None
        return target / "index.html" if target.is_dir() else target

    def __call__(self, environ, start_response):
        target = self.file_for(environ.get("PATH_INFO", "/"))
        if self.problems and (target is None or target.suffix in (".html", "")):
            start_response("500 Content error", [("Content-Type", "text/html; charset=utf-8")])
            return [error_page(self.problems)]
        if target is None or not target.is_file():
            missing = self.out_dir / "404.html"
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return [missing.read_bytes() if missing.is_file() else b"<h1>404</h1>"]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        start_response("200 OK", [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [target.read_bytes()]


def error_page(problems: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fejl i indholdet</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;line-height:1.5}}
li{{margin:.5rem 0}}code{{background:#fff1f0;padding:.2rem .3rem;white-space:pre-wrap}}</style>
</head><body><main>
<h1>Fejl i indholdet</h1>
<p>Sitet kan ikke bygges, før {"fejlen er rettet" if len(problems) == 1 else f"de {len(problems)} fejl er rettet"}.
Siden genindlæses af sig selv, når du gemmer filen. Det offentlige site er ikke berørt.</p>
<ol>
{items}
</ol>
</main></body></html>
""".encode()


def serve(content_dir: Path, out_dir: Path, host: str, port: int) -> int:
    base_url = f"http://{host}:{port}/"
    app = PreviewApp(out_dir)
    session = IncrementalBuild(content_dir, out_dir, base_url)

    def rebuild() -> None:
        try:
            result = session.run()
            app.problems = []
            print(f"{result.summary()} ({session.rendered} pages rendered)", flush=True)
            IOLoop.current().add_callback(session.tidy)  # after livereload has told the browser
        except ContentError as error:
            app.problems = [str(problem) for problem in error.problems]
            for problem in app.problems:
                print(problem, file=sys.stderr)
            print(f"{len(app.problems)} problem(s); the browser shows them until they are fixed.", file=sys.stderr, flush=True)

    rebuild()
    if not out_dir.exists():
        out_dir.mkdir(parents=True)
    server = Server(app)
    for folder in (content_dir, LAYOUTS, ASSETS):
        server.watch(str(folder), rebuild, delay=0.2)
    print(f"Serving {out_dir} at {base_url} (Ctrl+C stops)", flush=True)
    server.serve(host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
