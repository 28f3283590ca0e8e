#!/usr/bin/env bash
# Makes a real Pulumi CLI available for this project's end-to-end tests and prints, as its only
# line on stdout, the absolute path of a directory holding `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs`. Everything else goes to stderr.
#
#   bin="$(scripts/pulumi-cli.sh)" && PATH="$bin:$PATH" pulumi version
#
# Order of preference:
#   1. a `pulumi` on PATH that is new enough, with `pulumi-language-nodejs` beside it or on PATH;
#   2. a build cached in $PULUMI_INVENT_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/pulumi-invent);
#   3. a fresh build from Go modules, installed into that cache (about 4 minutes on two cores with
#      empty Go caches and a fast module proxy; ~2 GB of module cache and ~2 GB of build cache).
#
# Environment:
#   PULUMI_INVENT_CACHE          cache directory (see above)
#   PULUMI_INVENT_IGNORE_PATH=1  skip step 1 (use or build the pinned release even if PATH has one)
#
# Why two versions: the CLI is github.com/pulumi/pulumi/pkg/v3. The Node.js language host has
# been a separate, untagged Go module since v3.69.0 and the module proxy used here refuses every
# version of it, so the language host is built from the newest github.com/pulumi/pulumi/sdk/v3
# release that still contains it (v3.68.0). It only starts `node @pulumi/pulumi/cmd/run` from the
# program's own node_modules, so the SDK that runs the program is the one the program installed.
set -euo pipefail

# Keep stdout for the final path only.
exec 3>&1 1>&2

PULUMI_VERSION=3.259.0 # CLI (pkg/v3 + sdk/v3). pkg/v3 v3.260.0's module zip is refused by the proxy here.
LANGHOST_VERSION=3.68.0 # last sdk/v3 release that contains nodejs/cmd/pulumi-language-nodejs
MIN_PULUMI_VERSION=3.139.0 # dynamic providers' configure() needs 3.139+
MIN_GO_VERSION=1.25.11 # `go` line of pkg/v3 v3.259.0's go.mod

CLI_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
LANGHOST_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=lib/cached-tool.sh
source "$SCRIPT_DIR/lib/cached-tool.sh" # CACHE_ROOT, log, die, finish
INSTALL_DIR="$CACHE_ROOT/pulumi-v$PULUMI_VERSION"
BIN_DIR="$INSTALL_DIR/bin"

# version_ge A B: true when version A >= version B (leading "v"/"go" ignored).
version_ge() {
  local a="${1#v}" b="${2#v}"
  a="${a#go}"
  b="${b#go}"
  [ "$(printf '%s\n%s\n' "$b" "$a" | sort -V | head -n1)" = "$b" ]
}

# The shell script that starts dynamic providers ships in the @pulumi/pulumi npm package.
find_resource_script() {
  local candidate
  for candidate in \
    "$REPO_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" \
    "$PWD/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"; do
    if [ -f "$candidate" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# ensure_resource_script DIR: put pulumi-resource-pulumi-nodejs into DIR if it is missing.
ensure_resource_script() {
  local dir="$1" src
  [ -x "$dir/pulumi-resource-pulumi-nodejs" ] && return 0
  src="$(find_resource_script)" ||
    die "cannot find node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs: run 'npm ci' in $REPO_DIR first"
  cp "$src" "$dir/pulumi-resource-pulumi-nodejs.tmp.$$"
  chmod 755 "$dir/pulumi-resource-pulumi-nodejs.tmp.$$"
  mv -f "$dir/pulumi-resource-pulumi-nodejs.tmp.$$" "$dir/pulumi-resource-pulumi-nodejs"
}

bin_dir_complete() {
  [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ]
}

# --- 1. a Pulumi already on PATH ----------------------------------------------------------------
use_path_pulumi() {
  local pulumi_bin real_bin version lang_bin dir shim
  pulumi_bin="$(command -v pulumi 2>/dev/null)" || return 1
  real_bin="$(readlink -f "$pulumi_bin")"
  version="$(PULUMI_SKIP_UPDATE_CHECK=true "$real_bin" version 2>/dev/null | head -n1 || true)"
  case "$version" in
    v[0-9]*) ;;
    *)
      log "ignoring $pulumi_bin: 'pulumi version' printed '${version}'"
      return 1
      ;;
  esac
  if ! version_ge "$version" "$MIN_PULUMI_VERSION"; then
    log "ignoring $pulumi_bin: $version is older than v$MIN_PULUMI_VERSION"
    return 1
  fi
  dir="$(dirname "$real_bin")"
  if [ -x "$dir/pulumi-language-nodejs" ]; then
    lang_bin="$dir/pulumi-language-nodejs"
  elif lang_bin="$(command -v pulumi-language-nodejs 2>/dev/null)"; then
    lang_bin="$(readlink -f "$lang_bin")"
  else
    log "ignoring $pulumi_bin: no pulumi-language-nodejs beside it or on PATH"
    return 1
  fi
  if [ "$(dirname "$lang_bin")" = "$dir" ] && [ -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    log "using Pulumi $version from $dir"
    finish "$dir"
  fi
  # Gather the three programs in one directory of links.
  shim="$CACHE_ROOT/path-pulumi/bin"
  mkdir -p "$shim"
  ln -sfn "$real_bin" "$shim/pulumi"
  ln -sfn "$lang_bin" "$shim/pulumi-language-nodejs"
  if [ -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    ln -sfn "$dir/pulumi-resource-pulumi-nodejs" "$shim/pulumi-resource-pulumi-nodejs"
  else
    rm -f "$shim/pulumi-resource-pulumi-nodejs"
    ensure_resource_script "$shim"
  fi
  log "using Pulumi $version from $dir (linked into $shim)"
  finish "$shim"
}

if [ "${PULUMI_INVENT_IGNORE_PATH:-0}" != 1 ]; then
  use_path_pulumi || true
fi

# --- 2. a cached build ---------------------------------------------------------------------------
if bin_dir_complete "$BIN_DIR"; then
  ensure_resource_script "$BIN_DIR"
  finish "$BIN_DIR"
fi

# --- 3. build the pinned release from Go modules ---------------------------------------------------
install_help="Install Pulumi >= v$MIN_PULUMI_VERSION (https://www.pulumi.com/docs/install/) and put the directory
holding pulumi and pulumi-language-nodejs on PATH, or install Go >= $MIN_GO_VERSION (https://go.dev/doc/install)
so that this script can build Pulumi v$PULUMI_VERSION from Go modules."

command -v go >/dev/null 2>&1 || die "no usable Pulumi CLI and no Go toolchain found.
$install_help"
go_version="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || true)"
case "$go_version" in
  go[0-9]*) ;;
  *) die "cannot tell the version of $(command -v go).
$install_help" ;;
esac
version_ge "$go_version" "$MIN_GO_VERSION" || die "$go_version is too old to build Pulumi v$PULUMI_VERSION.
$install_help"

mkdir -p "$CACHE_ROOT"

# One build at a time; whoever waited re-checks the cache first.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.build.lock"
  if ! flock -n 9; then
    log "another build is running; waiting for it (lock: $CACHE_ROOT/.build.lock)"
    flock 9
  fi
  if bin_dir_complete "$BIN_DIR"; then
    ensure_resource_script "$BIN_DIR"
    finish "$BIN_DIR"
  fi
fi

# Build next to the cache so that the final rename stays on one file system.
WORK="$(mktemp -d "$CACHE_ROOT/.build.XXXXXX")"
heartbeat_pid=""
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  if [ -n "$heartbeat_pid" ]; then kill "$heartbeat_pid" 2>/dev/null || true; fi
  chmod -R u+w "$WORK" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export GOTOOLCHAIN=local CGO_ENABLED=0
start_time=$SECONDS
log "building Pulumi v$PULUMI_VERSION and its Node.js language host with $go_version into $INSTALL_DIR"
log "(a first build downloads ~2 GB of Go modules and compiles for several minutes)"

# Print a line every 30 s so that a long, quiet compile does not look stuck. It must not hold
# stdout (fd 3) or the lock (fd 9) open, or `$(pulumi-cli.sh)` would wait for it.
(
  while sleep 30; do log "... still building ($((SECONDS - start_time)) s)"; done
) 3>&- 9>&- &
heartbeat_pid=$!

# write_wrapper DIR MODULE PACKAGE REQUIRES...: a throwaway module whose only job is to build PACKAGE.
write_wrapper() {
  local dir="$1" module="$2" pkg="$3" req
  shift 3
  mkdir -p "$dir"
  {
    printf 'module %s\n\ngo %s\n\nrequire (\n' "$module" "$MIN_GO_VERSION"
    for req in "$@"; do printf '\t%s\n' "$req"; done
    printf ')\n'
  } >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >"$dir/tools.go"
}

# The CLI: pkg/v3 and sdk/v3 of one release. Replace directives of a dependency are ignored, so
# copy pkg/v3's non-local ones (a patched clipboard fork) into the wrapper.
log "[1/4] resolving github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION"
write_wrapper "$WORK/cli" pulumi-invent.local/pulumi-cli "$CLI_PKG" \
  "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION"
pkg_gomod="$(cd "$WORK/cli" && go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" |
  sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')"
[ -f "$pkg_gomod" ] || die "could not download github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION (is the Go module proxy reachable?)"
grep -E '^replace [^ ]+ => [^.][^ ]* v[^ ]+$' "$pkg_gomod" >>"$WORK/cli/go.mod" || true
(cd "$WORK/cli" && go mod tidy)

log "[2/4] compiling pulumi v$PULUMI_VERSION"
mkdir -p "$WORK/pulumi-v$PULUMI_VERSION/bin"
(cd "$WORK/cli" && go build -trimpath -ldflags "-s -w -X $VERSION_VAR=v$PULUMI_VERSION" \
  -o "$WORK/pulumi-v$PULUMI_VERSION/bin/pulumi" "$CLI_PKG")

log "[3/4] compiling pulumi-language-nodejs (from github.com/pulumi/pulumi/sdk/v3@v$LANGHOST_VERSION)"
write_wrapper "$WORK/langhost" pulumi-invent.local/pulumi-language-nodejs "$LANGHOST_PKG" \
  "github.com/pulumi/pulumi/sdk/v3 v$LANGHOST_VERSION"
(cd "$WORK/langhost" && go mod tidy &&
  go build -trimpath -ldflags "-s -w -X $VERSION_VAR=v$LANGHOST_VERSION" \
    -o "$WORK/pulumi-v$PULUMI_VERSION/bin/pulumi-language-nodejs" "$LANGHOST_PKG")

log "[4/4] installing into $INSTALL_DIR"
ensure_resource_script "$WORK/pulumi-v$PULUMI_VERSION/bin"
printf 'pulumi v%s\npulumi-language-nodejs v%s (sdk/v3)\nbuilt with %s\n' \
  "$PULUMI_VERSION" "$LANGHOST_VERSION" "$go_version" >"$WORK/pulumi-v$PULUMI_VERSION/VERSIONS"
"$WORK/pulumi-v$PULUMI_VERSION/bin/pulumi" version >/dev/null ||
  die "the freshly built pulumi does not run"
if [ -e "$INSTALL_DIR" ] && ! bin_dir_complete "$BIN_DIR"; then
  rm -rf "$INSTALL_DIR" # a broken leftover
fi
if ! mv -T "$WORK/pulumi-v$PULUMI_VERSION" "$INSTALL_DIR" 2>/dev/null; then
  bin_dir_complete "$BIN_DIR" || die "could not install into $INSTALL_DIR"
  log "another build finished first; using it"
fi
log "done in $((SECONDS - start_time)) s"
finish "$BIN_DIR"
