#!/usr/bin/env bash
# Step 3 of the action: post the review with the suggested fixes, one per pull request run.
# Environment: REVIEW (the file lint.sh wrote), GITHUB_EVENT_PATH, GITHUB_REPOSITORY, and
# GH_TOKEN for `gh`. A token that may not review (a fork's pull request) is a notice, not a
# failure: the annotations and the summary are already there.
set -uo pipefail

if [ -z "${REVIEW:-}" ] || [ ! -f "$REVIEW" ]; then
  exit 0
fi
comments="$(jq '.comments | length' "$REVIEW")"
if [ "$comments" -eq 0 ]; then
  echo "no safe fix on the changed lines: no review"
  exit 0
fi
number="$(jq -r '.pull_request.number' "${GITHUB_EVENT_PATH:?}")"
head="$(jq -r '.pull_request.head.sha' "$GITHUB_EVENT_PATH")"
body="$(mktemp)"
jq --arg sha "$head" '. + {commit_id: $sha}' "$REVIEW" > "$body"
if gh api --method POST "repos/${GITHUB_REPOSITORY:?}/pulls/$number/reviews" --input "$body" > /dev/null; then
  echo "posted a review with $comments suggested fixes"
else
  echo "::notice title=awesome-lint::could not post the review with $comments suggested fixes (a pull request from a fork gets a read-only token)"
fi
rm -f "$body"
