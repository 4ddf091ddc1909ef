#!/usr/bin/env python3
"""A stand-in arXiv API for measuring arxiv-title-mismatch on real lists, without the internet.

    arxiv_standin.py derive BINARY CORPUS_DIR [MIN_REPOS] > benches/arxiv-titles.tsv
    arxiv_standin.py serve PORT_FILE TITLES.tsv...

`derive` reads every list of the corpus through `awesome-lint entries --json` and keeps, for each
arXiv id, the title that lists of at least two different repositories (MANIFEST.tsv's `repo`
column: the seed's snapshots count once) write identically for the entry that links that id as
its paper. Independent maintainers agreeing letter for letter is as close to arXiv's own title as
the corpus gets. Titles of fewer than three words (`LLaMA`, `Mistral 7B`) are names lists give a
paper, not its title, and are left out. MIN_REPOS 1 (a stress run, not a measurement) serves
every linked id the title its lists write most often, so every other way of writing it is
compared, and so is every id a single list links wrongly.

benches/arxiv-titles-extra.tsv adds, by hand, titles of ids that only one corpus list links but
that other public lists and papers write identically (its `source` column says where), so the
stand-in knows the paper a wrong link points at.

`serve` answers `GET /api/query?id_list=…` on 127.0.0.1 (a free port, written to PORT_FILE) with
an Atom feed shaped like the real API's: one <entry> per known id, titles wrapped the way arXiv
wraps them, unknown ids absent.
"""

import collections
import csv
import html
import http.server
import json
import os
import re
import subprocess
import sys
import textwrap
import urllib.parse

ARXIV_ID = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/([0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?",
    re.IGNORECASE,
)
MIN_TITLE_WORDS = 3
MIN_REPOS = 2


def derive(binary, corpus, min_repos=MIN_REPOS):
    manifest = os.path.join(corpus, "MANIFEST.tsv")
    with open(manifest, newline="", encoding="utf-8") as f:
        repo_of = {row["file"]: row["repo"] for row in csv.DictReader(f, delimiter="\t")}
    # id -> title -> repos writing it
    written = collections.defaultdict(lambda: collections.defaultdict(set))
    # id -> title -> entries writing it, to break ties in a stress run
    times = collections.defaultdict(collections.Counter)
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".md"):
            continue
        out = subprocess.run(
            [binary, "entries", "--json", os.path.join(corpus, name)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        repo = repo_of.get(name, name)
        for entry in json.loads(out):
            match = ARXIV_ID.search(entry.get("paper") or "")
            title = " ".join(entry["title"].split())
            if match and len(title.split()) >= MIN_TITLE_WORDS:
                written[match.group(1)][title].add(repo)
                times[match.group(1)][title] += 1
    rows = []
    for arxiv_id, titles in written.items():
        ranked = sorted(titles.items(), key=lambda kv: (-len(kv[1]), -times[arxiv_id][kv[0]], kv[0]))
        best, repos = ranked[0]
        if len(repos) < min_repos:
            continue
        if min_repos > 1 and len(ranked) > 1 and len(ranked[1][1]) == len(repos):
            continue  # two titles with equal support: no agreement
        rows.append((arxiv_id, best, len(repos)))
    rows.sort()
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["id", "title", "lists"])
    out.writerows(rows)
    print(f"{len(rows)} ids", file=sys.stderr)


def feed(ids, titles):
    entries = []
    for arxiv_id in ids:
        title = titles.get(arxiv_id)
        if title is None:
            continue
        wrapped = "\n  ".join(textwrap.wrap(html.escape(title, quote=False), 70))
        entries.append(
            f"  <entry>\n    <id>http://arxiv.org/abs/{arxiv_id}v1</id>\n"
            f"    <published>2023-01-01T00:00:00Z</published>\n"
            f"    <title>{wrapped}</title>\n  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title type=\"html\">ArXiv Query</title>\n{''.join(entries)}</feed>\n"
    )


def serve(port_file, tables):
    titles = {}
    for table in tables:
        with open(table, newline="", encoding="utf-8") as f:
            titles.update((row["id"], row["title"]) for row in csv.DictReader(f, delimiter="\t"))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/api/query":
                self.send_error(404)
                return
            query = urllib.parse.parse_qs(url.query)
            ids = [i.strip() for i in query.get("id_list", [""])[0].split(",") if i.strip()]
            body = feed(ids, titles).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "derive":
        derive(sys.argv[2], sys.argv[3], *(int(n) for n in sys.argv[4:]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
