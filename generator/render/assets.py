"""Static assets: copied with content-hashed names so hosts can cache them forever."""

from __future__ import annotations

import hashlib
from pathlib import Path

BUILD_ONLY = "fonts"  # assets/fonts/ is used to draw share cards and icons, not published


def collect_assets(assets_dir: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """Return (logical name → output path, output path → bytes)."""
    names: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for path in sorted(
        p for p in assets_dir.rglob("*") if p.is_file() and not p.name.startswith(".") and p.relative_to(assets_dir).parts[0] != BUILD_ONLY
    ):
        data = path.read_bytes()
        logical = path.relative_to(assets_dir).as_posix()
        digest = hashlib.sha256(data).hexdigest()[:10]
        output = f"assets/{path.parent.relative_to(assets_dir).as_posix()}/{path.stem}.{digest}{path.suffix}"
        output = output.replace("/./", "/")
        names[logical] = output
        files[output] = data
    return names, files
