#!/usr/bin/env python3
"""How many wrong links arxiv-title-mismatch catches when no other row gives them away.

    arxiv_title_recall.py BINARY TITLES.tsv... [--seed N]

Splits the stand-in's ids in two halves at random and writes a list whose entries carry the
titles of the first half and link, each, a random paper of the second half: every link is
wrong, and no title is the title of another link of the list, so only the words of the two
titles can tell. Runs `check --select arxiv-title-mismatch` against the stand-in
(arxiv_standin.py serve) and prints how many wrong links were reported, and the ones missed.
"""

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time


def main():
    args = sys.argv[1:]
    seed = 1
    if "--seed" in args:
        at = args.index("--seed")
        seed = int(args[at + 1])
        del args[at : at + 2]
    binary, tables = os.path.abspath(args[0]), [os.path.abspath(t) for t in args[1:]]
    titles = {}
    for table in tables:
        with open(table, newline="", encoding="utf-8") as f:
            titles.update((row["id"], row["title"]) for row in csv.DictReader(f, delimiter="\t"))
    rng = random.Random(seed)
    ids = sorted(titles)
    rng.shuffle(ids)
    half = len(ids) // 2
    named, linked = ids[:half], ids[half : 2 * half]
    rng.shuffle(linked)
    with tempfile.TemporaryDirectory() as work:
        lines = ["# Wrong links\n\n"]
        for title_id, link_id in zip(named, linked):
            lines.append(f"- {titles[title_id]} [[Paper](https://arxiv.org/abs/{link_id})]\n")
        with open(os.path.join(work, "README.md"), "w", encoding="utf-8") as f:
            f.writelines(lines)
        port_file = os.path.join(work, "port")
        here = os.path.dirname(os.path.abspath(__file__))
        server = subprocess.Popen(
            [sys.executable, os.path.join(here, "arxiv_standin.py"), "serve", port_file, *tables]
        )
        try:
            for _ in range(50):
                if os.path.exists(port_file) and open(port_file).read():
                    break
                time.sleep(0.1)
            with open(os.path.join(work, "config.toml"), "w", encoding="utf-8") as f:
                f.write(
                    f'[online]\narxiv-api = "http://127.0.0.1:{open(port_file).read()}/api/query"\n'
                    "arxiv-interval = 0\n"
                )
            out = subprocess.run(
                [binary, "check", "README.md", "--config", "config.toml", "--select",
                 "arxiv-title-mismatch", "--format", "json", "--fail-on", "never"],
                cwd=work, check=True, capture_output=True, text=True,
            ).stdout
        finally:
            server.terminate()
            server.wait()
    found = {d["line"] for d in json.loads(out)["diagnostics"]}
    wrong = len(named)
    print(f"{len(found)} of {wrong} wrong links reported ({100 * len(found) / wrong:.0f}%)")
    for line, (title_id, link_id) in enumerate(zip(named, linked), start=3):
        if line not in found:
            print(f"  missed L{line}: {titles[title_id]!r} -> {titles[link_id]!r}")


if __name__ == "__main__":
    main()
