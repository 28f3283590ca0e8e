#!/usr/bin/env bash
# Makes the Pulumi YAML language host available (Pulumi.yaml `runtime: yaml` programs) and prints, as its only
# line on stdout, the directory holding `pulumi-language-yaml`. Everything else goes to stderr.
#
#   PATH="$(scripts/pulumi-yaml.sh):$(scripts/pulumi-cli.sh):$PATH" pulumi preview
#
# A `pulumi-language-yaml` of the pinned version on PATH, else a build cached in $PULUMI_INVENT_CACHE (default
# ~/.cache/pulumi-invent), else one built from Go modules (github.com/pulumi/pulumi-yaml, about 75 s cold on
# two cores, 45 MB). Pinned: v1.25.0, served by the Go module proxy and built as it is.
set -euo pipefail
exec 3>&1 1>&2

YAML_VERSION=1.25.0
PKG=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
# shellcheck source=lib/cached-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cached-tool.sh"

complete() { [ -x "$1/pulumi-language-yaml" ] && "$1/pulumi-language-yaml" --help >/dev/null 2>&1; }

if [ "${PULUMI_INVENT_IGNORE_PATH:-0}" != 1 ] && on_path="$(command -v pulumi-language-yaml 2>/dev/null)"; then
  # The host has no version flag: only the cached build is known to be the pinned one.
  log "ignoring $on_path: its version cannot be told; using the pinned v$YAML_VERSION"
fi

build() {
  require_go 1.24
  GOBIN="$1" GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" go install -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" "$PKG@v$YAML_VERSION"
}

cached_build "$CACHE_ROOT/pulumi-language-yaml-v$YAML_VERSION" complete build
