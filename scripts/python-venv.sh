#!/usr/bin/env bash
# Makes a Python environment for Pulumi Python programs (PyPI `pulumi`, pinned, and what the generated SDK
# needs) and prints, as its only line on stdout, its `bin` directory. Everything else goes to stderr. Put that
# directory first on PATH: the Python language host (scripts/pulumi-python.sh) runs the `python3` it finds there.
#
# Cached in $PULUMI_INVENT_CACHE (default ~/.cache/pulumi-invent); made with `python3 -m venv` and pip from PyPI
# (about 20 s the first time). The SDK itself (sdk/python) is not installed here: it changes with the
# descriptions, so programs get it from `pip install sdk/python` (the examples' requirements.txt).
set -euo pipefail
exec 3>&1 1>&2

PULUMI_PY_VERSION=3.272.0
# shellcheck source=lib/cached-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cached-tool.sh"

complete() { [ -x "$1/bin/python3" ] && "$1/bin/python3" -c "import pulumi, parver, semver" 2>/dev/null; }

build() {
  command -v python3 >/dev/null 2>&1 || die "python3 (>= 3.9) is needed to make the Python environment"
  python3 -m venv "$1" &&
    "$1/bin/pip" install --quiet --disable-pip-version-check "pulumi==$PULUMI_PY_VERSION" "parver>=0.2.1" "semver>=2.8.1"
}

dir="$CACHE_ROOT/python-venv-pulumi-$PULUMI_PY_VERSION"
complete "$dir" && finish "$dir/bin"
( cached_build "$dir" complete build ) 3>/dev/null
complete "$dir" || die "the Python environment was not made"
finish "$dir/bin"
