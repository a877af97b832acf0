"""`build.py serve`: build, serve site/ on localhost and rebuild on every change."""

from __future__ import annotations

import sys
from pathlib import Path

from livereload import Server

from .pipeline import ContentError, build
from .render import ASSETS, LAYOUTS


def serve(content_dir: Path, out_dir: Path, host: str, port: int) -> int:
    base_url = f"http://{host}:{port}/"

    def rebuild() -> None:
        try:
            print(build(content_dir, out_dir, base_url).summary(), flush=True)
        except ContentError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(f"{len(error.problems)} problem(s); the last good site is still served.", file=sys.stderr, flush=True)

    rebuild()
    server = Server()
    for folder in (content_dir, LAYOUTS, ASSETS):
        server.watch(str(folder), rebuild)
    print(f"Serving {out_dir} at {base_url} (Ctrl+C stops)", flush=True)
    server.serve(root=str(out_dir), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
