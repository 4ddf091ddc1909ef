#!/usr/bin/env python3
"""Draw and score the hand-labelled entry sample (tests/data/entry-sample.tsv).

  scripts/entry-sample.py draw BINARY CORPUS_DIR [N]   print draft rows to label by hand
  scripts/entry-sample.py score BINARY CORPUS_DIR [--core] [-v]
                                                       per-list accuracy of BINARY's
                                                       `entries --json` against the sample
                                                       (--core: title, paper and code only)

A sampled line is any line of a list that holds a link or an HTML cell, outside fenced code,
and is not only in-page navigation (`- [News](#news)`); lines are drawn at random with the
fixed seed 7, N (default 30) per list. The label of a line is the entry that contains it:
title, aliases, paper URL, code URL and where it is listed (headings, then group bullets,
joined with ` > `), or `-` in the title column when the line belongs to no entry.
Layout fixtures (fixtures/layouts/*.md) are labelled whole, one row per entry.
"""
import json, os, random, re, subprocess, sys

SEED = 7
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "tests", "data", "entry-sample.tsv")
COLUMNS = ["list", "line", "title", "aliases", "paper", "code", "section"]


def candidate_lines(text):
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        targets = re.findall(r"\]\(([^)\s]*)|href=\"?([^\"\s>]*)", line)
        urls = [a or b for a, b in targets]
        has_cell = "<td" in line
        if has_cell or any(not u.startswith("#") for u in urls):
            lines.append(number)
    return lines


def entries(binary, path):
    out = subprocess.run([binary, "entries", "--json", path], capture_output=True, check=True)
    data = json.loads(out.stdout)
    # version 1 is an object; the code before issue 7 printed a bare array
    return data["entries"] if isinstance(data, dict) else data


def entry_at(found, line):
    for entry in found:
        if entry["line"] <= line <= entry.get("end_line", entry["line"]):
            return entry
    return None


def path_of(entry):
    parts = [entry["section"]] if entry["section"] else []
    return " > ".join(parts + entry.get("groups", []))


def row_of(entry):
    if entry is None:
        return {"title": "-", "aliases": "", "paper": "", "code": "", "section": ""}
    return {
        "title": entry["title"],
        "aliases": "|".join(entry.get("aliases", [])),
        "paper": entry["paper"] or "",
        "code": entry["code"] or "",
        "section": path_of(entry),
    }


def draw(binary, corpus, n):
    print("\t".join(COLUMNS))
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(corpus, name)
        text = open(path, encoding="utf-8").read()
        lines = candidate_lines(text)
        picked = sorted(random.Random(f"{SEED}:{name}").sample(lines, min(n, len(lines))))
        found = entries(binary, path)
        for line in picked:
            row = row_of(entry_at(found, line))
            print("\t".join([name, str(line)] + [row[c] for c in COLUMNS[2:]]))


def read_sample():
    rows, header = [], None
    with open(SAMPLE, encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            fields = raw.rstrip("\n").split("\t")
            if header is None:
                header = fields
            else:
                rows.append(dict(zip(header, fields)))
    return rows


def score(binary, corpus):
    # --core compares what the model had before aliases and group labels existed
    compared = ["title", "paper", "code"] if "--core" in sys.argv else COLUMNS[2:]
    rows = read_sample()
    by_list = {}
    for row in rows:
        by_list.setdefault(row["list"], []).append(row)
    total_right = total = 0
    for name, labelled in sorted(by_list.items()):
        path = os.path.join(ROOT, name) if name.startswith("fixtures/") else os.path.join(corpus, name)
        found = entries(binary, path)
        right = 0
        for row in labelled:
            got = row_of(entry_at(found, int(row["line"])))
            same = all(
                (set(got[c].split("|")) == set(row[c].split("|"))) if c == "aliases" else got[c] == row[c]
                for c in compared
            )
            right += same
            if not same and "-v" in sys.argv:
                print(f"  {name}:{row['line']}: want {[row[c] for c in COLUMNS[2:]]}\n{'':>10}got  {[got[c] for c in COLUMNS[2:]]}")
        total_right += right
        total += len(labelled)
        print(f"{len(found):6d} entries  {right:3d}/{len(labelled):<3d} right  {name}")
    print(f"{total_right}/{total} right overall")


if __name__ == "__main__":
    command, binary, corpus = sys.argv[1], sys.argv[2], sys.argv[3]
    if command == "draw":
        draw(binary, corpus, int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4].isdigit() else 30)
    else:
        score(binary, corpus)
