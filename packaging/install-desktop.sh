#!/usr/bin/env bash
# Make Annotator a desktop application for the current user: the menu entry, the project
# file type (*.annotator opens in Annotator) and the icons, under ${XDG_DATA_HOME:-~/.local/share}.
#
#   packaging/install-desktop.sh [COMMAND]   COMMAND: the program the entry starts (default:
#                                            `annotator` on PATH, else dist/Annotator/annotator)
#   packaging/install-desktop.sh --uninstall
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data=${XDG_DATA_HOME:-$HOME/.local/share}
icons=$root/resources/icons
sizes="16 32 48 64 128 256"

installed=(
    "$data/applications/annotator.desktop"
    "$data/mime/packages/annotator.xml"
    "$data/icons/hicolor/scalable/apps/annotator.svg"
)
for size in $sizes; do
    installed+=("$data/icons/hicolor/${size}x${size}/apps/annotator.png")
done

refresh() {
    # Each cache is optional: desktops without the tool read the folders directly.
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$data/applications" || true
    fi
    if command -v update-mime-database >/dev/null; then
        update-mime-database "$data/mime" >/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [[ -f "$data/icons/hicolor/index.theme" ]]; then
        gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
    fi
}

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -f "${installed[@]}"
    refresh
    echo "removed Annotator's desktop entry, file type and icons from $data"
    exit 0
fi

if [[ -n "${1:-}" ]]; then
    program=$1
elif command -v annotator >/dev/null; then
    program=$(command -v annotator)
else
    program=$root/dist/Annotator/annotator
fi
if [[ ! -x "$program" ]]; then
    echo "error: $program is not an executable program; install Annotator (pip install .)" \
        "or build the bundle (packaging/build.sh), or name the program" >&2
    exit 2
fi
program=$(realpath "$program")

install -d "$data/applications" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
# The entry runs the program by its full path: a desktop session's PATH may not hold
# the folder it is in (a virtual environment's bin, ~/.local/bin).
sed -e "s|^Exec=annotator |Exec=\"$program\" |" -e "s|^TryExec=annotator$|TryExec=$program|" \
    "$here/annotator.desktop" >"$data/applications/annotator.desktop"
install -m 644 "$here/annotator-mime.xml" "$data/mime/packages/annotator.xml"
install -m 644 "$icons/annotator.svg" "$data/icons/hicolor/scalable/apps/annotator.svg"
for size in $sizes; do
    install -D -m 644 "$icons/annotator-$size.png" "$data/icons/hicolor/${size}x${size}/apps/annotator.png"
done
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$data/applications/annotator.desktop"
fi
refresh
echo "installed Annotator ($program) in the menu, with its icons and the *.annotator file type, under $data"
