#!/usr/bin/env bash
# Step 2 of the composite action (action.yml): check the files, print the chosen format to the log,
# append the Markdown report to the step summary, and set the step's outputs.
#
# Inputs come as environment variables (never interpolated into the script, so a file name cannot
# inject shell code): GENDERLENS_FILES (whitespace-separated paths, globs or URLs), GENDERLENS_FORMAT,
# GENDERLENS_FAIL_ON_MISS (true/false), GENDERLENS_CONFIG, GENDERLENS_MIN_CELL, GENDERLENS_SUMMARY
# (true/false). GitHub sets GITHUB_STEP_SUMMARY and GITHUB_OUTPUT.
set -uo pipefail

read -r -d '' -a patterns <<<"${GENDERLENS_FILES:-}" || true
files=()
shopt -s nullglob globstar
for pattern in "${patterns[@]}"; do
  if [[ "$pattern" == *://* ]]; then
    files+=("$pattern")
    continue
  fi
  matched=($pattern)
  if ((${#matched[@]} == 0)); then
    echo "::error title=genderlens::no file matches '$pattern'"
    exit 2
  fi
  files+=("${matched[@]}")
done
if ((${#files[@]} == 0)); then
  echo "::error title=genderlens::the 'files' input is empty"
  exit 2
fi

common=()
[[ -n "${GENDERLENS_CONFIG:-}" ]] && common+=(--config "$GENDERLENS_CONFIG")
[[ -n "${GENDERLENS_MIN_CELL:-}" ]] && common+=(--min-cell "$GENDERLENS_MIN_CELL")

fail=()
[[ "${GENDERLENS_FAIL_ON_MISS:-true}" == "true" ]] && fail=(--fail-on-miss)

genderlens check "${files[@]}" "${common[@]}" --format "${GENDERLENS_FORMAT:-table}" "${fail[@]}"
code=$?

if [[ "${GENDERLENS_SUMMARY:-true}" == "true" && -n "${GITHUB_STEP_SUMMARY:-}" && $code -ne 2 ]]; then
  genderlens check "${files[@]}" "${common[@]}" --format markdown >>"$GITHUB_STEP_SUMMARY" || true
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
fi
exit $code
