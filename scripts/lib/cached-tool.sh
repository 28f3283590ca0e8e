# Sourced by the scripts that make a pinned tool available (pulumi-cli.sh, actionlint.sh): each prints the
# tool's path as its only line on stdout (fd 3, kept by the caller) and says everything else on stderr.

CACHE_ROOT="${PULUMI_INVENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-invent}"

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() {
  log "$*"
  exit 1
}
# finish PATH: prints PATH as the script's answer and exits.
finish() {
  printf '%s\n' "$1" >&3
  exit 0
}

# --- Go builds of pinned tools (pulumi-yaml.sh, pulumi-python.sh, sdkgen.sh) ------------------------------

# require_go MIN: dies with install help unless a Go toolchain >= MIN is on PATH.
require_go() {
  local have
  command -v go >/dev/null 2>&1 || die "no Go toolchain found: install Go >= $1 (https://go.dev/doc/install)."
  have="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || true)"
  have="${have#go}"
  [ "$(printf '%s\n%s\n' "$1" "$have" | sort -V | head -n1)" = "$1" ] ||
    die "Go $have is too old: install Go >= $1 (https://go.dev/doc/install)."
}

# go_wrapper DIR MODULE PACKAGE REQUIRES...: a throwaway module whose only job is to build PACKAGE (a module
# with replace directives cannot be built with `go install pkg@version`).
go_wrapper() {
  local dir="$1" module="$2" pkg="$3" req
  shift 3
  mkdir -p "$dir"
  {
    printf 'module %s\n\ngo 1.25\n\nrequire (\n' "$module"
    for req in "$@"; do printf '\t%s\n' "$req"; done
    printf ')\n'
  } >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" >"$dir/tools.go"
}

# cached_build DIR CHECK BUILD: prints DIR when `CHECK DIR` passes; otherwise, under a lock (one build at a
# time; whoever waited checks again), runs `BUILD OUT` into a fresh directory next to the cache and renames it
# to DIR, so no half-built tool is ever cached. Go builds use the shared Go caches and never fetch a toolchain.
cached_build() {
  local dir="$1" check="$2" build="$3" work started=$SECONDS
  "$check" "$dir" && finish "$dir"
  mkdir -p "$CACHE_ROOT"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_ROOT/.$(basename "$dir").lock"
    flock 9
    "$check" "$dir" && finish "$dir"
  fi
  work="$(mktemp -d "$CACHE_ROOT/.build.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'" EXIT
  export GOTOOLCHAIN=local CGO_ENABLED=0
  log "building $(basename "$dir") into $dir"
  "$build" "$work/out" || die "building $(basename "$dir") failed (is the Go module proxy reachable?)"
  "$check" "$work/out" || die "the freshly built $(basename "$dir") does not run"
  rm -rf "$dir"
  mv -T "$work/out" "$dir"
  log "built $(basename "$dir") in $((SECONDS - started)) s"
  finish "$dir"
}
