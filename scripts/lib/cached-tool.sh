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
