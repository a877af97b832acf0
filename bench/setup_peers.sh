#!/bin/sh
# Install the peers bench/peers.py compares Retning with: Hugo, from Debian's package (0.111.3 on
# Debian 12). Only the bench uses it; the tests never do.
#
#     sh bench/setup_peers.sh
set -eu

if command -v hugo >/dev/null 2>&1; then
    echo "hugo already installed: $(hugo version)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends hugo
hugo version
