#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then use only what was installed:
# the installed leakhound on the bundled examples (same findings as the build
# tree's), the installed plugin inside clang-tidy 19, and the pre-commit hook
# with the installed bin/ on PATH.
#
# The prefix also gets an empty lib/clang/19/include: clang's tooling derives
# the resource directory from the executable's location
# (<prefix>/bin/../lib/clang/19); when that holds an include/ without clang's
# headers, every TU fails with "'stdarg.h' file not found" (Debian's fallback
# only covers a missing directory). leakhound must use the resource directory
# baked in at configure time; the test shows the same TU failing when that
# prefix directory is forced with -resource-dir, so it can tell.
#
# usage: install-test.sh <source-dir> <build-dir> <scratch-dir>
set -uo pipefail
src=$1 build=$2 work=$3
tidy=/usr/lib/llvm-19/bin/clang-tidy
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; echo "FAIL: cmake --install"; exit 1; }

for f in bin/leakhound lib/leakhound/libleakhound-tidy.so \
         share/doc/leakhound/README.md share/doc/leakhound/user-guide.md \
         share/doc/leakhound/checks/unfreed-allocation.md \
         share/leakhound/pre-commit-hooks.yaml; do
  [ -e "$prefix/$f" ] && ok "installed $f" || bad "missing $prefix/$f"
done
[ -x "$prefix/bin/leakhound" ] || bad "bin/leakhound is not executable"
mkdir -p "$prefix/lib/clang/19/include"

v=$("$prefix/bin/leakhound" --version 2>&1)
if [[ "$v" =~ ^leakhound\ [0-9]+\.[0-9]+\.[0-9]+\ \(LLVM\ 19\.[0-9.]+\)$ ]]; then
  ok "--version: $v"
else
  bad "--version printed '$v'"
fi

# The examples' compile database, as `make demo` makes it.
cmake -S "$src/examples" -B "$work/examples" -G Ninja \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/examples.log" 2>&1 ||
  { cat "$work/examples.log"; bad "configuring examples/"; exit 1; }

# Headers only the resource directory has must be found.
printf '#include <stdarg.h>\n#include <stddef.h>\n#include <stdlib.h>\nsize_t f(int n, ...) {\n  va_list ap;\n  va_start(ap, n);\n  va_end(ap);\n  char *p = malloc(4);\n  return sizeof p;\n}\n' >"$work/resource_user.c"
"$prefix/bin/leakhound" --quiet "$work/resource_user.c" -- >"$work/resource.out" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'warning: .*\[leak-unfreed-allocation\]' "$work/resource.out" &&
   ! grep -q 'file not found' "$work/resource.out"; then
  ok "installed leakhound finds <stdarg.h> in the baked-in resource directory, not <prefix>/lib/clang/19"
else
  cat "$work/resource.out"; bad "installed leakhound on a file including <stdarg.h>: exit $rc"
fi
"$prefix/bin/leakhound" --quiet "$work/resource_user.c" -- -resource-dir="$prefix/lib/clang/19" \
  >"$work/resource-forced.out" 2>&1
grep -q "'stdarg.h' file not found" "$work/resource-forced.out" &&
  ok "(the prefix's own lib/clang/19 would fail: 'stdarg.h' file not found)" ||
  bad "forcing -resource-dir=<prefix>/lib/clang/19 did not fail; the check above proves nothing"

cd "$work" || exit 1
"$prefix/bin/leakhound" -p "$work/examples" --source-root="$src" >installed.out 2>installed.err
rc_inst=$?
"$build/bin/leakhound" -p "$work/examples" --source-root="$src" >built.out 2>built.err
rc_built=$?
n=$(grep -c ': warning: ' installed.out)
if [ $rc_inst = 1 ] && [ "$n" -ge 4 ] && cmp -s installed.out built.out &&
   [ $rc_built = $rc_inst ]; then
  ok "installed leakhound on examples/: exit 1, $n findings, same output as the build tree's"
else
  cat installed.err; bad "installed leakhound on examples/: exit $rc_inst, $n findings (build tree: exit $rc_built)"
fi
for c in leak-unfreed-allocation leak-unreleased-handle leak-unbounded-container leak-blocked-thread leak-retained-subview; do
  grep -q "\[$c\]" installed.out && ok "examples/: a $c finding" || bad "examples/: no $c finding"
done

# The plugin, loaded by clang-tidy 19 from the install. LD_BIND_NOW makes an
# ABI mismatch a load error rather than a silent run with no findings.
if [ -x "$tidy" ]; then
  LD_BIND_NOW=1 "$tidy" -load="$prefix/lib/leakhound/libleakhound-tidy.so" \
    --checks='-*,leak-*' -p "$work/examples" "$src/examples/src/request_parser.c" \
    >plugin.out 2>plugin.err
  if grep -q 'warning: .*\[leak-unfreed-allocation\]' plugin.out; then
    ok "installed plugin in $tidy reports leak-unfreed-allocation on examples/src/request_parser.c"
  else
    cat plugin.out plugin.err; bad "installed plugin: no finding"
  fi
else
  bad "$tidy not found"
fi

# The pre-commit hook (.pre-commit-hooks.yaml) with only the install on PATH.
if command -v pre-commit >/dev/null 2>&1; then
  env PATH="$prefix/bin:/usr/local/bin:/usr/bin:/bin" \
    bash "$src/test/precommit/Inputs/run-precommit.sh" "$src" "$work/precommit" "$prefix/bin" \
    >precommit.log 2>&1
  got=$(grep '^RESULT:' precommit.log | tr '\n' ' ')
  want="RESULT: committed RESULT: refused RESULT: committed RESULT: refused RESULT: refused "
  if [ "$got" = "$want" ] && grep -q 'src/new.c:[0-9]*:[0-9]*: warning: .*\[leak-unfreed-allocation\]' precommit.log; then
    ok "pre-commit hook with the installed leakhound: refuses the leak, passes the fix"
  else
    cat precommit.log; bad "pre-commit hook with the installed leakhound: $got"
  fi
else
  echo "note: pre-commit not installed; the hook part of this test was skipped"
fi

[ $fail = 0 ] && echo "PASS: install" || echo "FAILED: install"
exit $fail
