#!/usr/bin/env bash
# Set up everything the tests need, then run all of them (lint and format check included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check generator tests bench build.py scripts
.venv/bin/ruff format --check generator tests bench build.py scripts
exec .venv/bin/python -m pytest -q "$@"
