"""`build.py serve`: the site over HTTP with livereload, content errors shown in the browser and
gone again when fixed, without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import MINI, ROOT, write_content


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def server(tmp_path):
    content = write_content(tmp_path, MINI)
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--out",
                                str(tmp_path / "site"), "--port", str(port)], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        yield base, content, tmp_path / "site"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serves_with_livereload_and_shows_content_errors(server):
    base, content, site = server
    status, page = fetch(base + "org/klima/")
    assert status == 200 and "Klimaplan 2023-2030" in page and "livereload" in page
    good = (site / "org/klima/index.html").read_bytes()
    target = content / "org/klima/energi/sol.yaml"
    original = target.read_text()
    target.write_text(original.replace("status: i-gang", "status: igang"))
    status, page = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(fetch(base + "org/klima/")))
    assert "Fejl i indholdet" in page and "sol.yaml:4:9: status: &#x27;igang&#x27; is not in the vocabulary" in page
    assert "livereload" in page  # the error page reloads itself too
    assert (site / "org/klima/index.html").read_bytes() == good  # the last good site is untouched
    target.write_text(original.replace("Solceller på tagene", "Solceller på alle tage"))
    wait_for(lambda: "Solceller på alle tage" in fetch(base + "org/klima/energi/sol/")[1])
    assert fetch(base + "org/klima/")[0] == 200
