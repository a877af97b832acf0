"""Images in content: a record's `image:` (a file beside the record) is checked once the records
are known, and written as responsive variants: several widths (never larger than the source),
each as WebP and as a JPEG (photos) or PNG (PNG sources, images with transparency) fallback.

Encoding is deterministic (metadata stripped, fixed options), so the same source gives the same
bytes, and variants are kept in the media cache by a hash of the source and the parameters."""

from __future__ import annotations

import io
import stat
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from generator.content.load import load_file
from generator.core.messages import Message, MessageError
from generator.core.problems import ContentError, Problem, Problems
from generator.core.slugs import slugify
from generator.core.workers import forked_map
from generator.media.cache import MediaCache, digest
from generator.model.records import Record, Site

WIDTHS = (480, 960, 1600)
MAX_PIXELS = 40_000_000  # larger sources are refused: decoding one takes gigabytes (a decompression bomb)
FORMATS = ("JPEG", "MPO", "PNG", "WEBP")  # MPO: the JPEG some cameras write
ENCODING: dict[str, dict] = {
    "webp": {"quality": 80, "method": 4},
    "jpg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": True},
}
VERSION = 1  # bump when the encoding changes: every variant gets a new name and cache key
FOLDER = "assets/media/"
SIZES = "(min-width: 50rem) 46rem, 100vw"  # the text column is at most 46rem wide
ORIENTATION = 0x0112  # EXIF tag: how a camera held sideways wants the photo turned


class ImageProblem(MessageError):
    """What is wrong with an image file, in words for editors."""


@dataclass(frozen=True)
class SourceImage:
    path: Path
    key: str  # hash of the file's bytes and the encoding parameters
    width: int  # upright, after the EXIF orientation is applied
    height: int
    fallback: str  # "jpg" or "png"


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    webp: str  # site paths
    fallback: str


@dataclass(frozen=True)
class Picture:
    source: SourceImage
    variants: tuple[Variant, ...]
    alt: str
    caption: str | None


def open_checked(data: bytes, name: str) -> Image.Image:
    """The decoded image; ImageProblem when it is not a supported, intact, reasonably sized image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise ImageProblem(Message("msg_image_format", format=image.format))
            if image.width * image.height > MAX_PIXELS:
                raise ImageProblem(too_large(image.width, image.height))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageProblem(Message("msg_image_bomb", detail=str(error), most=MAX_PIXELS // 1_000_000)) from None
    except UnidentifiedImageError:
        if name.lower().endswith(".svg"):
            raise ImageProblem(Message("msg_image_svg")) from None
        raise ImageProblem(Message("msg_image_unknown_format")) from None
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as error:
        raise ImageProblem(Message("msg_image_damaged", detail=str(error))) from None
    return image


def too_large(width: int, height: int) -> Message:
    megapixels = round(width * height / 1e6)
    return Message("msg_image_too_large", width=width, height=height, megapixels=megapixels, most=MAX_PIXELS // 1_000_000)


def upright(image: Image.Image) -> Image.Image:
    """Turned as EXIF says, in RGB or RGBA, with no metadata left to copy into the variants."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info.clear()
    return image


def probe(path: Path) -> SourceImage:
    """Check an image file and describe it; ImageProblem when it cannot be used."""
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
        data = path.read_bytes() if regular else b""  # a named pipe is never opened: it would block the build
    except FileNotFoundError:
        raise ImageProblem(Message("msg_image_missing", name=path.name)) from None
    except OSError as error:
        raise ImageProblem(Message("msg_image_unreadable", reason=error.strerror)) from None
    if not regular:
        raise ImageProblem(Message("msg_image_not_ordinary"))
    image = open_checked(data, path.name)
    width, height = image.size
    if image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8):
        width, height = height, width
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    fallback = "png" if image.format == "PNG" or has_alpha else "jpg"
    return SourceImage(path, digest(VERSION, ENCODING, data), width, height, fallback)


def widths(width: int) -> list[int]:
    """480, 960 and 1600 where the source is wider; the source's own width as the largest."""
    return sorted({*(w for w in WIDTHS if w < width), min(width, WIDTHS[-1])})


def plan(source: SourceImage) -> tuple[Variant, ...]:
    stem = slugify(source.path.stem) or "billede"
    base = f"{FOLDER}{stem}-{source.key[:10]}"
    return tuple(
        Variant(w, max(1, round(source.height * w / source.width)), f"{base}-{w}.webp", f"{base}-{w}.{source.fallback}")
        for w in widths(source.width)
    )


def encode(image: Image.Image, variant: Variant, kind: str) -> bytes:
    if variant.width != image.width:
        image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
    if kind == "jpg" and image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}[kind], **ENCODING[kind])
    return out.getvalue()


def variant_keys(picture: Picture) -> dict[str, str]:
    """Site path → media cache key of every variant of one picture."""
    return {
        path: digest("variant", picture.source.key, variant.width, kind)
        for variant in picture.variants
        for kind, path in (("webp", variant.webp), (picture.source.fallback, variant.fallback))
    }


def encode_variants(picture: Picture, paths: list[str]) -> dict[str, bytes]:
    """The variants at `paths` of one picture, its source decoded once."""
    image = upright(open_checked(picture.source.path.read_bytes(), picture.source.path.name))
    found = {}
    for variant in picture.variants:
        for kind, path in (("webp", variant.webp), (picture.source.fallback, variant.fallback)):
            if path in paths:
                found[path] = encode(image, variant, kind)
    return found


def field_position(content_dir: Path, rel: str, keys: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of a (nested) field in a content file, found again when a problem needs them."""
    source = load_file(content_dir / rel, content_dir, Problems())
    node = source.node if source else None
    for key in keys:
        found = None
        if node is not None and hasattr(node, "value") and isinstance(node.value, list):
            found = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        if found is None:
            break
        node = found
    if node is None:
        return 1, 1
    assert source is not None  # the node was found in it
    return node.start_mark.line + 1 + source.line_offset, node.start_mark.column + 1


ProbeMemo = dict[tuple[str, int, int], SourceImage | Message]  # (path, mtime ns, size) → source or problem


def probe_file(path: Path, memo: ProbeMemo | None) -> SourceImage:
    """probe(), remembered by modification time and size between builds of the live preview."""
    try:
        stat = path.stat()
    except OSError:
        return probe(path)
    memo = {} if memo is None else memo
    stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    if stamp not in memo:
        try:
            memo[stamp] = probe(path)
        except ImageProblem as problem:
            memo[stamp] = problem.message
    result = memo[stamp]
    if isinstance(result, Message):
        raise ImageProblem(result)
    return result


def locate(content_dir: Path, rel: str, src: str) -> Path | None:
    """The image file `src` names, beside the record file `rel`; None when it lies outside content/.
    ImageProblem when the name cannot be a file's, or leads round in a link loop."""
    if any(ord(char) < 32 or ord(char) == 127 for char in src):
        raise ImageProblem(Message("msg_image_name_control_character"))
    base = content_dir.resolve()
    try:
        path = (base / rel).parent.joinpath(src).resolve()
    except (OSError, RuntimeError):  # a link that leads back to itself
        raise ImageProblem(Message("msg_image_link_loop")) from None
    return path if path.is_relative_to(base) else None


def inspect_images(site: Site, content_dir: Path, problems: Problems, memo: ProbeMemo | None = None) -> None:
    """Check every record's image file; set site.images (record id → Picture)."""
    site.images = {}
    for record in site.records.values():
        image = record.data.get("image")
        if not image or not image.get("src"):
            continue
        try:
            path = locate(content_dir, record.rel, image["src"])
            if path is None:
                raise ImageProblem(Message("msg_image_outside_content"))
            source = probe_file(path, memo)
        except ImageProblem as problem:
            message = Message("msg_image_problem", name=image["src"], problem=problem.message)
            problems.items.append(problem_at(content_dir, record, ("image", "src"), "image.src", message))
            continue
        alt = "" if image.get("decorative") else (image.get("alt") or "").strip()
        site.images[record.id] = Picture(source, plan(source), alt, image.get("caption"))


def problem_at(content_dir: Path, record: Record, keys: tuple[str, ...], field_name: str, message: Message) -> Problem:
    line, col = field_position(content_dir, record.rel, keys)
    return Problem(record.path, line, col, field_name, message)


def image_files(site: Site, cache: MediaCache) -> dict[str, bytes]:
    """Every variant of every picture: from the cache, or encoded, by forked workers on every core
    when many pictures are missing (workers.py)."""
    files: dict[str, bytes] = {}
    missing: list[tuple[str, list[str]]] = []  # (record id, paths of its variants not in the cache)
    for record_id, picture in site.images.items():
        keys = variant_keys(picture)
        for path, key in keys.items():
            cache.place(path, key)
            data = cache.get(key)
            if data is not None:
                files[path] = data
        absent = [path for path in keys if path not in files]
        if absent:
            missing.append((record_id, absent))
    for (record_id, _), made in zip(missing, forked_map(lambda job: encoded(site, *job), missing), strict=True):
        keys = variant_keys(site.images[record_id])
        for path, data in made.items():
            cache.put(keys[path], data)
            cache.made += 1
        files.update(made)
    return files


def encoded(site: Site, record_id: str, paths: list[str]) -> dict[str, bytes]:
    picture = site.images[record_id]
    try:
        return encode_variants(picture, paths)
    except (ImageProblem, OSError) as problem:  # the file changed since it was checked
        record = site.records[record_id]
        reason = problem.message if isinstance(problem, ImageProblem) else Message("msg_image_changed", detail=str(problem))
        message = Message("msg_image_problem", name=picture.source.path.name, problem=reason)
        raise ContentError([Problem(record.path, 1, 1, "image.src", message)]) from None
