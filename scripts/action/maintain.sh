#!/usr/bin/env bash
# `mode: maintain`, for a scheduled workflow: check the list online with the link cache,
# apply the safe fixes, and
#   - open or update one pull request with them, from the fixed branch $BRANCH, so a second
#     run never opens a second one;
#   - open or update one issue titled "Link report" with what is left, and close it once the
#     list is clean.
# Every call to GitHub goes through `gh` with GH_TOKEN. Environment: INPUT_FILES, INPUT_ARGS,
# GITHUB_WORKSPACE, GITHUB_OUTPUT, RUNNER_TEMP, CACHE_FILE, BRANCH (default
# awesome-lint/fixes), GITHUB_TOKEN (read by awesome-lint for GitHub's API).
set -euo pipefail

cd "${GITHUB_WORKSPACE:-.}"
branch="${BRANCH:-awesome-lint/fixes}"
title="Link report"
out="$(mktemp -d "${RUNNER_TEMP:?}/awesome-lint-maintain.XXXXXX")"
read -r -a files <<< "${INPUT_FILES:-README.md}"
read -r -a extra <<< "${INPUT_ARGS:-}"

set +e
awesome-lint check --fix --format github --fail-on never \
  --cache "${CACHE_FILE:-$RUNNER_TEMP/awesome-lint-links.json}" \
  --output "json=$out/report.json" --output "markdown=$out/report.md" \
  --max-report-bytes 60000 "${extra[@]}" -- "${files[@]}"
code=$?
set -e
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
if [ ! -f "$out/report.json" ]; then
  echo "::error title=awesome-lint::awesome-lint stopped with exit code $code before it wrote a report"
  exit 1
fi
findings="$(jq '.summary.errors + .summary.warnings + .summary.infos' "$out/report.json")"
echo "findings=$findings" >> "$GITHUB_OUTPUT"

# The pull request with the fixes.
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  gh auth setup-git
  git config user.name "github-actions[bot]"
  git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
  git checkout -B "$branch"
  git commit --quiet --all --message "Apply awesome-lint's safe fixes"
  git push --force --quiet origin "$branch"
  existing="$(gh pr list --head "$branch" --state open --json number --jq '.[0].number // empty')"
  if [ -n "$existing" ]; then
    echo "updated pull request #$existing"
  else
    gh pr create --head "$branch" --title "Fix links found by awesome-lint" \
      --body "Safe fixes by the scheduled awesome-lint run (arXiv link forms, renamed repositories and the like). The rest is in the \"$title\" issue."
  fi
  echo "pull-request-branch=$branch" >> "$GITHUB_OUTPUT"
fi

# The one "Link report" issue.
issue="$(gh issue list --state open --search "\"$title\" in:title" --json number,title \
  --jq "map(select(.title == \"$title\")) | .[0].number // empty")"
if [ "$findings" -gt 0 ]; then
  if [ -n "$issue" ]; then
    gh issue edit "$issue" --body-file "$out/report.md"
  else
    gh issue create --title "$title" --body-file "$out/report.md"
  fi
elif [ -n "$issue" ]; then
  gh issue close "$issue" --comment "awesome-lint finds nothing left to report."
fi
