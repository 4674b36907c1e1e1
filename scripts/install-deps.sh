#!/usr/bin/env bash
# Installs what leakhound needs to build and test, and nothing when it is all present.
# Idempotent: safe to run on every `make demo` / `make check`.
set -euo pipefail

PACKAGES=(
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 clang-tidy-19 llvm-19-tools
  nlohmann-json3-dev g++ cmake ninja-build python3 googletest libgtest-dev git ccache
)
# Optional: test and benchmark tools. Missing ones only disable the tests that need them.
OPTIONAL=(pre-commit libclang-rt-19-dev python3-matplotlib)

want=("${PACKAGES[@]}")
if [ "${LEAKHOUND_SKIP_OPTIONAL:-0}" != 1 ]; then want+=("${OPTIONAL[@]}"); fi

# npm is needed for the SARIF validator; a nodejs that bundles npm (as nodesource's does)
# conflicts with Debian's npm package, so only ask for the package when no npm is on PATH.
if [ "${LEAKHOUND_SKIP_OPTIONAL:-0}" != 1 ] && ! command -v npm >/dev/null 2>&1; then want+=(npm); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

install_sarif_multitool() {
  # The SARIF validator the tests use, from npm, into the project's node_modules.
  [ "${LEAKHOUND_SKIP_OPTIONAL:-0}" = 1 ] && return 0
  local root tool
  root=$(cd "$(dirname "$0")/.." && pwd)
  tool="$root/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  if [ ! -x "$tool" ]; then
    if command -v npm >/dev/null 2>&1; then
      echo "install-deps: installing the SARIF Multitool (npm)" >&2
      (cd "$root" && npm install --no-save --no-audit --no-fund --loglevel=error \
        @microsoft/sarif-multitool@5.7.0 >/dev/null) ||
        echo "install-deps: warning: could not install the SARIF Multitool; SARIF validation tests will be skipped" >&2
    fi
    [ -f "$tool" ] && chmod u+x "$tool"
  fi
  return 0
}

if [ ${#missing[@]} -eq 0 ]; then
  install_sarif_multitool
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root and no sudo; install them and retry" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

install_sarif_multitool
