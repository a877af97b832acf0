"""Retning: publish public strategies as a cross-linked, searchable static site.

The code is laid out by pipeline stage. Each stage is a subpackage that may import only the stages
listed before it (tests/test_layout.py checks this):

1. core: helpers every stage uses (problems, dates, slugs, the dependency store, worker processes,
   interface catalogues).
2. content: the content folder read, parsed with positions and validated against the schema; its
   git history.
3. model: records linked into a site, with their deadline states and progress toward targets.
4. site: routes and the computed views (taxonomy, timeline, roll-ups, change words, reports).
5. media, search, opendata: what is made beside the pages (images and share cards, the search
   index, JSON/CSV/feeds). They are siblings: none imports another.
6. render: Jinja templates into pages.
7. build: one run of the dependency store, written safely into the output folder.
8. live: the live preview around the build.
9. cli (generator/cli.py): the commands.
"""

from pathlib import Path

__version__ = "0.1.0"

CODE = Path(__file__).resolve().parent  # Retning's own code


def theme_folder(name: str) -> Path:
    """The templates ("layouts") or static files ("assets") Retning ships: beside the package in a
    checkout, inside it when installed from a wheel (pyproject.toml maps them there)."""
    installed = CODE / name
    return installed if installed.is_dir() else CODE.parent / name
