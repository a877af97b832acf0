"""Media made with Pillow: record images as responsive variants, share cards, favicon and icons.
Real files on disk, real Pillow, built through build.py where errors are concerned."""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from generator.build.outdir import MARKER, write_marker
from generator.build.pipeline import build
from generator.core import workers
from generator.core.depends import one_off
from generator.media import cards

from .conftest import MINI, ROOT, write_content

PHOTO_RECORD = """
    type: initiative
    number: "1.1"
    title: Solceller på tagene
    status: i-gang
    image:
      src: tag.jpg
      alt: Solceller på rådhusets tag
      caption: Rådhusets tag i 2024
    """
LOGO_RECORD = """
    type: organisation
    name: Testrup Kommune
    image:
      src: logo.png
      decorative: true
    """


def photo(width: int = 2000, height: int = 1200, mode: str = "RGB") -> bytes:
    """A real image with some detail (a gradient), so the encoders have work to do."""
    image = Image.linear_gradient("L").resize((width, height)).convert(mode)
    if mode == "RGBA":
        image.putalpha(Image.linear_gradient("L").resize((width, height)))
    out = io.BytesIO()
    image.save(out, "JPEG" if mode == "RGB" else "PNG")
    return out.getvalue()


def media_content(tmp_path: Path, **extra) -> Path:
    files = {
        **MINI,
        "org/klima/energi/sol.yaml": PHOTO_RECORD,
        "org/klima/energi/tag.jpg": photo(),
        "org/index.yaml": LOGO_RECORD,
        "org/logo.png": photo(300, 200, "RGBA"),
        **extra,
    }
    return write_content(tmp_path, files)


def build_cli(content: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture
def media_site(tmp_path):
    content = media_content(tmp_path)
    out = tmp_path / "site"
    build(content, out, base_url="https://strategier.example.dk/sub/")
    return out


def test_variants_have_the_promised_widths_and_formats(media_site):
    media = sorted(p.name for p in (media_site / "assets/media").iterdir())
    photos = [name for name in media if name.startswith("tag-")]
    assert sorted(int(re.search(r"-(\d+)\.", n).group(1)) for n in photos if n.endswith(".webp")) == [480, 960, 1600]
    for name in photos:
        with Image.open(media_site / "assets/media" / name) as image:
            width = int(re.search(r"-(\d+)\.", name).group(1))
            assert image.size == (width, round(1200 * width / 2000))
            assert image.format == ("WEBP" if name.endswith(".webp") else "JPEG")
            assert not image.info.get("exif") and not image.info.get("icc_profile")
    assert {n.rsplit(".", 1)[1] for n in photos} == {"webp", "jpg"}
    logos = [name for name in media if name.startswith("logo-")]
    assert logos and all(n.endswith(("-300.webp", "-300.png")) for n in logos)  # never upscaled; alpha keeps PNG
    with Image.open(media_site / "assets/media" / next(n for n in logos if n.endswith(".png"))) as image:
        assert image.mode == "RGBA"


def test_picture_markup(media_site):
    html = (media_site / "org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    figure = re.search(r"<figure class=\"record-image\">.*?</figure>", html, re.S).group(0)
    source = re.search(r"<source [^>]*>", figure).group(0)
    img = re.search(r"<img [^>]*>", figure).group(0)
    assert 'type="image/webp"' in source and 'sizes="' in source
    assert re.findall(r" (\d+)w", source) == re.findall(r" (\d+)w", img) == ["480", "960", "1600"]  # each width once
    for attribute in (
        'srcset="',
        'sizes="',
        'width="1600"',
        'height="960"',
        'alt="Solceller på rådhusets tag"',
        'loading="lazy"',
        'decoding="async"',
    ):
        assert attribute in img
    assert "<figcaption>Rådhusets tag i 2024</figcaption>" in figure
    for href in re.findall(r"(\.\./[^\s\"]+)", figure):  # relative links that resolve to real files
        assert (media_site / "org/klima/energi/sol" / href).resolve().is_file(), href
    logo = (media_site / "org/index.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*alt=""', logo)  # decorative


def test_unchanged_images_are_not_encoded_again(tmp_path):
    from generator.build.pipeline import load_site
    from generator.core.problems import Problems
    from generator.media.cache import MediaCache
    from generator.media.images import image_files, inspect_images

    content = media_content(tmp_path)
    site = load_site(content)
    cache = MediaCache(tmp_path / "cache")
    first = image_files(site, cache)
    assert cache.made == len(first) == 8  # photo: 3 widths × 2 formats; logo: 1 × 2
    files = sorted((tmp_path / "cache").rglob("*"))
    stamps = {p: p.stat().st_mtime_ns for p in files if p.is_file()}
    again = MediaCache(tmp_path / "cache")  # a new process: from disk
    assert image_files(site, again) == first and again.made == 0
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    Image.new("RGB", (900, 500), "red").save(content / "org/klima/energi/tag.jpg")  # the source changes
    inspect_images(site, content, Problems())
    changed = image_files(site, again)
    assert again.made == 4 and set(changed) != set(first)  # 480 and 900, twice


def test_builds_are_byte_for_byte_repeatable(tmp_path):
    content = media_content(tmp_path)
    build(content, tmp_path / "a", cache_dir=tmp_path / "cache-a")
    build(content, tmp_path / "b", cache_dir=tmp_path / "cache-b")
    made = [
        p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*.*") if p.suffix in (".webp", ".jpg", ".png", ".ico")
    ]
    assert len(made) > 10
    for rel in made:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def crafted_bomb() -> bytes:
    """A PNG whose header declares 100,000 × 100,000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def corrupt_png() -> bytes:
    data = bytearray(photo(400, 300, "RGBA"))
    start = data.index(b"IDAT") + 40
    data[start : start + 200] = bytes(200)
    return bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("mangler.jpg", None, "does not exist"),
        ("tag.jpg", photo()[:3000], "damaged"),  # cut off
        ("tag.png", None, "damaged"),  # corrupt_png, set below
        ("tag.png", b"Dette er en tekstfil, ikke et billede.\n", "not a JPEG, PNG or WebP"),
        ("tag.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "SVG"),
        ("tag.gif", None, "GIF images are not supported"),
        ("tag.png", crafted_bomb(), "enormous size"),
    ],
)
def test_a_bad_image_is_a_content_error_naming_file_and_field(tmp_path, name, data, message):
    if name == "tag.gif":
        out = io.BytesIO()
        Image.new("P", (20, 20)).save(out, "GIF")
        data = out.getvalue()
    elif name == "tag.png" and data is None:
        data = corrupt_png()
    record = PHOTO_RECORD.replace("src: tag.jpg", f"src: {name}")
    extra = {"org/klima/energi/sol.yaml": record}
    if data is not None:
        extra[f"org/klima/energi/{name}"] = data
    content = media_content(tmp_path, **extra)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("last good site", encoding="utf-8")
    write_marker(out, ["index.html"])  # as an earlier build left it
    result = build_cli(content, out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = next(line for line in result.stderr.splitlines() if "image.src" in line)
    assert re.search(r"org/klima/energi/sol\.yaml:6:8: image\.src: ", line), line  # file, line of src, field
    assert message in line and name in line
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]  # the last good site is untouched


def test_a_source_beyond_the_pixel_limit_is_refused(tmp_path, monkeypatch):
    from generator.media import images

    monkeypatch.setattr(images, "MAX_PIXELS", 1000 * 1000)
    path = tmp_path / "stor.png"
    Image.new("RGB", (1500, 1000)).save(path)
    with pytest.raises(images.ImageProblem, match="1500×1000 pixels"):
        images.probe(path)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("image:\n  src: tag.jpg\n", "image.alt: alt text is required"),
        ("image:\n  src: tag.jpg\n  alt: ''\n", "image.alt: alt text is required"),
        ("image:\n  src: tag.jpg\n  alt: Tag\n  decorative: true\n", "image.alt: a decorative image gets an empty alt"),
        ("image:\n  src: https://example.dk/tag.jpg\n  alt: Tag\n", "image.src: give the name of an image file"),
        ("image:\n  src: ''\n  alt: Tag\n", "image.src: give the name of the image file"),
    ],
)
def test_alt_text_is_required_unless_decorative(tmp_path, image, message):
    record = "type: initiative\ntitle: Solceller\n" + image
    content = media_content(tmp_path, **{"org/klima/energi/sol.yaml": record})
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert re.search(r"org/klima/energi/sol\.yaml:\d+:\d+: " + re.escape(message), result.stderr), result.stderr


# ---- share cards ----


def test_share_cards_are_1200_by_630_pngs_with_text(media_site):
    for rel in ("org/klima/delekort.png", "org/klima/energi/sol/delekort.png", "org/klima/energi/varme/delekort.png"):
        with Image.open(media_site / rel) as card:
            assert card.format == "PNG" and card.size == (1200, 630)
            colours = card.convert("RGB").getcolors(maxcolors=100_000)
            assert 10 < len(colours) <= 16  # background, band and anti-aliased text, in a 4-bit palette
            white = sum(count for count, rgb in colours if min(rgb) > 240)
            assert white > 5000  # the title in white
    assert not (media_site / "org/delekort.png").exists()  # organisations have none
    assert (media_site / "org/klima/delekort.png").read_bytes() != (media_site / "org/klima/energi/sol/delekort.png").read_bytes()


def test_danish_letters_render_in_the_card_font():
    style = cards.card_style(ROOT / "assets")
    face = ImageFont.truetype(style.font, 60)
    missing = bytes(face.getmask("\uffff"))  # the font's 'no glyph' box
    for letter in "æøåÆØÅ":
        assert bytes(face.getmask(letter)) != missing, letter
    text = cards.CardText("Indsats", "I gang", "Klimaplan", "Testrup Kommune", "Retning")
    danish = cards.CardText("Indsats", "I gang", "Klimåplæn", "Testrup Kommune", "Retning")
    assert cards.draw_card(text, style) != cards.draw_card(danish, style)


def test_a_card_with_a_long_title_is_a_small_palette_png():
    style = cards.card_style(ROOT / "assets")
    text = cards.CardText(
        "Indsats", "Gennemført", "Energirådgivning og solceller til små og mellemstore virksomheder", "Ballerup Kommune", "Retning"
    )
    face, lines = cards.fit_title(text.title, style.font)
    assert len(lines) == 3 and face.size == cards.TITLE_SIZES[0]
    data = cards.draw_card(text, style)
    with Image.open(io.BytesIO(data)) as card:
        card.load()
        assert card.format == "PNG" and card.mode == "P" and card.size == (1200, 630)
    assert len(data) <= 12 * 1024


def test_a_card_title_is_drawn_as_pillow_draws_text():
    """The title is put together from cached glyphs: the same pixels as ImageDraw.text, the same
    widths as getlength (kerning included)."""
    style = cards.card_style(ROOT / "assets")
    title = "Åbenrå Fjord: “Vækst” og Tæt på 1½ km² — AVAT Jyske Ydelser"
    for size in cards.TITLE_SIZES:
        face, letters = cards.font(style.font, size), cards.glyphs(style.font, size)
        assert letters.width(title) == round(face.getlength(title) * 64)
        drawn, expected = Image.new("L", (2600, 100)), Image.new("L", (2600, 100))
        letters.draw(drawn, (80, 10), title)
        ImageDraw.Draw(expected).text((80, 10), title, font=face, fill=255)
        assert drawn.tobytes() == expected.tobytes(), size


@settings(max_examples=100, deadline=None)
@given(st.text("AVTWYafjlory.,:’«»-—æøåÆØÅ1 ", min_size=1, max_size=40), st.sampled_from(cards.TITLE_SIZES))
def test_a_title_drawn_as_palette_indices_is_its_coverage_in_the_title_shades(title: str, size: int):
    """title_rows draws the letters as the title's palette indices straight away: each pixel is
    its coverage mapped to the shades as the other texts are (RAMP_LUTS), but where two letters
    overlap, which may round one shade apart."""
    style = cards.card_style(ROOT / "assets")
    letters = cards.glyphs(style.font, size)
    coverage, indices = Image.new("L", (1400, 100)), Image.new("P", (1400, 100))
    letters.draw(coverage, (10, 10), title)
    letters.draw(indices, (10, 10), title, cards.TITLE_SHADES - 1)
    expected = coverage.point(cards.RAMP_LUTS[cards.TITLE_RAMP]).tobytes()
    drawn = indices.tobytes()
    assert all(abs(a - b) <= 1 for a, b in zip(drawn, expected, strict=True))
    if len(title) == 1:  # one letter overlaps nothing
        assert drawn == expected


def wrapped_by_measuring_each_line(text: str, face: cards.Glyphs, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.width(f"{lines[-1]} {word}") <= width * 64:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text("AVTWYafjlory.,:’«»-—æøåÆØÅ1 ", min_size=1, max_size=14), max_size=25).map(" ".join),
    st.sampled_from(cards.TITLE_SIZES),
    st.integers(40, 1040),
)
def test_lines_are_wrapped_as_measuring_each_line_whole_wraps_them(text: str, size: int, width: int):
    """measured_lines adds a word's width to its line's instead of measuring the line again: the
    same lines, and each line's width is what getlength measures (kerning across the spaces
    included)."""
    style = cards.card_style(ROOT / "assets")
    face = cards.glyphs(style.font, size)
    measured = cards.measured_lines(text, face, width)
    assert [line for line, _ in measured] == wrapped_by_measuring_each_line(text, face, width)
    for line, measure in measured:
        assert measure == round(face.face.getlength(line) * 64), line


def test_a_long_title_is_wrapped_and_cut_to_fit():
    style = cards.card_style(ROOT / "assets")
    face, lines = cards.fit_title("Strategi " * 60, style.font)
    assert len(lines) == cards.MAX_LINES and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1200 - 2 * cards.MARGIN for line in lines)
    face, lines = cards.fit_title("Kort titel", style.font)
    assert lines == ["Kort titel"] and face.size == cards.TITLE_SIZES[0]


def test_a_megabyte_title_or_name_draws_the_same_card_as_its_start():
    """Pillow refuses strings of a million characters; a card shows a few hundred at most, so the
    rest is cut before drawing and the card is what the start of the text gives."""
    style = cards.card_style(ROOT / "assets")
    word = "klimatilpasning" * 70_000
    huge = cards.CardText("Indsats", "I gang", "Sol " + word, "Testrup " + word, "Retning " + word)
    start = cards.CardText("Indsats", "I gang", ("Sol " + word)[:5000], ("Testrup " + word)[:5000], ("Retning " + word)[:5000])
    assert cards.draw_card(huge, style) == cards.draw_card(start, style)


def test_share_cards_are_cached_by_what_they_show(tmp_path):
    from generator.build.pipeline import load_site
    from generator.core.i18n import load_catalogue
    from generator.media.cache import MediaCache

    content = media_content(tmp_path)
    site = load_site(content)
    style, catalogue = cards.card_style(ROOT / "assets"), load_catalogue(ROOT / "layouts", "da")
    cache = MediaCache(tmp_path / "cache")
    first = cards.card_files(site, style, catalogue, cache, one_off())
    assert cache.made == len(first) == 3
    assert cards.card_files(site, style, catalogue, MediaCache(tmp_path / "cache"), one_off()) == first  # from disk
    path = content / "org/klima/energi/varme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Fjernvarme", "Fjernvarme i hele byen"), encoding="utf-8")
    again = MediaCache(tmp_path / "cache")
    changed = cards.card_files(load_site(content), style, catalogue, again, one_off())
    assert again.made == 1
    assert {rel for rel in changed if changed[rel] != first[rel]} == {"org/klima/energi/varme/delekort.png"}


def test_many_cards_are_drawn_by_a_pool_with_the_same_bytes(monkeypatch):
    style = cards.card_style(ROOT / "assets")
    texts = [cards.CardText("Indsats", "", f"Indsats nummer {i}", "Kommune", "Retning") for i in range(6)]
    monkeypatch.setattr(workers, "cores", lambda: 1)
    alone = cards.draw_many(texts, style)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(workers, "FORK_FROM", 2)
    assert cards.draw_many(texts, style) == alone


def test_open_graph_and_twitter_tags_use_absolute_urls(media_site):
    html = (media_site / "org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">', html))
    assert tags["og:title"] == "Solceller på tagene"
    assert tags["og:type"] == "article" and tags["og:description"] is not None
    assert tags["og:url"] == "https://strategier.example.dk/sub/org/klima/energi/sol/"
    assert tags["og:image"] == "https://strategier.example.dk/sub/org/klima/energi/sol/delekort.png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Delekort: Solceller på tagene"
    assert tags["twitter:card"] == "summary_large_image"
    home = (media_site / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://strategier.example.dk/sub/">' in home
    assert '<meta name="twitter:card" content="summary">' in home


def test_without_a_base_url_tags_needing_absolute_urls_are_left_out(tmp_path):
    content = media_content(tmp_path)
    settings = content / "site.yaml"
    settings.write_text(re.sub(r"(?m)^base_url: .*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    build(content, tmp_path / "site")
    html = (tmp_path / "site/org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Solceller på tagene">' in html
    assert "og:url" not in html and "og:image" not in html and "twitter:card" not in html
    assert not list((tmp_path / "site").rglob("delekort.png"))  # nothing could show a card: none is drawn
    build(content, tmp_path / "site", base_url="https://strategier.example.dk/")
    assert (tmp_path / "site/org/klima/energi/sol/delekort.png").is_file()


# ---- favicon and touch icons ----


def test_favicon_and_touch_icons(media_site):
    with Image.open(media_site / "favicon.ico") as ico:
        assert ico.format == "ICO" and sorted(ico.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        with Image.open(media_site / name) as icon:
            assert icon.format == "PNG" and icon.size == (size, size), name
    with Image.open(media_site / "apple-touch-icon.png") as touch:
        assert touch.mode == "RGB"  # iOS shows transparency as black
    manifest = json.loads((media_site / "site.webmanifest").read_text(encoding="utf-8"))
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert all((media_site / icon["src"]).is_file() for icon in manifest["icons"])
    html = (media_site / "org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    for tag in (
        '<link rel="icon" href="../../../../favicon.ico" sizes="48x48">',
        '<link rel="apple-touch-icon" href="../../../../apple-touch-icon.png">',
        '<link rel="manifest" href="../../../../site.webmanifest">',
    ):
        assert tag in html


def test_the_icon_setting_names_the_source(tmp_path):
    content = media_content(tmp_path, **{"merke.png": photo(600, 400, "RGBA"), "lille.png": photo(64, 64, "RGBA")})
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "icon: merke.png\n", encoding="utf-8")
    build(content, tmp_path / "own")
    default = media_content(tmp_path / "default")
    build(default, tmp_path / "plain")
    assert (tmp_path / "own/icon-512.png").read_bytes() != (tmp_path / "plain/icon-512.png").read_bytes()
    settings.write_text(settings.read_text(encoding="utf-8").replace("icon: merke.png", "icon: findes-ikke.png"), encoding="utf-8")
    result = build_cli(content, tmp_path / "own")
    assert result.returncode == 1
    assert re.search(r"site\.yaml:\d+:7: icon: findes-ikke\.png: the image file 'findes-ikke.png' does not exist", result.stderr)
    settings.write_text(settings.read_text(encoding="utf-8").replace("icon: findes-ikke.png", "icon: lille.png"), encoding="utf-8")
    result = build_cli(content, tmp_path / "own")
    assert result.returncode == 1 and "icon: lille.png: the icon is 64×64 pixels; it needs at least 512" in result.stderr


def test_the_font_is_not_published(media_site):
    assert not list(media_site.rglob("*.ttf"))


@pytest.mark.parametrize("src", ["../../../../../../etc/passwd", "../../../../udenfor.png", "ud.png"])
def test_an_image_outside_the_content_folder_is_refused(tmp_path, src):
    outside = tmp_path / "udenfor.png"
    outside.write_bytes(photo(600, 400, "RGBA"))
    content = media_content(tmp_path, **{"org/klima/energi/sol.yaml": PHOTO_RECORD.replace("src: tag.jpg", f"src: {src}")})
    (content / "org/klima/energi/ud.png").symlink_to(outside)  # a link out of content/ counts as outside
    result = build_cli(content, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"org/klima/energi/sol\.yaml:6:8: image\.src: .*must lie inside the content folder", result.stderr), result.stderr
    assert not (tmp_path / "site").exists()


def test_a_missing_alt_fails_the_build_and_keeps_the_last_good_site(tmp_path):
    content = media_content(tmp_path, **{"org/klima/energi/sol.yaml": PHOTO_RECORD.replace("      alt: Solceller på rådhusets tag\n", "")})
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("last good site", encoding="utf-8")
    write_marker(out, ["index.html"])  # as an earlier build left it
    result = build_cli(content, out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"org/klima/energi/sol\.yaml:\d+:\d+: image\.alt: alt text is required", result.stderr), result.stderr
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]


def test_english_pages_share_the_record_card(media_site):
    html = (media_site / "en/org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">', html))
    assert tags["og:url"] == "https://strategier.example.dk/sub/en/org/klima/energi/sol/"
    assert tags["og:image"] == "https://strategier.example.dk/sub/org/klima/energi/sol/delekort.png"
    assert tags["og:locale"] == "en_GB" and tags["og:image:alt"] == "Share card: Solceller på tagene"
    assert not list((media_site / "en").rglob("*.png"))  # no second card
    figure = re.search(r'<figure class="record-image" lang="da">.*?</figure>', html, re.S).group(0)  # Danish alt text
    assert 'alt="Solceller på rådhusets tag"' in figure and 'src="../../../../../assets/media/tag-' in figure


def test_an_edit_looks_at_the_cards_of_the_touched_records_only(tmp_path, monkeypatch):
    from generator.build.facts import Facts
    from generator.build.pipeline import load_site
    from generator.content.folder import FileCache
    from generator.core.depends import Store
    from generator.core.i18n import load_catalogue
    from generator.media.cache import MediaCache
    from generator.render.renderer import renderers

    content, files = media_content(tmp_path), FileCache()
    style, catalogue = cards.card_style(ROOT / "assets"), load_catalogue(ROOT / "layouts", "da")
    cache, store = MediaCache(None), Store()
    before = load_site(content, files)
    run = store.run(Facts(before, renderers(before, before.outputs)))  # the asset names are the renderers'
    cards.card_files(before, style, catalogue, cache, run)
    run.commit()
    path = content / "org/klima/energi/varme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Fjernvarme", "Fjernvarme i hele byen"), encoding="utf-8")
    after = load_site(content, files)
    touched = {r.id for r in after.records.values() if before.records[r.id].version != r.version}
    assert touched == {"org/klima/energi/varme"}
    hashed = []
    monkeypatch.setattr(cards, "card_key", lambda text, style: hashed.append(text.title) or cards.digest(text, style.key))
    run = store.run(Facts(after, renderers(after, after.outputs)))
    run.compare()
    live = cards.card_files(after, style, catalogue, cache, run)
    assert hashed == ["Fjernvarme i hele byen"]
    assert live == cards.card_files(after, style, catalogue, MediaCache(None), one_off())  # what a full build makes


def test_made_images_are_linked_from_the_cache_not_made_twice(tmp_path):
    """A card or image variant the cache holds becomes the site's file as a link to the cache's
    file (one file, not two), with the bytes a build without a disk cache writes; the live
    preview's write of a changed file never writes through the link into the cache."""
    from generator.build.incremental import IncrementalBuild, write_file
    from generator.media.cache import MediaCache

    content = media_content(tmp_path)
    build(content, tmp_path / "site", base_url="https://strategier.example.dk/", cache_dir=tmp_path / "cache")
    made = {p.relative_to(tmp_path / "site").as_posix(): p for p in (tmp_path / "site").rglob("*") if p.suffix in (".png", ".webp", ".jpg")}
    cached = {p.stat().st_ino for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    linked = {rel for rel, p in made.items() if p.stat().st_ino in cached}
    assert {rel for rel in made if rel.endswith("delekort.png")} <= linked
    assert any(rel.endswith(".webp") for rel in linked)
    assert all(made[rel].stat().st_nlink == 2 for rel in linked)
    apart = IncrementalBuild(content, tmp_path / "apart", "https://strategier.example.dk/", media=MediaCache(None), live=False, written={})
    apart.run()
    for rel in linked:
        assert made[rel].read_bytes() == (tmp_path / "apart" / rel).read_bytes()
    card = next(rel for rel in linked if rel.endswith("delekort.png"))
    before = (tmp_path / "cache").rglob("*")
    cache_bytes = {p: p.read_bytes() for p in before if p.is_file()}
    write_file(tmp_path / "site" / card, b"new bytes")  # as the live preview writes a changed file
    assert {p: p.read_bytes() for p in cache_bytes} == cache_bytes
