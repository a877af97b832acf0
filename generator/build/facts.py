"""What each input of the dependency store (depends.py) is now: the fingerprints a build compares
with what the things made last time saw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2

from generator.core.i18n import Catalogue
from generator.model.deadlines import today
from generator.model.records import Record, Site
from generator.site.timeline import read_now


@dataclass
class Facts:
    site: Site | None  # set once the build has its site, before anything is compared
    renderers: dict = field(default_factory=dict)  # language → render.Renderer, once the pages are laid out
    outputs: dict = field(default_factory=dict)  # output path → route.Output

    def __call__(self, key: tuple) -> Any:
        kind, site = key[0], self.site
        assert site is not None
        if kind == "record":
            record = site.records.get(key[1])
            return record.fingerprint() if record is not None else None
        if kind == "site":
            if key[1] in ("records", "of_type"):  # which records exist, of which type
                return {record.id: record.type for record in site.records.values()}
            return shape(getattr(site, key[1], None))
        if kind == "term":
            return tuple(record.id for record in site.terms.get(key[1:], ()))
        if kind == "timeline":
            return read_now(site, key)
        if kind == "similar":
            return tuple(record.id for record in site.similar.get(key[1], ()))
        if kind == "image":
            picture = site.images.get(key[1])
            return picture and (picture.variants, picture.alt, picture.caption)
        if kind == "today":
            return today()
        if kind == "output":
            output = self.outputs.get(key[1])
            return output and (
                output.url,
                output.template,
                output.title,
                output.heading,
                output.record and output.record.id,
                output.term,
                output.number,
                output.year,
                output.language,
            )
        renderer = self.renderers.get(key[1] if kind == "global" else None) or next(iter(self.renderers.values()))
        if kind == "global":
            return shape(renderer.env.globals.get(key[2]))
        if kind == "template":
            try:
                return renderer.env.loader.get_source(renderer.env, key[1])[0]
            except jinja2.TemplateNotFound:
                return None
        if kind == "catalogue":
            catalogue = site.catalogues.get(key[1])
            return catalogue and catalogue.messages
        if kind == "assets":
            return renderer.asset_names
        raise ValueError(f"an input of unknown kind: {key!r}")


def shape(value: Any) -> Any:
    """A value as its readers see it, with records as their ids (what they hold is read, and
    noted, separately) and functions as nothing (what they read they note themselves)."""
    if isinstance(value, Catalogue):
        return value.messages
    if isinstance(value, Site):
        return None  # read through its attributes, each noted
    if isinstance(value, Record):
        return ("record", value.id)
    if isinstance(value, list | tuple):
        if value and type(value[0]) is str:  # a list of addresses or names: no records in it
            return tuple(value)
        return tuple(shape(item) for item in value)
    if isinstance(value, dict):
        return tuple((name, shape(item)) for name, item in value.items())
    if callable(value):
        return None
    return value
