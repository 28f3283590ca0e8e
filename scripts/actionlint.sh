#!/usr/bin/env bash
# Makes the pinned actionlint (the linter for GitHub Actions workflows) available and prints, as its
# only line on stdout, the absolute path of the binary. Everything else goes to stderr.
#
#   "$(scripts/actionlint.sh)" examples/gitops/.github/workflows/*.yml
#
# Order of preference:
#   1. an `actionlint` on PATH that is exactly the pinned version (another version may report other
#      findings, and the tests assert there are none);
#   2. a build cached in $PULUMI_INVENT_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/pulumi-invent);
#   3. `go install github.com/rhysd/actionlint/cmd/actionlint@vX` into that cache (needs Go and a
#      reachable Go module proxy; a few seconds to compile, about 20 MB of modules).
#
# Environment:
#   PULUMI_INVENT_CACHE          cache directory (see above)
#   PULUMI_INVENT_IGNORE_PATH=1  skip step 1
set -euo pipefail

# Keep stdout for the final path only.
exec 3>&1 1>&2

ACTIONLINT_VERSION=1.7.12
ACTIONLINT_PKG=github.com/rhysd/actionlint/cmd/actionlint

# shellcheck source=lib/cached-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cached-tool.sh" # CACHE_ROOT, log, die, finish
INSTALL_DIR="$CACHE_ROOT/actionlint-v$ACTIONLINT_VERSION"
BIN="$INSTALL_DIR/actionlint"

# is_pinned BIN: true when BIN runs and reports the pinned version (first line of `-version`).
is_pinned() {
  [ -x "$1" ] && [ "$("$1" -version 2>/dev/null | head -n1)" = "v$ACTIONLINT_VERSION" ]
}

# --- 1. on PATH -------------------------------------------------------------------------------------
if [ "${PULUMI_INVENT_IGNORE_PATH:-0}" != 1 ] && on_path="$(command -v actionlint 2>/dev/null)"; then
  if is_pinned "$on_path"; then
    finish "$(readlink -f "$on_path")"
  fi
  log "ignoring $on_path: not v$ACTIONLINT_VERSION"
fi

# --- 2. cached ----------------------------------------------------------------------------------------
is_pinned "$BIN" && finish "$BIN"

# --- 3. go install ------------------------------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "no actionlint v$ACTIONLINT_VERSION and no Go toolchain found.
Install Go (https://go.dev/doc/install) or put actionlint v$ACTIONLINT_VERSION on PATH
(https://github.com/rhysd/actionlint/blob/main/docs/install.md)."

mkdir -p "$CACHE_ROOT"

# One install at a time (jest workers and .ci/run may all ask); whoever waited re-checks the cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.actionlint.lock"
  flock 9
  is_pinned "$BIN" && finish "$BIN"
fi

# Install next to the cache so that the final rename is atomic; no half-written binary is ever cached.
WORK="$(mktemp -d "$CACHE_ROOT/.actionlint.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

start_time=$SECONDS
log "installing actionlint v$ACTIONLINT_VERSION with $(GOTOOLCHAIN=local go env GOVERSION) into $INSTALL_DIR"
# GOTOOLCHAIN=local: never download another Go toolchain behind the user's back. -mod=mod: a GOFLAGS
# of -mod=vendor or -mod=readonly from the environment has no meaning for `go install pkg@version`.
GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$WORK/bin" GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" \
  go install -trimpath -ldflags "-s -w" "$ACTIONLINT_PKG@v$ACTIONLINT_VERSION" ||
  die "go install $ACTIONLINT_PKG@v$ACTIONLINT_VERSION failed (is the Go module proxy reachable? is Go new enough?)"
is_pinned "$WORK/bin/actionlint" ||
  die "the freshly built actionlint does not report v$ACTIONLINT_VERSION: $("$WORK/bin/actionlint" -version 2>&1 | head -n1)"

rm -rf "$INSTALL_DIR" # a broken leftover (a complete one was returned above)
mv -T "$WORK/bin" "$INSTALL_DIR"
log "done in $((SECONDS - start_time)) s"
finish "$BIN"
