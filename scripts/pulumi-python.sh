#!/usr/bin/env bash
# Makes the Pulumi Python language host available (Pulumi.yaml `runtime: python` programs) and prints, as its
# only line on stdout, the directory holding `pulumi-language-python` and `pulumi-language-python-exec`.
# Everything else goes to stderr.
#
# A build cached in $PULUMI_INVENT_CACHE (default ~/.cache/pulumi-invent), else one built from Go modules
# (about 35 s cold on two cores). Why this version: the Python host became a separate, untagged Go module and the
# module proxy here refuses it; github.com/pulumi/pulumi/sdk/v3 v3.79.0 is the newest release that still holds
# it (`python/cmd/pulumi-language-python`). It runs the program with the `pulumi` package of the program's own
# Python environment (PyPI `pulumi`), so the SDK is current. It ignores the `virtualenv` option newer engines
# send: put the venv's `bin` first on PATH.
set -euo pipefail
exec 3>&1 1>&2

HOST_SDK_VERSION=3.79.0
PKG=github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
# shellcheck source=lib/cached-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cached-tool.sh"

complete() { [ -x "$1/pulumi-language-python" ] && [ -x "$1/pulumi-language-python-exec" ]; }

build() {
  local out="$1" src
  require_go 1.24
  go_wrapper "$out.src" pulumi-invent.local/pulumi-language-python "$PKG" \
    "github.com/pulumi/pulumi/sdk/v3 v$HOST_SDK_VERSION"
  (cd "$out.src" && go mod tidy &&
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$HOST_SDK_VERSION" \
      -o "$out/pulumi-language-python" "$PKG") || return 1
  # The host runs this Python script beside it; it ships in the same module.
  src="$(cd "$out.src" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
  install -m 755 "$src/python/cmd/pulumi-language-python-exec/pulumi-language-python-exec" \
    "$out/pulumi-language-python-exec" 2>/dev/null ||
    install -m 755 "$src/python/cmd/pulumi-language-python-exec" "$out/pulumi-language-python-exec"
}

cached_build "$CACHE_ROOT/pulumi-language-python-v$HOST_SDK_VERSION" complete build
