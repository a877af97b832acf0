#!/bin/sh
# Install what the benches need beyond .venv: Hugo, the peer bench/peers.py compares Retning with
# (Debian's package: 0.111.3 on Debian 12), and Valgrind, which bench/render_instructions.py
# counts instructions with. Only the benches use them; the tests never do.
#
#     sh bench/setup_peers.sh
set -eu

missing=""
command -v hugo >/dev/null 2>&1 || missing="$missing hugo"
command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
if [ -z "$missing" ]; then
    echo "already installed: $(hugo version), $(valgrind --version)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi

$SUDO apt-get update
# shellcheck disable=SC2086 # one word per package
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
hugo version
valgrind --version
