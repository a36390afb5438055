#!/usr/bin/env bash
# Runs the test suite. The mail tests talk to a real SMTP server (aiosmtpd, from
# PyPI) that they start on loopback; install it first if this machine lacks it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
fi
cargo test "$@"
