#!/usr/bin/env bash
# Scale benchmark (issue 11): whole-process wall time and peak RSS of `awesome-lint check
# --offline --format json` on the seed, on 1 MB and 10 MB lists made from the shared corpus
# (each copy with other arXiv ids, titles and repositories, so duplicates stay realistic), and
# on 50 000 entries; side by side with npm awesome-lint and markdownlint-cli2 when they are
# installed (compare only: `npm install --prefix DIR awesome-lint@2.3.0 markdownlint-cli2`
# and pass NODE_TOOLS=DIR). Medians of RUNS runs (default 5). Also runs the hostile inputs of
# tests/it/hostile.rs at full size (1 000 000 links, 1 000 000 copies) in release, under a
# 2 GB address-space limit and 20 s.
#
#   benches/scale.sh            # honours CARGO_TARGET_DIR, RUNS, NODE_TOOLS, CORPUS
#   INPUTS=seed benches/scale.sh   # only the rows named (seed 1mb 10mb 50k-entries hostile)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
corpus="${CORPUS:-$root/../shared/corpus}"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin awesome-lint
bin="$target/release/awesome-lint"

python3 - "$corpus" "$work" "$root/fixtures/awesome-peft.md" <<'PY'
import os, re, sys
corpus, out, seed = sys.argv[1:4]
texts = [open(os.path.join(corpus, n), encoding="utf-8").read()
         for n in sorted(os.listdir(corpus)) if n.endswith(".md")]
arxiv = re.compile(r"(\d{4})\.(\d{4,5})")
repo = re.compile(r"github\.com/([\w.-]+)/([\w.-]+)")
def copy(text, k):
    # other ids, repositories and titles in each copy: the list grows, its duplicates do not
    text = arxiv.sub(lambda m: f"{m.group(1)}.{(int(m.group(2)) + 7919 * k) % 10**len(m.group(2)):0{len(m.group(2))}d}", text)
    text = repo.sub(lambda m: f"github.com/{m.group(1)}{k}/{m.group(2)}", text)
    return re.sub(r"^(\s*[-*] \[)", lambda m: f"{m.group(1)}v{k} ", text, flags=re.M)
def build(size):
    parts, k, total = [], 0, 0
    while total < size:
        for t in texts:
            piece = copy(t, k)
            parts.append(piece); total += len(piece.encode())
            k += 1
            if total >= size: break
    return "".join(parts)
open(os.path.join(out, "seed.md"), "w").write(open(seed, encoding="utf-8").read())
open(os.path.join(out, "1mb.md"), "w").write(build(1_000_000))
open(os.path.join(out, "10mb.md"), "w").write(build(10_000_000))
open(os.path.join(out, "50k-entries.md"), "w").write("# List\n\n## Papers\n\n" + "".join(
    f"- Paper number {n} on topic {n % 313} [[Paper](https://arxiv.org/abs/{2100 + n % 400:04d}.{n:05d})] [[Code](https://github.com/lab{n % 997}/repo{n})]\n"
    for n in range(50_000)))
open(os.path.join(out, "million-links.md"), "w").write("".join(f"[l](http://h{n % 97}.io/{n}) " for n in range(1_000_000)))
open(os.path.join(out, "million-copies.md"), "w").write("- [A](http://a.io/x)\n" * 1_000_000)
PY

# median wall seconds and median peak RSS (MB) of RUNS runs of a command; timed by the parent
# to the microsecond (GNU time's %e counts hundredths, too coarse for the seed's ~10 ms). The
# peak RSS comes from GNU time in a second run of each pair: a child of this Python process
# inherits Python's own high-water mark until exec (`/bin/true` "peaks" at 14 MB that way),
# while GNU time's child starts from a ~1 MB image.
measure() {
    python3 - "$runs" "$@" <<'TIME'
import os, statistics, subprocess, sys, tempfile, time
runs, command = int(sys.argv[1]), sys.argv[2:]
walls, rss = [], []
with tempfile.NamedTemporaryFile(mode="r") as peak:
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name, *command],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak.seek(0)
        rss.append(int(peak.read().split()[-1]))  # KiB
print(f"{statistics.median(walls):.3f} {statistics.median(rss) / 1024:.1f}")
TIME
}

printf '%-16s %10s %-28s %9s %9s\n' input bytes tool "wall s" "RSS MB"
inputs="${INPUTS:-seed 1mb 10mb 50k-entries hostile}"
for input in seed 1mb 10mb 50k-entries; do
    case " $inputs " in *" $input "*) ;; *) continue ;; esac
    file="$work/$input.md"
    bytes=$(stat -c %s "$file")
    read -r t r < <(measure "$bin" check "$file" --offline --format json --fail-on never)
    printf '%-16s %10s %-28s %9s %9s\n' "$input" "$bytes" "awesome-lint" "$t" "$r"
    if [ -n "${NODE_TOOLS:-}" ]; then
        if [ "$input" = seed ] || [ "$input" = 1mb ]; then
            (cd "$work" && cp "$file" readme.md)
            read -r t r < <(cd "$work" && measure "$NODE_TOOLS/node_modules/.bin/awesome-lint" readme.md)
            printf '%-16s %10s %-28s %9s %9s\n' "" "" "npm awesome-lint 2.3.0" "$t" "$r"
        fi
        read -r t r < <(measure "$NODE_TOOLS/node_modules/.bin/markdownlint-cli2" "$file")
        printf '%-16s %10s %-28s %9s %9s\n' "" "" "markdownlint-cli2" "$t" "$r"
    fi
done

case " $inputs " in *" hostile "*) ;; *) exit 0 ;; esac
echo
echo "full-size hostile inputs, release, prlimit --as=2 GB, timeout 20 s:"
for input in million-links million-copies; do
    start=$(date +%s.%N)
    code=0
    prlimit --as=$((2 * 1024 * 1024 * 1024)) -- timeout --signal=KILL 20 \
        "$bin" check "$work/$input.md" --offline --format json --fail-on never >/dev/null 2>"$work/err" || code=$?
    printf '%-16s exit %3s in %6.2f s %s\n' "$input" "$code" "$(echo "$(date +%s.%N) - $start" | bc)" "$(head -c 200 "$work/err")"
done
