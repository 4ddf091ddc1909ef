#!/usr/bin/env bash
# Scores the link checker against a local link farm (shared/bench): 1000 links over 8 loopback
# hosts (127.0.0.11-18, port 18090), timeout 5 s. Prints wall time, peak RSS, requests the farm
# served, false dead and missed dead, per tool.
#
# Tools: the checklinks example (src/links/ alone), `awesome-lint check` once the CLI has it, and
# lychee when it is on PATH. Run from anywhere; honours CARGO_TARGET_DIR.
#
# On the 2-core dev machine (farm: 50 ms latency, 429 above 32 in flight per host):
#   tool         wall s  rss MB  requests  false dead  missed
#   checklinks     11.5      13      1291           0       0   (1290 link requests + 1 for stats)
#   lychee 0.24    61.7      25      1479          43       0
# The floor is one timeout (5 s); a hang costs two (one retry), so ~10.2 s is the least any
# checker that retries timeouts can do. The farm (one Python process) needs ~1.3 s to serve
# the first wave, which is most of the rest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bench="${LINKFARM_DIR:-$root/../shared/bench}"
target="${CARGO_TARGET_DIR:-$root/target}"
links="${LINKS:-1000}"

cargo build --release --quiet --bin awesome-lint --example checklinks

tools=("checklinks=$target/release/examples/checklinks --timeout 5 --allow-private {list}")
# Only once `check` has the link flags; before that it would score as missing every dead link.
if "$target/release/awesome-lint" check --help 2>/dev/null | grep -q -- --allow-private; then
    tools+=("awesome-lint=$target/release/awesome-lint check --format json --timeout 5 --allow-private {list}")
else
    echo "note: \`awesome-lint check\` has no link checking yet; measuring the checklinks example" >&2
fi
if command -v lychee >/dev/null 2>&1; then
    tools+=("lychee=lychee --format json --timeout 5 {list}")
fi

python3 "$bench/compare.py" --links "$links" --hosts 8 ${KEEP:+--keep "$KEEP"} -- "${tools[@]}"
