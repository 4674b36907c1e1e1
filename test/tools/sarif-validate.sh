#!/bin/sh
# Validates a SARIF file with the SARIF Multitool at levels Error and Warning;
# prints the problems and fails when there are any.
set -u
f="$1"
out="${f}.validation.json"
"$LEAKHOUND_SARIF_MULTITOOL" validate "$f" --level 'Error;Warning' -o "$out" --log ForceOverwrite > "${f}.validation.log" 2>&1
rc=$?
if grep -E ' (error|warning) (SARIF|GH)[0-9]+' "${f}.validation.log"; then
  exit 1
fi
if [ $rc -ne 0 ]; then
  cat "${f}.validation.log"
  exit 1
fi
echo "sarif valid"
