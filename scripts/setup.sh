#!/usr/bin/env bash
# One-command set-up: a virtual environment in .venv with vanthu and its tools.
# Torch is pinned to the 2.13.0 CPU build through constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      python=$candidate
      break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "vanthu needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

# OCR of scans and photos: Tesseract 5 with the Vietnamese model, from the distribution's
# packages (nothing is downloaded at run time). Installed here when we may; otherwise the
# exact command is printed and everything but OCR still works.
ocr_packages="tesseract-ocr tesseract-ocr-vie"
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $ocr_packages (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq $ocr_packages >/dev/null ||
      { apt-get update -qq >/dev/null && apt-get install -y -qq $ocr_packages >/dev/null; }
  else
    echo "OCR of scans and photos needs Tesseract with Vietnamese; as root run:" >&2
    echo "  apt-get install $ocr_packages" >&2
  fi
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev,eval]'
echo "vanthu is installed in .venv: try  .venv/bin/vanthu chat"
