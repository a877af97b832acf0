"""`build.py serve`: the site over HTTP with livereload; a content error, a template error or a bug
in Retning shown in the browser and gone again on the next good save, without a restart; requests
for paths that name no file in the site answered 400 or 404, never with a traceback. Saves noticed
by file events, coalesced but never dropped; the preview built into .cache/preview, never site/."""

from __future__ import annotations

import asyncio
import html
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

from generator.build.pipeline import build
from generator.cli import main
from generator.live.serve import (
    LIVERELOAD_PROTOCOL,
    Failure,
    Preview,
    PreviewApp,
    Rebuilds,
    SourceFilter,
    error_page,
    failure_of,
    preview_folder,
    with_reload_script,
)
from generator.render import renderer as render

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


def start_serve(content: Path, cwd: Path) -> tuple[subprocess.Popen, str]:
    """`build.py serve` on a free port, answering; (the process, the base URL)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--port", str(port)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200)
    except BaseException:
        process.kill()
        raise
    return process, base


def stop(process: subprocess.Popen) -> str:
    """Stop the server; what it printed."""
    process.terminate()
    return process.communicate(timeout=10)[0].decode("utf-8", "replace")


@pytest.fixture
def server(tmp_path):
    content = write_content(tmp_path, MINI)
    process, base = start_serve(content, tmp_path)
    try:
        yield base, content, tmp_path / ".cache/preview"
    finally:
        stop(process)


def test_serves_with_livereload_and_shows_content_errors(server):
    base, content, site = server
    status, page = fetch(base + "org/klima/")
    assert status == 200 and "Klimaplan 2023-2030" in page and "livereload" in page
    good = (site / "org/klima/index.html").read_bytes()
    target = content / "org/klima/energi/sol.yaml"
    original = target.read_text()
    target.write_text(original.replace("status: i-gang", "status: igang"))
    status, page = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(fetch(base + "org/klima/")))
    assert "Content error" in page and "sol.yaml:4:9: status: &#x27;igang&#x27; is not in the vocabulary" in page
    assert "livereload" in page  # the error page reloads itself too
    assert (site / "org/klima/index.html").read_bytes() == good  # the last good site is untouched
    target.write_text(original.replace("Solceller på tagene", "Solceller på alle tage"))
    wait_for(lambda: "Solceller på alle tage" in fetch(base + "org/klima/energi/sol/")[1])
    assert fetch(base + "org/klima/")[0] == 200


# ---- the app and the rebuilds, in this process ----

SOL = "org/klima/energi/sol/"
BAD_PATHS = [
    "/%00",
    "/index.html%00",
    "/%00/../index.html",
    "/..%2f..%2fetc/passwd",
    "/%2e%2e/",
    "/%2e%2e/secret.txt",
    "/../secret.txt",
    "/org/../../secret.txt",
    "/leak",
    "/leak-folder/secret.txt",
    "/" + "a" * 5000,
    "/" + "a/" * 3000,
    "/%ff",
    "/%c3%28/",
    "/org/%e6%f8/",
    "/%ed%a0%80",
]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def get(app: PreviewApp, target: str) -> tuple[int, dict[str, str], str]:
    """Ask the app for `target` as a server would: percent-decoded, its bytes as Latin-1 (WSGI)."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": urllib.parse.unquote_to_bytes(target).decode("latin-1")}, start_response))
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


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("{{ nosuch.x }}<article", "&#x27;nosuch&#x27; is undefined"),
        ("{% if %}<article", "Expected an expression, got &#x27;end of statement block&#x27;"),
    ],
)
def test_a_template_error_shows_its_file_and_line_until_the_next_good_save(preview, tmp_path, broken, message):
    site, template = tmp_path / "site", tmp_path / "layouts/initiative.html"
    good, original = tree(site), template.read_text(encoding="utf-8")
    assert original.splitlines()[6].startswith("<article")
    edit(template, "<article", broken)
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "Solceller på tagene", "Solceller på skolerne")
    assert not preview.rebuild()
    status, headers, page = get(preview.app, "/" + SOL)
    assert status == 500 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Template error</h1>" in page and "layouts/initiative.html:7:" in page and message in page
    assert get(preview.app, "/")[2] == page  # every page shows it
    assert get(preview.app, stylesheet(site))[0] == 200  # assets are still served
    assert tree(site) == good  # the last good build stays
    template.write_text(original, encoding="utf-8")
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "skolerne", "alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_a_bug_in_retning_shows_its_traceback_until_the_next_good_save(preview, tmp_path, monkeypatch):
    rendered = render.Renderer.checked_render

    def checked_render(self, output):  # a bug that strikes halfway through rendering
        if output.record is not None and "KRASJ" in output.record.name:
            raise RuntimeError("<b>kaputt</b> & borte")
        return rendered(self, output)

    monkeypatch.setattr(render.Renderer, "checked_render", checked_render)
    site = tmp_path / "site"
    good = tree(site)
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "Solceller på tagene", "Solceller KRASJ")
    assert not preview.rebuild()
    status, _, page = get(preview.app, "/" + SOL)
    assert status == 500 and "<h1>Bug in Retning</h1>" in page and "<p>This is a bug in Retning itself" in page
    assert "<pre>Traceback (most recent call last):" in page and "checked_render" in page
    assert "RuntimeError: &lt;b&gt;kaputt&lt;/b&gt; &amp; borte" in page and "<b>" not in page
    assert get(preview.app, "/om/")[2] == page
    assert get(preview.app, stylesheet(site))[0] == 200
    assert tree(site) == good
    edit(tmp_path / "content/org/klima/energi/sol.yaml", "Solceller KRASJ", "Solceller på alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_a_content_error_shows_its_file_line_and_field_escaped(preview, tmp_path):
    sol = tmp_path / "content/org/klima/energi/sol.yaml"
    edit(sol, "status: i-gang", 'status: "</head><script>alert(1)</script>"')
    assert not preview.rebuild()
    status, _, page = get(preview.app, "/" + SOL)
    assert status == 500 and "<h1>Content error</h1>" in page
    assert "sol.yaml:4:9: status: &#x27;&lt;/head&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#x27; is not in" in page
    assert "<script>" not in page and page.count("</head>") == 1
    edit(sol, 'status: "</head><script>alert(1)</script>"', "status: i-gang")
    edit(sol, "Solceller på tagene", "Solceller på alle tage")
    assert_recovers(preview, tmp_path, "Solceller på alle tage")


def test_a_yaml_syntax_error_shows_where_the_broken_construct_starts(preview, tmp_path):
    sol = tmp_path / "content/org/klima/energi/sol.yaml"
    edit(sol, "title: Solceller", 'title: "Solceller')
    assert not preview.rebuild()
    status, _, page = get(preview.app, "/" + SOL)
    assert status == 500 and "<h1>Content error</h1>" in page
    assert "sol.yaml:3:8: YAML syntax error: quoted text starting here with &quot; is never closed" in page
    assert "(the parser gave up at line 13, column 1: found unexpected end of stream)" in page
    edit(sol, 'title: "Solceller på tagene', "title: Solceller på alle tage")
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
    assert preview.rebuild() and preview.session.in_place
    assert "Gratis energitjek" in get(preview.app, "/" + SOL)[2]
    build(tmp_path / "content", tmp_path / "full", layouts=tmp_path / "layouts")
    assert tree(tmp_path / "site") == tree(tmp_path / "full")


def test_after_a_failure_while_writing_the_next_build_mends_the_output(preview, tmp_path, monkeypatch):
    from generator.build import incremental

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
    assert outline.attrs["html"] == [{"lang": "en"}] and outline.tags.count("main") == outline.tags.count("h1") == 1
    assert outline.attrs["p"] == [{}, {}]  # one language throughout: the editors' (test_messages.py has the Danish page)
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


def test_the_reload_script_goes_into_html_responses_only(tmp_path):
    (tmp_path / "index.html").write_text("<html><head><title>x</title></head><body><pre>&lt;/head&gt;</pre></body></html>")
    (tmp_path / "data.json").write_text('{"body": "</head>"}')
    app = with_reload_script(PreviewApp(tmp_path))
    status, headers, page = get(app, "/")
    assert status == 200 and page.count("/livereload.js") == 1 and page.index("/livereload.js") < page.index("</head>")
    assert get(app, "/data.json")[2] == '{"body": "</head>"}'
    failing = PreviewApp(tmp_path)
    failing.failure = Failure("content", ["x.yaml:1:1: title: wrong"])
    status, _, page = get(with_reload_script(failing), "/")
    assert status == 500 and page.count("/livereload.js") == 1  # the error page reloads itself too


# ---- a real server, started as `build.py serve` would start it but with its own layouts ----

LAUNCH = """
import sys
from pathlib import Path

from generator.render import renderer as render
from generator.live import serve

content, port, layouts = sys.argv[1:]
rendered = render.Renderer.checked_render

def checked_render(self, output):  # a bug in Retning, for a record titled so
    if output.record is not None and "KRASJ" in output.record.name:
        raise RuntimeError("<b>kaputt</b>")
    return rendered(self, output)

render.Renderer.checked_render = checked_render
sys.exit(serve.serve(Path(content), "127.0.0.1", int(port), layouts=Path(layouts)))  # in Danish: no CLI chose a language
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
    port, site = free_port(), tmp_path / ".cache/preview"
    process = subprocess.Popen(
        [sys.executable, str(tmp_path / "launch.py"), str(content), str(port), str(tmp_path / "layouts")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200)
        (site / "leak").symlink_to(tmp_path / "launch.py")
        for target in BAD_PATHS:  # through tornado's parsing too
            status, body = raw_get(base, target)
            assert status in (400, 404) and "Traceback" not in body and "checked_render" not in body, target
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
    assert "Dette er en fejl i Retning" in output and "layouts/initiative.html:7:" in output


# ---- noticing saves: file events, coalesced rebuilds, never a dropped save ----


def run_in_own_loop(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps a loop running in
    the main thread for the whole session."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_saves_noticed_during_a_rebuild_make_exactly_one_more_and_every_rebuild_reloads(capsys):
    """As the watcher thread does, batches of changes arrive on the loop while a rebuild runs: one
    more rebuild takes them all. A failed rebuild reloads the browser too (onto the error page)."""
    results, tidied, messages, built, settled = [True, False, True, True], [], [], [], []

    class Session:
        def tidy(self):
            tidied.append(len(results))

    class FakePreview:
        session = Session()

        def settle(self):
            settled.append(len(results))

        def rebuild(self, saved=()):
            built.append(saved)
            if len(results) == 4:  # five saves noticed while the first rebuild runs
                for number in range(5):
                    IOLoop.current().add_callback(rebuilds.changed, {f"/c/{number}.yaml"})
            return results.pop(0)

    class Browser:
        def write_message(self, message):
            messages.append(message)

    async def scenario():
        rebuilds.changed({"/c/first.yaml"})
        await asyncio.sleep(0.1)
        assert results == [True, True] and not tidied  # two rebuilds, and no tidying until the preview is idle
        assert built == [["/c/first.yaml"], [f"/c/{number}.yaml" for number in range(5)]]  # each told what was saved
        assert not settled  # the browsers' requests go first
        rebuilds.changed({"/c/last.yaml"})
        await asyncio.sleep(0.5)
        assert results == [True] and settled == [1] and not tidied
        rebuilds.changed({"/c/again.yaml"})
        rebuilds.changed(None)  # the watcher cannot tell what changed (it failed, and polls now)
        await asyncio.sleep(0.1)
        assert built[-1] is None and not results
        await asyncio.sleep(1.5)
        assert settled == [1, 0] and tidied == [0]  # once, after the last rebuild

    rebuilds = Rebuilds(FakePreview(), {Browser()}, tidy_idle=1.0)
    run_in_own_loop(scenario())
    assert [message["command"] for message in messages] == ["reload"] * 4
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["/c/first.yaml changed", "/c/0.yaml and 4 more changed", "/c/last.yaml changed"]


def test_the_watcher_ignores_editor_files_the_cache_and_the_output(tmp_path):
    from watchfiles import Change

    keep, content = SourceFilter(tmp_path / "out"), tmp_path / "content"
    for path in ["org/sol.yaml", "org/index.md", "vocabularies/themes.yaml"]:
        assert keep(Change.modified, str(content / path)), path
    for name in [".sol.yaml.swp", ".sol.yaml.swx", "sol.yaml~", ".#sol.yaml", "4913"]:  # vim, emacs, …
        assert not keep(Change.added, str(content / "org" / name)), name
    for path in ["out", "out/index.html", ".cache/preview/index.html", ".cache/media/x.webp", "content/.cache/x"]:
        assert not keep(Change.modified, str(tmp_path / path)), path
    assert keep(Change.modified, str(tmp_path / "outside/x.yaml"))
    for path in ["node_modules/x.yaml", "site-packages/x.md", "org/flycheck_x.yaml"]:  # read by the build
        assert keep(Change.modified, str(content / path)), path
    assert preview_folder(content) == (tmp_path / ".cache/preview").resolve()


async def saves_and_reloads(base: str, target: str, saves: list[str]) -> tuple[list[float], float]:
    """Connect as livereload.js does, write `saves` into `target` ~65 ms apart, and listen until the
    preview settles: a reload after the last save, then none for 2 s. (Reload times, last save's time.)"""
    socket = await websocket_connect(base.replace("http://", "ws://") + "livereload")
    await socket.write_message(json.dumps({"command": "hello", "protocols": [LIVERELOAD_PROTOCOL]}))
    assert json.loads(await socket.read_message())["command"] == "hello"
    await socket.write_message(json.dumps({"command": "info", "url": base, "plugins": {}}))
    reloads: list[float] = []

    async def listen():
        while (message := await socket.read_message()) is not None:
            if json.loads(message)["command"] == "reload":
                reloads.append(time.monotonic())

    listener = asyncio.create_task(listen())
    first = time.monotonic()
    for text in saves:
        Path(target).write_text(text, encoding="utf-8")
        last = time.monotonic()
        await asyncio.sleep(0.065)
    assert last - first < 2.5
    while not (reloads and reloads[-1] > last and time.monotonic() - reloads[-1] > 2):
        assert time.monotonic() < last + 20, "no reload after the last save"
        await asyncio.sleep(0.05)
    listener.cancel()
    socket.close()
    return reloads, last


def test_thirty_saves_in_two_seconds_end_in_a_full_build_and_a_reload(tmp_path):
    content = write_content(tmp_path, MINI)
    sol = content / "org/klima/energi/sol.yaml"
    original = sol.read_text(encoding="utf-8")
    # Each title has its own length. The incremental build knows an unchanged file by modification
    # time and size, and where file times have a coarse tick (Linux before 6.13: a few ms) a save
    # right after a rebuild read the file can keep both: a matter of content.stamp, not of noticing.
    titles = [f"Solceller {number:02d} " + "x" * number for number in range(1, 31)]
    process, base = start_serve(content, tmp_path)
    try:
        reloads, last_save = run_in_own_loop(
            saves_and_reloads(base, str(sol), [original.replace("Solceller på tagene", title) for title in titles])
        )
        assert titles[-1] in fetch(base + SOL)[1]
    finally:
        output = stop(process)
    build(content, tmp_path / "full", base_url=base)
    assert tree(tmp_path / ".cache/preview") == tree(tmp_path / "full")  # every file, byte for byte
    assert reloads[-1] > last_save
    rebuilds = [line for line in output.splitlines() if line.endswith(" changed")]
    assert 1 <= len(rebuilds) == len(reloads) <= 30, output  # each rebuild reloaded the browser once
    assert "Ignore" not in output


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry below `folder`: its bytes (None for a folder) and modification time."""
    return {
        path.relative_to(folder).as_posix(): (None if path.is_dir() else path.read_bytes(), os.lstat(path).st_mtime_ns)
        for path in [folder, *folder.rglob("*")]
    }


def test_serve_builds_into_its_own_folder_and_never_touches_site(tmp_path):
    content = write_content(tmp_path, MINI)
    build(content, tmp_path / "site")
    before = snapshot(tmp_path / "site")
    process, base = start_serve(content, tmp_path)
    try:
        edit(content / "org/klima/energi/sol.yaml", "Solceller på tagene", "Solceller på alle tage")
        wait_for(lambda: "Solceller på alle tage" in fetch(base + SOL)[1])
    finally:
        output = stop(process)
    preview = preview_folder(content)
    assert output.startswith(f"Serving {preview} at {base} (Ctrl+C stops)\n")
    assert "Solceller på alle tage" in (preview / SOL / "index.html").read_text(encoding="utf-8")
    assert base in (preview / "sitemap.xml").read_text(encoding="utf-8")
    assert snapshot(tmp_path / "site") == before
    assert not any(b"127.0.0.1" in path.read_bytes() for path in (tmp_path / "site").rglob("*") if path.is_file())


def test_serve_refuses_a_preview_folder_holding_files_no_build_wrote(tmp_path, capsys):
    content = write_content(tmp_path, MINI)
    notes = tmp_path / ".cache/preview/notes.txt"
    notes.parent.mkdir(parents=True)
    notes.write_text("mine", encoding="utf-8")
    assert main(["serve", "--content", str(content), "--port", "0"]) == 2
    assert "holds files that no build wrote (notes.txt)" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "mine" and os.listdir(notes.parent) == ["notes.txt"]
    assert main(["serve", "--content", str(content), "--out", str(tmp_path / "site")]) == 2  # no such option
    assert not (tmp_path / "site").exists()


def test_a_save_that_keeps_size_and_modification_time_is_still_built(tmp_path, mini_content):
    """On a file system with a coarse clock, a second save within one tick keeps the stamp the
    build compares; the watcher's paths make the build read the file anyway."""
    from generator.build.incremental import IncrementalBuild

    session = IncrementalBuild(mini_content, tmp_path / "preview")
    session.run()
    sol = mini_content / "org/klima/energi/sol.yaml"
    before = sol.stat()
    sol.write_text(sol.read_text(encoding="utf-8").replace("Solceller på tagene", "Solpaneler på taget"), encoding="utf-8")
    os.utime(sol, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert sol.stat().st_size == before.st_size
    page = tmp_path / "preview/org/klima/energi/sol/index.html"
    session.run()
    assert "Solpaneler på taget" not in page.read_text(encoding="utf-8")  # the stamp alone cannot tell
    session.run(saved=[str(sol)])
    assert "Solpaneler på taget" in page.read_text(encoding="utf-8")
