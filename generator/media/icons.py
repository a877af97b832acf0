"""Favicon and touch icons from one square source: `icon:` in content/site.yaml, or a plain
default drawn here (the site's colours, an "R" in the card font). Written at the site's root:
favicon.ico (16, 32, 48), favicon-32.png, apple-touch-icon.png (180), icon-192.png,
icon-512.png and site.webmanifest, which lists the last two."""

from __future__ import annotations

import io
import json
from functools import partial
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from generator.content.load import display_path
from generator.core.messages import Message
from generator.core.problems import Problems
from generator.media.cache import MediaCache, digest
from generator.media.cards import CardStyle, font
from generator.media.images import ImageProblem, ProbeMemo, SourceImage, field_position, locate, open_checked, probe_file, upright
from generator.model.records import Site

PNGS = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
ICO = "favicon.ico"
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]
MANIFEST = "site.webmanifest"
OPAQUE = {"apple-touch-icon.png"}  # iOS shows transparency as black
VERSION = 2
MIN_SIZE = 512


def inspect_icon(site: Site, content_dir: Path, problems: Problems, memo: ProbeMemo | None = None) -> None:
    """Check the icon setting's file; set site.icon (None: the default icon)."""
    site.icon = None
    name = site.settings.get("icon")
    if not name:
        return
    try:
        path = locate(content_dir, "site.yaml", name)
        if path is None:
            raise ImageProblem(Message("msg_icon_outside_content"))
        source = probe_file(path, memo)
        if max(source.width, source.height) < MIN_SIZE:
            raise ImageProblem(Message("msg_icon_too_small", width=source.width, height=source.height, least=MIN_SIZE))
        site.icon = source
    except ImageProblem as problem:
        line, col = field_position(content_dir, "site.yaml", ("icon",))
        problems.add(display_path(content_dir / "site.yaml"), line, col, "icon", "msg_image_problem", name=name, problem=problem.message)


def default_icon(style: CardStyle) -> Image.Image:
    colours = dict(style.colours)
    image = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 511, 511), radius=96, fill=colours["accent-dark"])
    draw.rectangle((0, 400, 511, 420), fill=colours["accent"])
    draw.text((256, 236), "R", font=font(style.font, 330), fill=colours["paper"], anchor="mm")
    return image


def square(image: Image.Image, size: int, opaque: bool, background: str) -> Image.Image:
    """The whole source centred on a square canvas (padded, never cropped), at `size`."""
    image = ImageOps.pad(image.convert("RGBA"), (size, size), Image.Resampling.LANCZOS, color=(0, 0, 0, 0))
    if opaque:
        canvas = Image.new("RGBA", image.size, background)
        canvas.alpha_composite(image)
        image = canvas.convert("RGB")
    return image


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def ico(image: Image.Image) -> bytes:
    out = io.BytesIO()
    square(image, 256, False, "").save(out, "ICO", sizes=ICO_SIZES)
    return out.getvalue()


def icon_files(site: Site, style: CardStyle, cache: MediaCache) -> dict[str, bytes]:
    source: SourceImage | None = site.icon
    colours = dict(style.colours)
    key = digest("icons", VERSION, source.key if source else ("default", style.key))
    loaded: list[Image.Image] = []

    def image() -> Image.Image:
        if not loaded:
            loaded.append(upright(open_checked(source.path.read_bytes(), source.path.name)) if source else default_icon(style))
        return loaded[0]

    def sized(size: int, name: str) -> bytes:
        return png(square(image(), size, name in OPAQUE, colours["paper"]))

    files = {ICO: cache.fetch(digest(key, ICO), lambda: ico(image()))}
    for name, size in PNGS.items():
        files[name] = cache.fetch(digest(key, name), partial(sized, size, name))
    files[MANIFEST] = manifest(site, colours)
    return files


def manifest(site: Site, colours: dict[str, str]) -> bytes:
    title = site.settings.get("title") or "Retning"
    data = {
        "name": title,
        "short_name": title[:12],
        "lang": next(iter(site.catalogues), "da"),
        "start_url": "./",
        "display": "standalone",
        "background_color": colours["paper"],
        "theme_color": colours["accent-dark"],
        "icons": [{"src": name, "sizes": f"{size}x{size}", "type": "image/png"} for name, size in PNGS.items() if size >= 192],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
