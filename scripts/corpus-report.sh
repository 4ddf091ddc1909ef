#!/usr/bin/env bash
# Findings per file and per rule over a folder of real lists (default ../shared/corpus),
# offline: the precision hunt before a rule is called done. Read what it says, not only the
# counts; every false positive becomes a regression fixture.
#
#   scripts/corpus-report.sh [CORPUS_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
target="${CARGO_TARGET_DIR:-$root/target}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin awesome-lint
for file in "$corpus"/*.md; do
    "$target/release/awesome-lint" check "$file" --offline --format json --fail-on never \
        > "$out/$(basename "$file" .md).json"
done
python3 - "$out" <<'PY'
import collections, json, os, sys
folder = sys.argv[1]
total = collections.Counter()
for name in sorted(os.listdir(folder)):
    data = json.load(open(os.path.join(folder, name)))
    counts = collections.Counter(d["rule"] for d in data["diagnostics"])
    total += counts
    detail = ", ".join(f"{n} {rule}" for rule, n in counts.most_common())
    print(f"{sum(counts.values()):6d}  {name[:-5][:50]:50s}  {detail}")
print(f"{sum(total.values()):6d}  {'total':50s}  " + ", ".join(f"{n} {r}" for r, n in total.most_common()))
PY
