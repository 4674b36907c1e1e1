#!/usr/bin/env bash
# Installs what leakhound needs to build and test, and nothing when it is all present.
# Idempotent: safe to run on every `make demo` / `make check`.
set -euo pipefail

PACKAGES=(
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 clang-tidy-19 llvm-19-tools
  nlohmann-json3-dev g++ cmake ninja-build python3 googletest libgtest-dev git ccache
)
# Optional: test and benchmark tools (cppcheck is a peer in bench/run.py; chromium renders
# the HTML report in its browser tests; dpkg-dev's dpkg-shlibdeps computes the package's
# Depends in `make package`). Missing ones only disable the tests or benchmark rows that
# need them, and failing to install one is a warning, never an error.
OPTIONAL=(pre-commit libclang-rt-19-dev python3-matplotlib cppcheck chromium dpkg-dev)

# --bench: also what the real-code corpus (bench/realcode.py, `make bench-realcode`)
# needs to fetch and configure its Debian source packages. `make check` never asks
# for these; keep the list in step with BENCH_DEBS in bench/realcode.py.
BENCH=(bear dpkg-dev make pkg-config libevent-dev libncurses-dev libonig-dev libpcre2-dev
  libcjson-dev libssl-dev zlib1g-dev libxxhash0)
if [ "${1:-}" = --bench ]; then PACKAGES+=("${BENCH[@]}"); fi

want_optional=()
if [ "${LEAKHOUND_SKIP_OPTIONAL:-0}" != 1 ]; then want_optional+=("${OPTIONAL[@]}"); fi

# npm is needed for the SARIF validator; a nodejs that bundles npm (as nodesource's does)
# conflicts with Debian's npm package, so only ask for the package when no npm is on PATH.
if [ "${LEAKHOUND_SKIP_OPTIONAL:-0}" != 1 ] && ! command -v npm >/dev/null 2>&1; then
  want_optional+=(npm)
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=() missing_optional=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
for p in "${want_optional[@]}"; do installed "$p" || missing_optional+=("$p"); done

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

if [ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ]; then
  install_sarif_multitool
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
elif [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: missing packages (${missing[*]}) and not root and no sudo; install them and retry" >&2
  exit 2
else
  echo "install-deps: warning: optional packages missing (${missing_optional[*]}) and not root and no sudo; the tests and benchmark rows that need them will be skipped" >&2
  install_sarif_multitool
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt_install() {
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  "${SUDO[@]}" apt-get update -qq >/dev/null
  apt_install "${missing[@]}"
elif ! "${SUDO[@]}" apt-get update -qq >/dev/null; then
  echo "install-deps: warning: apt-get update failed; trying the optional packages anyway" >&2
fi

if [ ${#missing_optional[@]} -gt 0 ]; then
  echo "install-deps: installing optional ${missing_optional[*]}" >&2
  # All at once; when that fails (one of them unavailable), one by one, so that one
  # missing package does not keep the others out.
  if ! apt_install "${missing_optional[@]}" 2>/dev/null; then
    for p in "${missing_optional[@]}"; do
      installed "$p" && continue
      apt_install "$p" 2>/dev/null ||
        echo "install-deps: warning: could not install optional $p; the tests and benchmark rows that need it will be skipped" >&2
    done
  fi
fi

install_sarif_multitool
