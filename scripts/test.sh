#!/usr/bin/env bash
# Set up everything the tests need, then run all of them (lint, format and type checks included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check generator tests bench build.py scripts
.venv/bin/ruff format --check generator tests bench build.py scripts
.venv/bin/mypy  # types: the files and settings in pyproject.toml's [tool.mypy]
# One test process per core (pytest-xdist); the browser tests stay together in one of them
# (tests/conftest.py), which builds and serves their site once.
exec .venv/bin/python -m pytest -q -n auto --dist loadgroup "$@"
