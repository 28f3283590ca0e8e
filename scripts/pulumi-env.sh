# shellcheck shell=bash disable=SC2317
# Source this file to run Pulumi fully offline against a local state directory:
#
#   . scripts/pulumi-env.sh STATE_DIR [BIN_DIR]
#
# STATE_DIR (created if missing) becomes the file backend. BIN_DIR, for example the output of
# scripts/pulumi-cli.sh, is put first on PATH. PULUMI_HOME is a new temporary directory, so no
# plugins or credentials from ~/.pulumi are used. A PULUMI_CONFIG_PASSPHRASE already set is kept.
# Still pass `--yes --non-interactive` to preview/up/refresh/destroy.

if [ -z "${1:-}" ]; then
  echo "usage: . scripts/pulumi-env.sh STATE_DIR [BIN_DIR]" >&2
  return 2 2>/dev/null || exit 2
fi
mkdir -p "$1" && PULUMI_BACKEND_URL="file://$(cd "$1" && pwd)" || return 1 2>/dev/null || exit 1
export PULUMI_BACKEND_URL
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-pulumi-invent-local}"
PULUMI_HOME="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-home.XXXXXX")" || return 1 2>/dev/null || exit 1
export PULUMI_HOME
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
if [ -n "${2:-}" ]; then
  PATH="$(cd "$2" && pwd):$PATH" || return 1 2>/dev/null || exit 1
  export PATH
fi
