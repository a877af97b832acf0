"""The layout of generator/ shows the pipeline: each stage imports only the stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

import generator

STAGES = ["core", "content", "model", "site", "media", "search", "opendata", "render", "build", "live", "cli"]
SIBLINGS = {"media", "search", "opendata"}  # made beside each other: none may import another


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "generator"


def is_module(name: str) -> bool:
    return (generator.CODE / name).is_dir() or (generator.CODE / f"{name}.py").is_file()


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found.add(node.module)
            if node.module == "generator":  # a stage or module by name, or the top's own names
                found |= {f"generator.{alias.name}" for alias in node.names if is_module(alias.name)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
    return found


def may_import(importer: str, imported: str) -> bool:
    if imported in ("generator", importer):
        return True  # the package's own top (its version and where its theme is) and itself
    if imported not in STAGES or importer not in STAGES:
        return False
    if importer in SIBLINGS and imported in SIBLINGS:
        return False
    return STAGES.index(imported) < STAGES.index(importer)


def test_every_module_is_in_a_stage():
    loose = [p.name for p in generator.CODE.glob("*.py") if p.stem not in ("__init__", "cli")]
    assert loose == [], "put each module in the stage package it belongs to"
    for folder in (p for p in generator.CODE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert folder.name in STAGES, folder
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "Imports" in doc, f"{folder.name}/__init__.py says what the stage owns and what it may import"


def test_stages_import_only_the_stages_before_them():
    wrong = []
    for path in sorted(generator.CODE.rglob("*.py")):
        importer = stage_of(".".join(path.relative_to(generator.CODE.parent).with_suffix("").parts))
        for module in imports(path):
            if not may_import(importer, stage_of(module)):
                wrong.append(f"{path.relative_to(generator.CODE.parent)} imports {module}")
    assert wrong == []


def test_the_check_catches_an_upward_import():
    assert not may_import("model", "render")
    assert not may_import("search", "media")
    assert may_import("render", "search")
    assert not may_import("core", "content")
