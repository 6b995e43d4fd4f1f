#!/usr/bin/env bash
# Build a wheel and sdist into dist/, and on Linux install the desktop entry and icon for
# the current user with --desktop. The app itself installs with pip into a venv that already
# holds the torch build for the user's hardware (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
"$PY" -m pip wheel --no-deps --wheel-dir dist .
if [[ "${1:-}" == "--desktop" ]]; then
  apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
  icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
  mkdir -p "$apps" "$icons"
  cp installer/storyreel.desktop "$apps/"
  cp resources/icons/storyreel.svg "$icons/storyreel.svg"
  echo "desktop entry installed in $apps"
fi
ls -l dist
