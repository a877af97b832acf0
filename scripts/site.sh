#!/usr/bin/env bash
# Set up and build content/ into site/. Any arguments go to build.py, e.g. `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python build.py "${@:-build}"
