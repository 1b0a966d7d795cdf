#!/usr/bin/env python3
"""Baseline for scripts/bench-parse: pubmed_parser over the same JATS files.

Per file: parse_pubmed_xml + parse_pubmed_paragraph(all_paragraph=True) + parse_pubmed_references,
which together extract roughly what JATSParser.parse does (front matter, paragraphs, references).
Files are read from the same list the Swift benchmark sees (all .xml/.nxml under DIR, sorted).
Pins: pubmed-parser==0.5.1, lxml==6.1.3 (scripts/pyenv.sh).

Usage: bench_pubmed_parser.py DIR [--repeat N]
"""
import os, sys, time, warnings

warnings.filterwarnings("ignore")
import pubmed_parser as pp


def files_under(d):
    out = []
    for root, _, names in os.walk(d):
        for n in names:
            if n.endswith(".xml") or n.endswith(".nxml"):
                out.append(os.path.join(root, n))
    return sorted(out)


def main():
    args = sys.argv[1:]
    repeats = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeats = int(args[i + 1])
        del args[i:i + 2]
    files = files_under(args[0])
    size = sum(os.path.getsize(f) for f in files)
    # Warm the page cache the way the Swift side does (it reads all files before timing).
    for f in files:
        with open(f, "rb") as fh:
            fh.read()
    best = float("inf")
    for _ in range(repeats):
        failed = paragraphs = 0
        start = time.perf_counter()
        for f in files:
            try:
                pp.parse_pubmed_xml(f)
                paragraphs += len(pp.parse_pubmed_paragraph(f, all_paragraph=True))
                pp.parse_pubmed_references(f)
            except Exception:
                failed += 1
        best = min(best, time.perf_counter() - start)
    mb = size / 1e6
    print("pubmed_parser: %d files, %.1f MB, best of %d: %.3f s, %.1f papers/s, %.2f MB/s, %d paragraphs, %d failed"
          % (len(files), mb, repeats, best, len(files) / best, mb / best, paragraphs, failed))


if __name__ == "__main__":
    main()
