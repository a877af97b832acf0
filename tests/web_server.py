"""A real web server for the tests: Debian's nginx (scripts/setup.sh --test installs it), run as a
foreground process of the test session on 127.0.0.1, with every file it writes in a folder of its
own, serving a site at /strategier/ exactly as the README's snippet (docs/nginx/retning.conf) says."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPET = ROOT / "docs/nginx/retning.conf"
SITE_FOLDER = "strategier"  # the snippet's location: the site lies in www/strategier/
CONFIG = """\
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{
    worker_connections 64;
}}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {www};
        include {snippet};
    }}
}}
"""


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    return found or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def need_nginx() -> str:
    """nginx's path; without nginx the test is skipped on a developer's machine, and fails in CI
    (where scripts/setup.sh --test has installed it)."""
    binary = nginx_binary()
    if binary is None:
        reason = "nginx is not installed (bash scripts/setup.sh --test installs Debian's nginx)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


def web_root() -> Path:
    """An empty folder for nginx to serve: readable by its worker processes, which run as nobody
    when the tests run as root."""
    www = Path(tempfile.mkdtemp(prefix="retning-www-"))
    www.chmod(0o755)
    return www


def mime_types(binary: str) -> Path:
    """The mime.types beside the nginx.conf the binary was built to read (/etc/nginx/ on Debian)."""
    built = subprocess.run([binary, "-V"], capture_output=True, text=True, check=True).stderr
    conf = re.search(r"--conf-path=(\S+)", built)
    return Path(conf.group(1) if conf else "/etc/nginx/nginx.conf").with_name("mime.types")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answering(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


@contextlib.contextmanager
def served_by_nginx(www: Path) -> Iterator[str]:
    """Serve `www` (from web_root(); the site in its strategier/) on 127.0.0.1 with the README's
    snippet; yield the site's base URL. nginx stops when the block ends."""
    binary = need_nginx()
    work = Path(tempfile.mkdtemp(prefix="retning-nginx-"))
    process = None
    try:
        for _ in range(3):  # another program can take the free port before nginx binds it
            port = free_port()
            config = work / "nginx.conf"
            values = {"work": work, "mime_types": mime_types(binary), "port": port, "www": www, "snippet": SNIPPET}
            config.write_text(CONFIG.format(**values), encoding="utf-8")
            command = [binary, "-p", str(work), "-c", str(config), "-e", str(work / "error.log"), "-g", "daemon off;"]
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while process.poll() is None and not answering(port) and time.monotonic() < deadline:
                time.sleep(0.02)
            if process.poll() is None and answering(port):
                break
            process.kill()
            process.wait()
        else:
            log = (work / "error.log").read_text(encoding="utf-8", errors="replace") if (work / "error.log").exists() else ""
            raise RuntimeError(f"nginx did not start: {log}")
        yield f"http://127.0.0.1:{port}/{SITE_FOLDER}/"
    finally:
        if process is not None and process.poll() is None:
            process.terminate()  # nginx's fast shutdown
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(work, ignore_errors=True)
