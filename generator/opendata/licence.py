"""The licence of the published data (site.yaml `licence:`). Without one the data page and the
files say that no licence is stated: a licence is the publisher's decision, never a default."""

from __future__ import annotations


def licence(settings: dict) -> dict | None:
    """{"name": …, "url": … or None}, or None when site.yaml states no licence."""
    stated = settings.get("licence")
    if not stated:
        return None
    return {"name": stated["name"], "url": stated.get("url")}
