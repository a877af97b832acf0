"""Share cards: a 1200×630 PNG per strategy and initiative for Open Graph and Twitter previews.

A card shows the kind and status, the title (wrapped and sized to fit), the organisation and the
site's title, in the site's colours (read from assets/css/site.css), set in DejaVu Sans Bold
(assets/fonts/, which covers æøå ÆØÅ; Pillow's built-in font does not). Cards are drawn as
4-bit palette images (a few shades per text colour), which makes them small; the rows that repeat
across cards (everything but the title) are deflated once, and only the title is drawn per card,
from cached glyphs.
A card is kept in the media cache by a hash of everything drawn on it, so an unchanged card is
never drawn again; many missing cards are drawn by forked workers on every core."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from PIL import Image, ImageDraw, ImageFont
from zlib_ng.zlib_ng import ZLIBNG_VERSION

from generator.core.depends import Run, note, note_all
from generator.core.i18n import Catalogue
from generator.core.workers import forked_map
from generator.media.cache import MediaCache, digest
from generator.media.png import Rows, encode_rows, png
from generator.model.records import Record, Site

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
VERSION = 6  # bump when the drawing or the encoding changes (6: the title drawn as palette indices)


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
    return CardText(
        catalogue(f"kind_{record.type}"),
        site.label(vocabulary, status) if status else "",
        record.name,
        organisation.name if organisation else "",
        site.settings.get("title") or "Retning",
    )


@functools.lru_cache(maxsize=32)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # Basic layout, not Raqm: Raqm is optional in Pillow, so a machine with it would draw other
    # pixels than one without; and it is slower. Danish needs no shaping.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


class Glyphs:
    """A face's glyphs and metrics, each asked of FreeType once. Pillow's basic layout puts a line's
    glyphs at the rounded sums of their advances and kerning (in 1/64 px) and lays each glyph over
    the ones before it, which is what paste(255, box, glyph) does; so a line drawn from these is
    pixel for pixel what ImageDraw.text draws, at a seventh of the cost (it hints every glyph
    four times), and widths are exactly what getlength measures."""

    def __init__(self, face: ImageFont.FreeTypeFont) -> None:
        self.face = face
        self.advances: dict[str, int] = {}
        self.kerning: dict[str, int] = {}  # two letters → their kerning
        self.masks: dict[str, Glyph | None] = {}  # None: no ink

    def advance(self, letter: str) -> int:
        if letter not in self.advances:
            self.advances[letter] = round(self.face.getlength(letter) * 64)
        return self.advances[letter]

    def kern(self, pair: str) -> int:
        if pair not in self.kerning:
            self.kerning[pair] = round(self.face.getlength(pair) * 64) - self.advance(pair[0]) - self.advance(pair[1])
        return self.kerning[pair]

    def mask(self, letter: str) -> Glyph | None:
        """The glyph's coverage and where it goes relative to the pen (top left of the line)."""
        if letter not in self.masks:
            core, (x, y) = self.face.getmask2(letter, "L")
            mask = Image.frombytes("L", core.size, bytes(core))
            ink = mask.getbbox()
            if ink:
                mask = mask.crop(ink)
                self.masks[letter] = Glyph(mask.im, mask.width, mask.height, x + ink[0], y + ink[1])
            else:
                self.masks[letter] = None
        return self.masks[letter]

    def ink_rows(self, text: str) -> tuple[int, int] | None:
        """The first and after the last row with ink, relative to where the text is drawn."""
        glyphs = [glyph for glyph in map(self.mask, set(text)) if glyph]
        if not glyphs:
            return None
        return min(glyph.dy for glyph in glyphs), max(glyph.dy + glyph.height for glyph in glyphs)

    def width(self, text: str) -> int:
        """In 1/64 px, as getlength × 64."""
        return sum(map(self.advance, text)) + sum(map(self.kern, map("".join, itertools.pairwise(text))))

    def draw(self, image: Image.Image, xy: tuple[int, int], text: str, ink: int = 255) -> None:
        """Text as coverage (0-255), as ImageDraw.text(xy, text, fill=255) on a black image. With
        a smaller `ink`, coverage scaled to 0-ink, each pixel rounded as (coverage × ink + 127) // 255
        (where glyphs overlap, the second is laid over the first one's rounded value)."""
        x, y = xy
        pen = 0
        core = image.im  # pasting on the core skips Image.paste's checks, which cost as much as the paste
        for i, letter in enumerate(text):
            if i:
                pen += self.kern(text[i - 1 : i + 1])
            glyph = self.mask(letter)
            if glyph:
                left, top = x + ((pen + 32) >> 6) + glyph.dx, y + glyph.dy  # the pen rounded as FreeType does
                core.paste(ink, (left, top, left + glyph.width, top + glyph.height), glyph.core)
            pen += self.advance(letter)


class Glyph(NamedTuple):
    """A glyph's coverage, cropped to its ink (Pillow's image core: its Image's properties cost as
    much as pasting a letter), and where it goes relative to the pen."""

    core: Any
    width: int
    height: int
    dx: int
    dy: int


@functools.lru_cache(maxsize=32)
def glyphs(path: str, size: int) -> Glyphs:
    return Glyphs(font(path, size))


def measured_lines(text: str, face: Glyphs, width: int) -> list[tuple[str, int]]:
    """Words into lines no wider than `width` (a single overlong word gets a line of its own),
    each with its width in 1/64 px. A line's width grows by the word's and the space's and their
    kerning with the letters beside them, so no line is measured again from its start."""
    lines: list[tuple[str, int]] = []
    space = face.advance(" ")
    for word in text.split():
        measure = face.width(word)
        if lines:
            line, so_far = lines[-1]
            joined = so_far + face.kern(line[-1] + " ") + space + face.kern(" " + word[0]) + measure
            if joined <= width * 64:
                lines[-1] = (f"{line} {word}", joined)
                continue
        lines.append((word, measure))
    return lines or [("", 0)]


def fit_title(title: str, path: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits the title box; at the smallest, cut with '…'."""
    width, height = SIZE[0] - 2 * MARGIN, TITLE_BOX[1] - TITLE_BOX[0]
    title = title[:MAX_TITLE_CHARACTERS]  # far more than MAX_LINES can show: a huge title costs no more
    for size in TITLE_SIZES:
        face = glyphs(path, size)
        measured = measured_lines(title, face, width)
        lines = [line for line, _ in measured]
        if len(lines) * size * 1.2 <= height and all(measure <= width * 64 for _, measure in measured):
            return face.face, lines
    cut = len(lines) > MAX_LINES
    return face.face, [fit_line(line, face, width, cut and i == MAX_LINES - 1) for i, line in enumerate(lines[:MAX_LINES])]


def fit_line(line: str, face: Glyphs, width: int, more: bool) -> str:
    """The line, cut to the width with '…' where it is too long (or where more text follows)."""
    if face.width(line + (" …" if more else "")) <= width * 64:
        return line + (" …" if more else "")
    while line and face.width(line + "…") > width * 64:
        line = line[:-1]
    return line.rstrip() + "…"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


# A card has at most 16 colours, so it is a 4-bit image: half the bytes to filter and deflate of an
# 8-bit one. They are three ramps that share their ends. Fewer shades make smaller files (the
# antialiased edges are most of a card's bytes): the title's large letters look the same with 4
# (a card with a three-line title is 11.5 KB; 13 KB with 6, 14 KB with 8), the smaller texts get 6.
# A ramp is its colours' palette indices, from coverage 0 to 255.
RAMPS = (
    ("accent-dark", "paper", (0, 1, 2, 3)),  # the title on the background
    ("accent-dark", "line", (0, 4, 5, 6, 7, 8)),  # kind, status and organisation
    ("accent", "paper", (9, 10, 11, 12, 13, 3)),  # the site's name in the band at the bottom
)
TITLE_RAMP, DETAIL_RAMP, BAND_RAMP = range(3)
RAMP_LUTS = [[indices[(value * (len(indices) - 1) + 127) // 255] for value in range(256)] for _, _, indices in RAMPS]
TITLE_SHADES = len(RAMPS[TITLE_RAMP][2])
assert RAMPS[TITLE_RAMP][2] == tuple(range(TITLE_SHADES))  # title_rows draws the indices themselves


@functools.lru_cache(maxsize=4)
def palette(colours: tuple[tuple[str, str], ...]) -> bytes:
    named = dict(colours)
    values = [0] * 3 * (1 + max(max(indices) for _, _, indices in RAMPS))
    for start, end, indices in RAMPS:
        a, b = rgb(named[start]), rgb(named[end])
        for step, index in enumerate(indices):
            values[3 * index : 3 * index + 3] = [round(a[i] + (b[i] - a[i]) * step / (len(indices) - 1)) for i in range(3)]
    return bytes(values)


KICKER_BOX = (0, 0, SIZE[0], TITLE_BOX[0] - 10)
TITLE_AREA = (0, TITLE_BOX[0] - 10, SIZE[0], TITLE_BOX[1] + 10)
ORGANISATION_BOX = (0, TITLE_BOX[1] + 10, SIZE[0], BAND_TOP)
BAND_BOX = (0, BAND_TOP, SIZE[0], SIZE[1])


# Most of a card repeats across thousands of cards (the band with the site's name, the kind and
# status, the organisation, empty rows): those rows are drawn and deflated once, hard, and only the
# title's rows are drawn per card, and deflated fast.
@functools.lru_cache(maxsize=512)
def detail(box: tuple[int, int, int, int], ramp: int, xy: tuple[int, int], text: str, font_path: str, size: int) -> Rows:
    """A band across the card with one line of text."""
    image = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    ImageDraw.Draw(image).text(xy, text[:MAX_LINE_CHARACTERS], font=font(font_path, size), fill=255)  # the rest falls off the card
    return encode_rows(image.point(RAMP_LUTS[ramp], "P"))


@functools.lru_cache(maxsize=64)
def background(height: int) -> Rows:
    return encode_rows(Image.new("P", (SIZE[0], height), RAMP_LUTS[TITLE_RAMP][0]))


def title_rows(face: ImageFont.FreeTypeFont, lines: list[str]) -> list[Rows]:
    """The title area: the rows with the title's letters, and background above and below them."""
    assert isinstance(face.path, str)  # font() loads a face from a path
    letters = glyphs(face.path, face.size)
    step = round(face.size * 1.2)
    lines = [line[:MAX_LINE_CHARACTERS] for line in lines]  # the rest would fall off the card anyway
    height = TITLE_AREA[3] - TITLE_AREA[1]
    spans = [(10 + i * step + rows[0], 10 + i * step + rows[1]) for i, rows in enumerate(map(letters.ink_rows, lines)) if rows]
    top = max(0, min((start for start, _ in spans), default=0))
    bottom = min(height, max((end for _, end in spans), default=0))
    if top >= bottom:
        return [background(height)]
    # The title's palette indices are 0 … TITLE_SHADES - 1 from paper to ink, so the letters are
    # drawn as indices straight away, rather than as coverage mapped to indices afterwards.
    image = Image.new("P", (TITLE_AREA[2] - TITLE_AREA[0], bottom - top), 0)
    for i, line in enumerate(lines):
        letters.draw(image, (MARGIN, 10 + i * step - top), line, TITLE_SHADES - 1)
    title = encode_rows(image, fast=True)
    return [background(top), title, background(height - bottom)]


def draw_card(text: CardText, style: CardStyle) -> bytes:
    kicker = " · ".join(part for part in (text.kind.upper(), text.status) if part)
    parts = [
        detail(KICKER_BOX, DETAIL_RAMP, (MARGIN, 60), kicker, style.font, 30),
        *title_rows(*fit_title(text.title, style.font)),
        detail(ORGANISATION_BOX, DETAIL_RAMP, (MARGIN, 30), text.organisation, style.font, 36),
        detail(BAND_BOX, BAND_RAMP, (MARGIN, 22), text.site, style.font, 30),
    ]
    return png(SIZE, parts, palette(style.colours))


def draw_many(texts: list[CardText], style: CardStyle, keys: list[str] | None = None, cache: MediaCache | None = None) -> list[bytes]:
    """Cards in order; shared between forked workers when there are many (workers.py). With a
    cache, each card is stored on disk under its key where it was drawn (so the workers share
    the writing too); the caller remembers them in memory (MediaCache.remember)."""

    def draw(position: int) -> bytes:
        data = draw_card(texts[position], style)
        if cache is not None and keys is not None:
            cache.store(keys[position], data)
        return data

    return forked_map(draw, range(len(texts)))


def card_key(text: CardText, style: CardStyle) -> str:
    return digest("card", VERSION, ZLIBNG_VERSION, style.key, text)  # another zlib-ng may deflate the title into other bytes


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
        cache.place(path, key)
        data = cache.get(key)
        files[path] = data if data is not None else b""  # a card not in the cache: drawn below, in its place
        if data is None:
            missing.setdefault(key, (card_text(record, site, catalogue), []))[1].append(path)
    drawn = draw_many([text for text, _ in missing.values()], style, list(missing), cache)
    for (key, (_, paths)), data in zip(missing.items(), drawn, strict=True):
        cache.remember(key, data)
        cache.made += 1
        files.update(dict.fromkeys(paths, data))
    return files
