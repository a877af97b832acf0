"""Relative links between site paths, so the site works in any folder and from file://."""

from __future__ import annotations

import posixpath


def relative_href(from_url: str, target: str) -> str:
    """A link from the page at `from_url` to the site path `target`, relative so it works in any folder."""
    base_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    target_path, _, fragment = target.partition("#")
    href = relative_path(target_path, base_dir) if target_path else ""
    return href + (f"#{fragment}" if fragment else "")


def relative_path(target: str, base_dir: str) -> str:
    """posixpath.relpath(target, base_dir) for clean site paths (no '.' or '..' parts), without its
    calls to os.getcwd(): a page makes dozens of links, so this is a fifth of rendering time."""
    target_parts = [part for part in target.split("/") if part]
    base_parts = [part for part in base_dir.split("/") if part and part != "."]
    common = 0
    for target_part, base_part in zip(target_parts, base_parts, strict=False):
        if target_part != base_part:
            break
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
