#!/bin/sh
# Install Pagefind, which bench/search_quality.py compares Retning's search with, from npm: the
# `pagefind` package brings its binary as a platform package (@pagefind/linux-x64 and so on).
# It goes to .cache/pagefind (ignored by git), beside and apart from the test tools in
# package.json, so `npm ci` for the tests neither needs nor removes it. Only the bench uses it.
#
#     sh bench/setup_pagefind.sh
set -eu
cd "$(dirname "$0")/.."

VERSION=1.5.2
PREFIX=.cache/pagefind
BIN=$PREFIX/node_modules/.bin/pagefind

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "$VERSION"; then
    echo "pagefind already installed: $("$BIN" --version)"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

mkdir -p "$PREFIX"
[ -f "$PREFIX/package.json" ] || echo '{"name": "retning-bench-pagefind", "private": true}' > "$PREFIX/package.json"
npm install --prefix "$PREFIX" --no-audit --no-fund --silent "pagefind@$VERSION"
"$BIN" --version
