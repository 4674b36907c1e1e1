#!/usr/bin/env bash
# The Debian package `make package` builds, checked as a user's apt would use it:
#  1. its control fields (dpkg-deb -I): Depends names every package whose
#     library the binaries link (each NEEDED soname traced to its package with
#     dpkg -S), plus clang-tidy-19 (loads the plugin) and libclang-common-19-dev
#     (clang's resource directory), held to the LLVM release built against;
#  2. its files (dpkg-deb -c);
#  3. what `apt install ./leakhound_*.deb` pulls on a fresh Debian 12: apt
#     simulates the install against an empty dpkg status (a system with nothing
#     installed) and must resolve and pull the LLVM 19 runtime;
#  4. the package's files, unpacked into a scratch root (dpkg-deb -x), run: the
#     driver on a leaky file, the plugin inside clang-tidy 19;
#  5. only with LEAKHOUND_TEST_APT_INSTALL=1, as root, and when no leakhound
#     package is installed yet: a real `apt-get install ./leakhound_*.deb`,
#     /usr/bin/leakhound and the plugin used, then the package purged again.
#     (Off by default: it changes the machine, which a shared one must not see.)
#
# usage: deb-test.sh <source-dir> <build-dir> <scratch-dir>
set -uo pipefail
src=$1 build=$2 work=$3
tidy=/usr/lib/llvm-19/bin/clang-tidy
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

rm -rf "$work" && mkdir -p "$work"
(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; echo "FAIL: cpack -G DEB"; exit 1; }
debs=("$work"/pkg/leakhound_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || { cat "$work/cpack.log"; echo "FAIL: no leakhound_*.deb"; exit 1; }
ok "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# 1. Control fields.
dpkg-deb -I "$deb" >"$work/info.txt"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
dep_names=" $(echo "$depends" | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g' | tr '\n' ' ') "
for p in libc6 libstdc++6 libllvm19 libclang-cpp19 clang-tidy-19 libclang-common-19-dev; do
  [[ "$dep_names" == *" $p "* ]] && ok "Depends on $p" || bad "Depends lacks $p"
done
for p in clang-tidy-19 libclang-common-19-dev libllvm19 libclang-cpp19; do
  echo "$depends" | grep -Eq "(^|, )$p \(>= 1:19\.[0-9.]+\)" &&
    ok "$p held to >= the LLVM 19 release built against" ||
    bad "$p has no (>= 1:19.x) constraint"
done
[ "$(dpkg-deb -f "$deb" Package)" = leakhound ] || bad "Package is not leakhound"
[ -n "$(dpkg-deb -f "$deb" Version)" ] || bad "no Version"

# 2. Files.
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files.txt"
for f in ./usr/bin/leakhound ./usr/lib/leakhound/libleakhound-tidy.so \
         ./usr/share/doc/leakhound/README.md ./usr/share/doc/leakhound/user-guide.md \
         ./usr/share/leakhound/pre-commit-hooks.yaml; do
  grep -qxF "$f" "$work/files.txt" && ok "contains $f" || bad "does not contain $f"
done

# Every library the binaries link comes from a package in Depends.
root="$work/root"
dpkg-deb -x "$deb" "$root"
for elf in "$root/usr/bin/leakhound" "$root/usr/lib/leakhound/libleakhound-tidy.so"; do
  for so in $(objdump -p "$elf" | awk '$1 == "NEEDED" {print $2}'); do
    path=$(ldd "$elf" 2>/dev/null | awk -v s="$so" '$1 == s {print $3}')
    [ -n "$path" ] || { bad "$(basename "$elf") needs $so, which ldd cannot find"; continue; }
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    if [ -z "$pkg" ]; then
      bad "$so ($path) belongs to no package"
    elif [[ "$dep_names" == *" $pkg "* ]]; then
      ok "$(basename "$elf") links $so from $pkg, in Depends"
    else
      bad "$(basename "$elf") links $so from $pkg, not in Depends"
    fi
  done
done

# 3. A fresh system: nothing installed, only the machine's package lists.
if ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  mkdir -p "$work/apt"
  : >"$work/apt/status"
  apt-get -s -o Dir::State::status="$work/apt/status" -o Debug::NoLocking=1 \
    -o APT::Get::List-Cleanup=0 --no-install-recommends install "$deb" >"$work/apt.log" 2>&1
  rc=$?
  if [ $rc = 0 ] && grep -q '^Inst leakhound ' "$work/apt.log"; then
    ok "apt resolves ./$(basename "$deb") on a system with nothing installed"
    for p in libllvm19 libclang-cpp19 clang-tidy-19 libclang-common-19-dev libstdc++6; do
      grep -q "^Inst $p " "$work/apt.log" && ok "apt pulls $p" || bad "apt does not pull $p"
    done
  else
    tail -20 "$work/apt.log"; bad "apt cannot install the package on a fresh system (exit $rc)"
  fi
else
  echo "note: no apt package lists (run apt-get update); the fresh-system resolution was skipped"
fi

# 4. The unpacked files at work.
v=$("$root/usr/bin/leakhound" --version 2>&1)
[[ "$v" =~ ^leakhound\ [0-9.]+\ \(LLVM\ 19 ]] && ok "packaged --version: $v" || bad "packaged --version: '$v'"
"$root/usr/bin/leakhound" --quiet "$src/test/driver/Inputs/leaky.c" -- >"$work/run.out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q 'leaky.c:[0-9]*:[0-9]*: warning: .*\[leak-unfreed-allocation\]' "$work/run.out" &&
  ok "packaged leakhound finds the leak in leaky.c" ||
  { cat "$work/run.out"; bad "packaged leakhound on leaky.c: exit $rc"; }
LD_BIND_NOW=1 "$tidy" -load="$root/usr/lib/leakhound/libleakhound-tidy.so" --checks='-*,leak-*' \
  "$src/test/driver/Inputs/leaky.c" -- >"$work/plugin.out" 2>&1
grep -q 'warning: .*\[leak-unfreed-allocation\]' "$work/plugin.out" &&
  ok "packaged plugin in clang-tidy 19 finds the leak" ||
  { cat "$work/plugin.out"; bad "packaged plugin: no finding"; }

# 5. A real install, when asked for.
if [ "${LEAKHOUND_TEST_APT_INSTALL:-0}" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "note: LEAKHOUND_TEST_APT_INSTALL=1 needs root; the real install was skipped"
  elif [[ "$(dpkg-query -W -f='${Status}' leakhound 2>/dev/null)" == *'install ok'* ]]; then
    echo "note: a leakhound package is installed already; the real install was skipped"
  else
    trap 'apt-get purge -y -qq leakhound >/dev/null 2>&1' EXIT
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/real.log" 2>&1; then
      ok "apt-get install $(basename "$deb")"
      [[ "$(/usr/bin/leakhound --version 2>&1)" == "leakhound "* ]] &&
        ok "/usr/bin/leakhound --version" || bad "/usr/bin/leakhound --version"
      /usr/bin/leakhound --quiet "$src/test/driver/Inputs/leaky.c" -- >"$work/real.out" 2>&1
      [ $? = 1 ] && grep -q '\[leak-unfreed-allocation\]' "$work/real.out" &&
        ok "/usr/bin/leakhound finds the leak" || { cat "$work/real.out"; bad "/usr/bin/leakhound"; }
      LD_BIND_NOW=1 "$tidy" -load=/usr/lib/leakhound/libleakhound-tidy.so --checks='-*,leak-*' \
        "$src/test/driver/Inputs/leaky.c" -- >"$work/real-plugin.out" 2>&1
      grep -q '\[leak-unfreed-allocation\]' "$work/real-plugin.out" &&
        ok "/usr/lib/leakhound/libleakhound-tidy.so works in clang-tidy 19" ||
        { cat "$work/real-plugin.out"; bad "installed plugin"; }
      if command -v pre-commit >/dev/null 2>&1; then
        env PATH="/usr/bin:/bin" bash "$src/test/precommit/Inputs/run-precommit.sh" \
          "$src" "$work/precommit" /usr/bin >"$work/precommit.log" 2>&1
        [ "$(grep -c '^RESULT: refused' "$work/precommit.log")" = 3 ] &&
          ok "pre-commit hook with /usr/bin/leakhound" || { cat "$work/precommit.log"; bad "pre-commit hook"; }
      fi
    else
      cat "$work/real.log"; bad "apt-get install $(basename "$deb")"
    fi
  fi
fi

[ $fail = 0 ] && echo "PASS: package" || echo "FAILED: package"
exit $fail
