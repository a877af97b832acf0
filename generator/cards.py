"""Share cards: a 1200×630 PNG per strategy and initiative for Open Graph and Twitter previews.

A card shows the kind and status, the title (wrapped and sized to fit), the organisation and the
site's title, in the site's colours (read from assets/css/site.css), set in DejaVu Sans Bold
(assets/fonts/, which covers æøå ÆØÅ; Pillow's built-in font does not). Cards are drawn as
palette images (one colour ramp per text colour), which makes them small and quick to encode.
A card is kept in the media cache by a hash of everything drawn on it, so an unchanged card is
never drawn again; many missing cards are drawn by a pool of processes."""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .depends import Run, note, note_all
from .i18n import Catalogue
from .mediacache import MediaCache, digest
from .model import Record, Site

SIZE = (1200, 630)
FILE_NAME = "delekort.png"
KINDS = ("strategy", "initiative")
FONT = Path("fonts") / "DejaVuSans-Bold.ttf"  # inside the assets folder
MARGIN = 80
TITLE_BOX = (130, 440)  # top and bottom of the title's lines
TITLE_SIZES = (68, 60, 52, 44, 38)
MAX_LINES = 4
MAX_TITLE_CHARACTERS = 1000
MAX_LINE_CHARACTERS = 200  # a line of the card shows at most about 80 (1200 px at 30 px or more)
BAND_TOP = 550
DEFAULT_COLOURS = {"accent-dark": "#073763", "accent": "#0b5394", "line": "#c9d0da", "paper": "#ffffff"}
VERSION = 3  # bump when the drawing changes
POOL_FROM = 200  # missing cards from which drawing is shared between processes


@dataclass(frozen=True)
class CardText:
    kind: str
    status: str
    title: str
    organisation: str
    site: str


@dataclass(frozen=True)
class CardStyle:
    font: str  # path of the TTF
    font_key: str  # hash of its bytes
    colours: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple:
        return self.font_key, self.colours


def card_path(record: Record) -> str:
    return record.url + FILE_NAME


def has_card(record: Record) -> bool:
    return record.type in KINDS


def css_colours(assets_dir: Path) -> dict[str, str]:
    """The site's colours, from the custom properties in assets/css/site.css."""
    colours = dict(DEFAULT_COLOURS)
    css = assets_dir / "css" / "site.css"
    if css.is_file():
        found = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\b", css.read_text(encoding="utf-8")))
        colours.update({name: found[name] for name in colours if name in found})
    return colours


def card_style(assets_dir: Path) -> CardStyle:
    font_file, css = assets_dir / FONT, assets_dir / "css" / "site.css"
    return _card_style(assets_dir, font_file.stat().st_mtime_ns, css.stat().st_mtime_ns if css.is_file() else 0)


@functools.lru_cache(maxsize=4)
def _card_style(assets_dir: Path, font_stamp: int, css_stamp: int) -> CardStyle:
    """Read once per version of the font and the style sheet (hashing the font takes a few ms)."""
    font_file = assets_dir / FONT
    return CardStyle(str(font_file), digest(font_file.read_bytes()), tuple(sorted(css_colours(assets_dir).items())))


def card_text(record: Record, site: Site, catalogue: Catalogue) -> CardText:
    note_all([("site", "settings"), *(("record", r.id) for r in (*record.ancestors(), record))])
    organisation = record.nearest("organisation")
    vocabulary = "lifecycle" if record.type == "strategy" else "statuses"
    status = record.data.get("status")
    return CardText(catalogue(f"kind_{record.type}"), site.label(vocabulary, status) if status else "",
                    record.name, organisation.name if organisation else "", site.settings.get("title") or "Retning")


@functools.lru_cache(maxsize=32)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout, not Raqm: Raqm is optional in Pillow, so a machine with it would draw other
    # pixels than one without; and it is slower. Danish needs no shaping.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words into lines no wider than `width` (a single overlong word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def fit_title(title: str, path: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits the title box; at the smallest, cut with '…'."""
    width, height = SIZE[0] - 2 * MARGIN, TITLE_BOX[1] - TITLE_BOX[0]
    title = title[:MAX_TITLE_CHARACTERS]  # far more than MAX_LINES can show: a huge title costs no more
    for size in TITLE_SIZES:
        face = font(path, size)
        lines = wrap(title, face, width)
        if len(lines) * size * 1.2 <= height and all(face.getlength(line) <= width for line in lines):
            return face, lines
    cut = len(lines) > MAX_LINES
    return face, [fit_line(line, face, width, cut and i == MAX_LINES - 1) for i, line in enumerate(lines[:MAX_LINES])]


def fit_line(line: str, face: ImageFont.FreeTypeFont, width: int, more: bool) -> str:
    """The line, cut to the width with '…' where it is too long (or where more text follows)."""
    if face.getlength(line + (" …" if more else "")) <= width:
        return line + (" …" if more else "")
    while line and face.getlength(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


@functools.lru_cache(maxsize=4)
def palette(colours: tuple[tuple[str, str], ...]) -> list[int]:
    """Three ramps of 64 shades: background → paper (title), background → line (details),
    band → paper (the site's name in the band at the bottom)."""
    named = dict(colours)
    ramps = [(named["accent-dark"], named["paper"]), (named["accent-dark"], named["line"]),
             (named["accent"], named["paper"])]
    values: list[int] = []
    for start, end in ramps:
        a, b = rgb(start), rgb(end)
        for step in range(64):
            values += [round(a[i] + (b[i] - a[i]) * step / 63) for i in range(3)]
    return values + [0] * (768 - len(values))


RAMP_LUTS = [[base + value * 63 // 255 for value in range(256)] for base in (0, 64, 128)]
KICKER_BOX = (0, 0, SIZE[0], TITLE_BOX[0] - 10)
TITLE_AREA = (0, TITLE_BOX[0] - 10, SIZE[0], TITLE_BOX[1] + 10)
ORGANISATION_BOX = (0, TITLE_BOX[1] + 10, SIZE[0], BAND_TOP)
BAND_BOX = (0, BAND_TOP, SIZE[0], SIZE[1])


def layer(box: tuple[int, int, int, int], ramp: int, texts: list[tuple[tuple[int, int], str, ImageFont.FreeTypeFont]]) -> Image.Image:
    """Text drawn in a region of the card, as palette indices of one of the ramps."""
    image = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    draw = ImageDraw.Draw(image)
    for xy, words, face in texts:
        draw.text(xy, words[:MAX_LINE_CHARACTERS], font=face, fill=255)  # the rest would fall off the card anyway
    return image.point(RAMP_LUTS[ramp])


# Most of a card repeats across thousands of cards (the band with the site's name, the kind and
# status, the organisation): those layers are drawn once and only the title is drawn per card.
@functools.lru_cache(maxsize=4)
def frame(site: str, font_path: str) -> Image.Image:
    image = Image.new("L", SIZE, 0)
    image.paste(layer(BAND_BOX, 2, [((MARGIN, 22), site, font(font_path, 30))]), BAND_BOX[:2])
    return image


@functools.lru_cache(maxsize=512)
def detail(box: tuple[int, int, int, int], xy: tuple[int, int], text: str, font_path: str, size: int) -> Image.Image:
    return layer(box, 1, [(xy, text, font(font_path, size))])


def draw_card(text: CardText, style: CardStyle) -> bytes:
    indices = frame(text.site, style.font).copy()
    kicker = " · ".join(part for part in (text.kind.upper(), text.status) if part)
    indices.paste(detail(KICKER_BOX, (MARGIN, 60), kicker, style.font, 30), KICKER_BOX[:2])
    indices.paste(detail(ORGANISATION_BOX, (MARGIN, 30), text.organisation, style.font, 36), ORGANISATION_BOX[:2])
    title_face, lines = fit_title(text.title, style.font)
    step = round(title_face.size * 1.2)
    indices.paste(layer(TITLE_AREA, 0, [((MARGIN, 10 + i * step), line, title_face) for i, line in enumerate(lines)]),
                  TITLE_AREA[:2])
    indices.putpalette(palette(style.colours))  # the indices become the palette image itself
    out = io.BytesIO()
    indices.save(out, "PNG", compress_level=1)  # 2.5 times faster than the default 6, for a third more bytes (about 25 KB)
    return out.getvalue()


def _draw_job(job: tuple[CardText, CardStyle]) -> bytes:
    return draw_card(*job)


def draw_many(texts: list[CardText], style: CardStyle) -> list[bytes]:
    """Cards in order; shared between processes when there are many."""
    workers = os.cpu_count() or 1
    if len(texts) < POOL_FROM or workers < 2:
        return [draw_card(text, style) for text in texts]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_draw_job, [(text, style) for text in texts], chunksize=32))


def card_key(text: CardText, style: CardStyle) -> str:
    return digest("card", VERSION, style.key, text)


def card_files(site: Site, style: CardStyle, catalogue: Catalogue, cache: MediaCache, run: Run) -> dict[str, bytes]:
    """Every strategy's and initiative's card: from the cache, or drawn. A card's key (the hash of
    what it shows) is made through the dependency store, so an edit hashes again only the cards
    whose text read something that changed."""
    files: dict[str, bytes] = {}
    missing: dict[str, tuple[CardText, list[str]]] = {}  # key → text, paths

    def key_of(record: Record) -> str:
        note(("assets",))  # the style: colours from the stylesheet, the fonts
        return card_key(card_text(record, site, catalogue), style)

    carded = site.by_id(*KINDS)  # the records with a card
    for record_id, key in run.each("card", carded, key_of).items():
        record = carded[record_id]
        path = card_path(record)
        data = files[path] = cache.get(key)
        if data is None:
            missing.setdefault(key, (card_text(record, site, catalogue), []))[1].append(path)
    drawn = draw_many([text for text, _ in missing.values()], style)
    for (key, (_, paths)), data in zip(missing.items(), drawn, strict=True):
        cache.put(key, data)
        cache.made += 1
        files.update(dict.fromkeys(paths, data))
    return files
