"""`build.py serve`: the site over HTTP with livereload; a content error, a template error or a bug
in Retning shown in the browser and gone again on the next good save, without a restart; requests
for paths that name no file in the site answered 400 or 404, never with a traceback."""

from __future__ import annotations

import html
import http.client
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import render
from generator.pipeline import build
from generator.serve import Failure, Preview, PreviewApp, error_page, failure_of

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


# ---- the app and the rebuilds, in this process ----

SOL = "org/klima/energi/sol/"
BAD_PATHS = ["/%00", "/index.html%00", "/%00/../index.html", "/..%2f..%2fetc/passwd", "/%2e%2e/", "/%2e%2e/secret.txt",
             "/../secret.txt", "/org/../../secret.txt", "/leak", "/leak-folder/secret.txt", "/" + "a" * 5000,
             "/" + "a/" * 3000, "/%ff", "/%c3%28/", "/org/%e6%f8/", "/%ed%a0%80"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def get(app: PreviewApp, target: str) -> tuple[int, dict[str, str], str]:
    """Ask the app for `target` as a server would: percent-decoded, its bytes as Latin-1 (WSGI)."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": urllib.parse.unquote_to_bytes(target).decode("latin-1")},
                        start_response))
    return answer["status"], answer["headers"], body.decode("utf-8", "replace")


@pytest.fixture
def preview(tmp_path):
    """A preview of the small site with its own copy of the layouts, built once."""
    write_content(tmp_path, MINI)
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    made = Preview(tmp_path / "content", tmp_path / "site", layouts=tmp_path / "layouts")
    assert made.rebuild()
    return made


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stylesheet(site: Path) -> str:
    return "/" + next(site.glob("assets/css/site.*.css")).relative_to(site).as_posix()


def assert_recovers(preview: Preview, tmp_path: Path, title: str) -> None:
    """The next good save: the site again, with the edit, equal to a full build."""
    assert preview.rebuild() and preview.app.failure is None
    status, _, page = get(preview.app, "/" + SOL)
    assert status == 200 and title in page
    assert get(preview.app, "/")[0] == 200
    build(tmp_path / "content", tmp_path / "full", base_url=None, layouts=tmp_path / "layouts")
    assert tree(tmp_path / "site") == tree(tmp_path / "full")


@pytest.mark.parametrize(("broken", "message"), [
    ("{{ nosuch.x }}<article", "&#x27;nosuch&#x27; is undefined"),
    ("{% if %}<article", "Expected an expression, got &#x27;end of statement block&#x27;"),
])
def test_a_template_error_shows_its_file_and_line_until_the_next_good_save(preview, tmp_path, broken, message):
    site, template = tmp_path / "site", tmp_path / "layouts/initiative.html"
    good, original = tree(site), template.read_text(encoding="utf-8")
    assert original.splitlines()[6].startswith("<article")
    edit(template, "<article", broken)
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "Solceller på tagene", "Solceller på skolerne")
    assert not preview.rebuild()
    status, headers, page = get(preview.app, "/" + SOL)
    assert status == 500 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Fejl i en skabelon</h1>" in page and "layouts/initiative.html:7:" in page and message in page
    assert get(preview.app, "/")[2] == page  # every page shows it
    assert get(preview.app, stylesheet(site))[0] == 200  # assets are still served
    assert tree(site) == good  # the last good build stays
    template.write_text(original, encoding="utf-8")
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "skolerne", "alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_a_bug_in_retning_shows_its_traceback_until_the_next_good_save(preview, tmp_path, monkeypatch):
    rendered = render.Renderer.render_tracked

    def render_tracked(self, output):  # a bug that strikes halfway through rendering
        if output.record is not None and "KRASJ" in output.record.name:
            raise RuntimeError("<b>kaputt</b> & borte")
        return rendered(self, output)

    monkeypatch.setattr(render.Renderer, "render_tracked", render_tracked)
    site = tmp_path / "site"
    good = tree(site)
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "Solceller på tagene", "Solceller KRASJ")
    assert not preview.rebuild()
    status, _, page = get(preview.app, "/" + SOL)
    assert status == 500 and "<h1>Fejl i Retning</h1>" in page and "en fejl i Retning selv" in page
    assert '<p lang="en">This is a bug in Retning itself' in page
    assert "<pre>Traceback (most recent call last):" in page and "render_tracked" in page
    assert "RuntimeError: &lt;b&gt;kaputt&lt;/b&gt; &amp; borte" in page and "<b>" not in page
    assert get(preview.app, "/om/")[2] == page
    assert get(preview.app, stylesheet(site))[0] == 200
    assert tree(site) == good
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "Solceller KRASJ", "Solceller på alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_a_content_error_shows_its_file_line_and_field_escaped(preview, tmp_path):
    sol = tmp_path / "content/org/klima/energi/sol.yaml"
    edit(sol, "status: i-gang", "status: \"</head><script>alert(1)</script>\"")
    assert not preview.rebuild()
    status, _, page = get(preview.app, "/" + SOL)
    assert status == 500 and "<h1>Fejl i indholdet</h1>" in page
    assert "sol.yaml:4:9: status: &#x27;&lt;/head&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#x27; is not in" in page
    assert "<script>" not in page and page.count("</head>") == 1
    edit(sol, "status: \"</head><script>alert(1)</script>\"", "status: i-gang")
    edit(sol, "Solceller på tagene", "Solceller på alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_after_a_template_error_halfway_the_next_edits_still_render_every_page_they_change(preview, tmp_path):
    """The failed run had rendered pages that read less than their last good versions (the offer
    list gone from initiatives): the index of who read what must not keep that."""
    initiative, offer = tmp_path / "layouts/initiative.html", tmp_path / "layouts/offer.html"
    originals = initiative.read_text(encoding="utf-8"), offer.read_text(encoding="utf-8")
    edit(initiative, "{% if record['offers'] %}", "{% if false %}")
    edit(offer, "{% block main %}", "{% block main %}{{ nosuch.x }}")  # rendered after the initiative
    assert not preview.rebuild() and "layouts/offer.html:" in preview.app.failure.lines[0]
    initiative.write_text(originals[0], encoding="utf-8")
    offer.write_text(originals[1], encoding="utf-8")
    assert preview.rebuild()
    edit(tmp_path / "content/org/tilbud/energiraad.yaml", "title: Gratis energirådgivning", "title: Gratis energitjek")
    assert preview.rebuild() and preview.session.patched
    assert "Gratis energitjek" in get(preview.app, "/" + SOL)[2]
    build(tmp_path / "content", tmp_path / "full", layouts=tmp_path / "layouts")
    assert tree(tmp_path / "site") == tree(tmp_path / "full")


def test_after_a_failure_while_writing_the_next_build_mends_the_output(preview, tmp_path, monkeypatch):
    from generator import incremental

    overwrite, calls = incremental.overwrite, []

    def failing(target, data):  # a full disk, say, after a few files
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return overwrite(target, data)

    monkeypatch.setattr(incremental, "overwrite", failing)
    sol = tmp_path / "content/org/klima/energi/sol.yaml"
    edit(sol, "status: i-gang", "status: planlagt")
    assert not preview.rebuild() and preview.app.failure.kind == "system"
    assert "[Errno 28] No space left on device" in preview.app.failure.lines[0]
    monkeypatch.setattr(incremental, "overwrite", overwrite)
    edit(sol, "status: planlagt", "status: i-gang")  # back as the last good build had it
    edit(sol, "Solceller på tagene", "Solceller på alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_a_template_error_outside_rendering_shows_its_file_and_line(tmp_path):
    import jinja2

    (tmp_path / "broken.html").write_text("<p>\n{% for %}</p>\n", encoding="utf-8")
    (tmp_path / "base.html").write_text("<p>\n\n{% include 'gone.html' %}</p>\n", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
    with pytest.raises(jinja2.TemplateSyntaxError) as syntax:
        env.get_template("broken.html")
    with pytest.raises(jinja2.TemplateNotFound) as missing:
        env.get_template("base.html").render()
    assert failure_of(syntax.value) == Failure("template", ["layouts/broken.html:2: Expected an expression, got 'end of statement block'"])
    assert failure_of(missing.value) == Failure("template", ["layouts/base.html:3: template not found: gone.html"])


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.setdefault(tag, []).append(dict(attrs))


@pytest.mark.parametrize("kind", ["content", "template", "system", "bug"])
def test_error_pages_are_accessible_and_show_only_text(kind):
    hostile = "x.yaml:1:1: title: </head><script>alert(1)</script><h1>& &amp; \"'"
    lines = [hostile] if kind == "bug" else [hostile, "y.yaml:2:3: ok"]
    page = error_page(Failure(kind, lines)).decode("utf-8")
    outline = Outline()
    outline.feed(page)
    assert set(outline.tags) <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "p", "ol", "li", "code", "pre"}
    assert outline.attrs["html"] == [{"lang": "da"}] and outline.tags.count("main") == outline.tags.count("h1") == 1
    assert {"lang": "en"} in outline.attrs["p"]  # Danish first, English second
    assert page.count("</head>") == 1  # where livereload puts its script
    assert html.unescape(page).count(hostile) == 1  # shown as text, whole


@pytest.fixture
def out_folder(tmp_path):
    site = tmp_path / "site"
    (site / "org").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Forside</title>", encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><title>Ikke fundet</title>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("HEMMELIGT", encoding="utf-8")
    (site / "leak").symlink_to(tmp_path / "secret.txt")
    (site / "leak-folder").symlink_to(tmp_path)
    return site


@pytest.mark.parametrize("failing", [False, True])
def test_paths_that_name_no_file_in_the_site_get_400_or_404(out_folder, failing):
    app = PreviewApp(out_folder)
    if failing:
        app.failure = Failure("bug", ["Traceback (most recent call last):"])
    for target in BAD_PATHS:
        status, _, body = get(app, target)
        assert status in (400, 404), target
        assert "HEMMELIGT" not in body and "Traceback" not in body, target
    assert get(app, "/%00")[0] == 400 and get(app, "/%ff")[0] == 400
    assert get(app, "/leak")[0] == 404 and "Ikke fundet" in get(app, "/leak")[2]
    assert get(app, "/")[0] == (500 if failing else 200)


# ---- a real server, started as `build.py serve` would start it but with its own layouts ----

LAUNCH = """
import sys
from pathlib import Path

from generator import render, serve

content, out, port, layouts = sys.argv[1:]
rendered = render.Renderer.render_tracked

def render_tracked(self, output):  # a bug in Retning, for a record titled so
    if output.record is not None and "KRASJ" in output.record.name:
        raise RuntimeError("<b>kaputt</b>")
    return rendered(self, output)

render.Renderer.render_tracked = render_tracked
sys.exit(serve.serve(Path(content), Path(out), "127.0.0.1", int(port), layouts=Path(layouts)))
"""


def raw_get(base: str, target: str) -> tuple[int, str]:
    """GET exactly `target`, as sent (urllib would quote or refuse some of these)."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def status_is(base: str, path: str, status: int):
    return lambda: (lambda answer: answer if answer[0] == status else None)(fetch(base + path))


def test_a_running_preview_shows_every_failure_and_refuses_bad_paths(tmp_path):
    content = write_content(tmp_path, MINI)
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    (tmp_path / "launch.py").write_text(textwrap.dedent(LAUNCH), encoding="utf-8")
    port, site = free_port(), tmp_path / "site"
    process = subprocess.Popen([sys.executable, str(tmp_path / "launch.py"), str(content), str(site), str(port),
                                str(tmp_path / "layouts")], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        (site / "leak").symlink_to(tmp_path / "launch.py")
        for target in BAD_PATHS:  # through tornado's parsing too
            status, body = raw_get(base, target)
            assert status in (400, 404) and "Traceback" not in body and "render_tracked" not in body, target
        good = tree(site)
        template, sol = tmp_path / "layouts/initiative.html", content / "org/klima/energi/sol.yaml"
        original = template.read_text(encoding="utf-8")
        edit(template, "<article", "{{ nosuch.x }}<article")
        status, page = wait_for(status_is(base, SOL, 500))
        assert "Fejl i en skabelon" in page and "layouts/initiative.html:7:" in page
        assert "livereload" in page  # the browser reloads the error page on the next save
        assert raw_get(base, "/%00")[0] == 400
        template.write_text(original, encoding="utf-8")
        edit(sol, "Solceller på tagene", "Solceller KRASJ")
        status, page = wait_for(status_is(base, SOL, 500))
        wait_for(lambda: "Fejl i Retning" in fetch(base + SOL)[1])
        status, page = fetch(base + SOL)
        assert "<pre>Traceback (most recent call last):" in page and "&lt;b&gt;kaputt&lt;/b&gt;" in page and "livereload" in page
        assert tree(site) == good
        edit(sol, "Solceller KRASJ", "Solceller på alle tage")
        wait_for(lambda: "Solceller på alle tage" in fetch(base + SOL)[1])
        assert fetch(base)[0] == 200
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "This is a bug in Retning" in output and "layouts/initiative.html:7:" in output
