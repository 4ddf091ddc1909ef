#!/usr/bin/env bash
# Step 2 of the action: lint once, and from that one run write the annotations (stdout), the
# job summary, the outputs `findings` and `exit-code`, SARIF and the review body.
#
# Environment: the action's inputs as INPUT_FILES, INPUT_ARGS, INPUT_FAIL_ON, INPUT_ONLINE,
# INPUT_ONLY_CHANGED, INPUT_SARIF, INPUT_SUMMARY, INPUT_SUGGEST; GITHUB_EVENT_NAME,
# GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE, RUNNER_TEMP; the
# token in GITHUB_TOKEN (read by awesome-lint itself, never put on a command line).
# Inputs arrive through the environment, never expanded into this script's text.
set -uo pipefail

cd "${GITHUB_WORKSPACE:-.}" || exit 2
out="$(mktemp -d "${RUNNER_TEMP:?}/awesome-lint-report.XXXXXX")"

is_pr=false
case "${GITHUB_EVENT_NAME:-}" in
  pull_request | pull_request_target) is_pr=true ;;
esac
online="${INPUT_ONLINE:-}"
if [ -z "$online" ]; then
  # Pull requests are checked offline by default: a flaky site should not fail a contributor.
  if [ "$is_pr" = true ]; then online=false; else online=true; fi
fi
only_changed="${INPUT_ONLY_CHANGED:-}"
if [ -z "$only_changed" ]; then only_changed="$is_pr"; fi

read -r -a files <<< "${INPUT_FILES:-README.md}"
read -r -a extra <<< "${INPUT_ARGS:-}"
args=(check --format github --fail-on "${INPUT_FAIL_ON:-error}"
  --output "json=$out/report.json" --output "markdown=$out/summary.md"
  --max-report-bytes 1000000)
if [ "$online" = false ]; then
  args+=(--offline)
fi
if [ -n "${INPUT_SARIF:-}" ]; then
  args+=(--output "sarif=$INPUT_SARIF")
fi

review=false
if [ "$only_changed" = true ]; then
  if [ "$is_pr" != true ]; then
    echo "::notice title=awesome-lint::only-changed needs a pull_request event; checking every line"
  else
    base="$(jq -r '.pull_request.base.sha // empty' "${GITHUB_EVENT_PATH:?}")"
    head="$(jq -r '.pull_request.head.sha // empty' "$GITHUB_EVENT_PATH")"
    if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
      git fetch --quiet --no-tags --depth=1 origin "$base" || true
    fi
    # The merge base, when the history has it: changes on the base branch since the pull
    # request forked are not the contributor's.
    since="$(git merge-base "$base" HEAD 2>/dev/null || echo "$base")"
    args+=(--changed-since "$since")
    # GitHub places review comments by the pull request's head, so suggestions need it
    # checked out (actions/checkout's default for pull_request is the merge commit).
    if [ "${INPUT_SUGGEST:-true}" = true ]; then
      if [ "$(git rev-parse HEAD)" = "$head" ]; then
        review=true
        args+=(--output "github-review=$out/review.json")
      else
        echo "::notice title=awesome-lint::no suggestions: check out the pull request's head (actions/checkout with ref: \${{ github.event.pull_request.head.sha }}) to get them"
      fi
    fi
  fi
fi

awesome-lint "${args[@]}" "${extra[@]}" -- "${files[@]}"
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
if [ ! -f "$out/report.json" ]; then
  echo "::error title=awesome-lint::awesome-lint stopped with exit code $code before it wrote a report"
  echo "findings=" >> "$GITHUB_OUTPUT"
  exit 0
fi
count() { jq ".summary.$1" "$out/report.json"; }
errors="$(count errors)"
warnings="$(count warnings)"
infos="$(count infos)"
echo "findings=$((errors + warnings + infos))" >> "$GITHUB_OUTPUT"
if [ "$review" = true ]; then
  echo "review=$out/review.json" >> "$GITHUB_OUTPUT"
fi

if [ "${INPUT_SUMMARY:-true}" = true ]; then
  {
    cat "$out/summary.md"
    hidden_errors=$((errors > 10 ? errors - 10 : 0))
    hidden_warnings=$((warnings > 10 ? warnings - 10 : 0))
    hidden_notices=$((infos > 10 ? infos - 10 : 0))
    if [ $((hidden_errors + hidden_warnings + hidden_notices)) -gt 0 ]; then
      echo
      echo "> [!NOTE]"
      echo "> GitHub shows at most 10 errors, 10 warnings and 10 notices of a step as annotations:"
      echo "> $hidden_errors errors, $hidden_warnings warnings and $hidden_notices notices are only in this report."
    fi
  } >> "$GITHUB_STEP_SUMMARY"
fi
