#!/usr/bin/env bash
# Seed the fuzz corpus with the project's fixtures and the shared corpus lists, each cut into
# pieces of at most 16 KiB so the fuzzer mutates list-shaped text rather than one huge file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/fuzz/corpus/pipeline"
mkdir -p "$out"
shopt -s nullglob
for file in "$root"/fixtures/*.md "$root"/fixtures/*/*.md "$root"/../shared/corpus/*.md; do
    name="$(basename "$file" .md)"
    split --line-bytes=16384 --numeric-suffixes --suffix-length=3 "$file" "$out/$name."
done
echo "$(ls "$out" | wc -l) seeds in $out"
