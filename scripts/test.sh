#!/usr/bin/env bash
# Runs the test suite. Some tests use real tools: Debian's PDF checkers and QR decoder
# (installed below when missing), and Python ones (an SMTP server, pdfua, the bank's
# code-block runner) whose packages live in a virtual environment under target/, so the
# system's python3 (externally managed on Debian) is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the tests use: python3-venv for the test virtual environment, the PDF
# checkers the tagging tests run (poppler's pdfinfo and pdftoppm, qpdf), and zbar-tools
# (zbarimg) to read QR codes back from rendered pages, and fonts (below). Installed
# when missing and root.
need=()
python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
command -v zbarimg >/dev/null || need+=(zbar-tools)
# Fonts for the fallback tests (tests/fonts.rs): CJK, the Noto families of other
# scripts (Arabic, Hebrew, Devanagari, Thai), and DejaVu, which --font is tested with.
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Toolchains the bank's code-block runner compiles and runs blocks with (JavaScript and
# TypeScript on node, Java, C); TypeScript itself comes from npm, below.
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v gcc >/dev/null || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "the tests need these Debian packages: ${need[*]} (apt-get install ${need[*]})" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
venv=target/test-venv
req=tests/support/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        echo "python3 cannot make virtual environments; on Debian: apt-get install python3-venv" >&2
        exit 1
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$venv/requirements.txt"
fi
export PREP_PDF_TEST_PYTHON="$PWD/$venv/bin/python"
# TypeScript for the code-block runner, from the npm registry into target/ (never
# global), unless a tsc is already on PATH.
if ! command -v tsc >/dev/null; then
    tsc_dir=target/test-node
    if [ ! -x "$tsc_dir/node_modules/.bin/tsc" ]; then
        npm install --silent --no-audit --no-fund --prefix "$tsc_dir" typescript@7 >/dev/null
    fi
    export PREP_PDF_TSC="$PWD/$tsc_dir/node_modules/.bin/tsc"
fi
cargo test "$@"
