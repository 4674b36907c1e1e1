#!/usr/bin/env bash
# Drives the real pre-commit client through leakhound's hook manifest.
# usage: run-precommit.sh <leakhound-source-dir> <scratch-dir> <bin-dir>
set -u
src=$1 work=$2 bin=$3
rm -rf "$work" && mkdir -p "$work"
export PRE_COMMIT_HOME="$work/cache" PATH="$bin:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
git() { command git -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

# A hook repository holding this working tree's manifest.
mkdir -p "$work/hooks" && cp "$src/.pre-commit-hooks.yaml" "$work/hooks/"
(cd "$work/hooks" && git init -q && git add . && git commit -qm hooks) || exit 1
rev=$(cd "$work/hooks" && git rev-parse HEAD)

# A project with an old leak, its compile database, and the hook installed.
proj="$work/project"
mkdir -p "$proj/src" "$proj/include" "$proj/build"
cp "$src/test/precommit/Inputs/old.c" "$proj/src/old.c"
cp "$src/test/precommit/Inputs/util.h" "$proj/include/util.h"
cat > "$proj/build/compile_commands.json" <<JSON
[{"directory": "$proj", "file": "src/old.c", "arguments": ["cc", "-c", "src/old.c", "-Iinclude"]},
 {"directory": "$proj", "file": "src/new.c", "arguments": ["cc", "-c", "src/new.c", "-Iinclude"]}]
JSON
cat > "$proj/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: leakhound
YAML
cd "$proj" || exit 1
git init -q && git add .pre-commit-config.yaml src/old.c include/util.h && git commit -qm base --no-verify || exit 1
pre-commit install >/dev/null || exit 1

echo "== unrelated change next to an old leak"
printf '\n/* a comment */\nint unrelated(void) { return 1; }\n' >> src/old.c
git add src/old.c
if git commit -qm unrelated; then echo "RESULT: committed"; else echo "RESULT: refused"; fi

echo "== new file with a leak"
cp "$src/test/precommit/Inputs/new_leak.c" src/new.c
git add src/new.c
if git commit -qm leak; then echo "RESULT: committed"; else echo "RESULT: refused"; fi

echo "== the same file, fixed"
cp "$src/test/precommit/Inputs/new_clean.c" src/new.c
git add src/new.c
if git commit -qm clean; then echo "RESULT: committed"; else echo "RESULT: refused"; fi

echo "== a header change that leaks"
cp "$src/test/precommit/Inputs/util_leak.h" include/util.h
git add include/util.h
if git commit -qm header; then echo "RESULT: committed"; else echo "RESULT: refused"; fi
git reset -q --hard HEAD

echo "== no compile database"
mv build build.off
printf '/* touch */\n' >> src/new.c
git add src/new.c
if git commit -qm nodb; then echo "RESULT: committed"; else echo "RESULT: refused"; fi
