#!/usr/bin/env bash
# Runs arxiv-title-mismatch over every list of the corpus against a stand-in arXiv API on
# 127.0.0.1 that serves the titles in benches/arxiv-titles.tsv (titles several lists agree on;
# rebuild the table with `benches/arxiv_standin.py derive`) and benches/arxiv-titles-extra.tsv. Prints every finding, one per line:
# file:line, then the message. Read them all: each is a wrong link or a false positive.
#
#   benches/arxiv-title-corpus.sh [CORPUS_DIR]
#
# Numbers (2026-11-30, 27 corpus files, 244 + 7 ids): 9 findings, all wrong links (seed L554,
# L555 and the same rows in the seed's HEAD and @69def2c snapshots; WooooDyy L283, L678;
# hee9joon L4226). The rule before issue 14 gave 17 here, 9 of them false.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"  # from a worktree: pass /work/shared/corpus
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

cargo build --quiet --manifest-path "$root/Cargo.toml" --bin awesome-lint
python3 "$root/benches/arxiv_standin.py" serve "$work/port" \
    "$root/benches/arxiv-titles.tsv" "$root/benches/arxiv-titles-extra.tsv" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
printf '[online]\narxiv-api = "http://127.0.0.1:%s/api/query"\narxiv-interval = 0\n' \
    "$(cat "$work/port")" > "$work/config.toml"

for file in "$corpus"/*.md; do
    "$target/debug/awesome-lint" check "$file" --config "$work/config.toml" \
        --select arxiv-title-mismatch --format json --fail-on never \
        > "$work/$(basename "$file" .md).json"
done
python3 - "$work" <<'PY'
import json, os, sys
folder = sys.argv[1]
total = 0
for name in sorted(os.listdir(folder)):
    if not name.endswith(".json"):
        continue
    found = json.load(open(os.path.join(folder, name)))["diagnostics"]
    total += len(found)
    for d in found:
        print(f"{name[:-5][:40]}:{d['line']}: {d['message']}")
print(f"{total} findings")
PY
