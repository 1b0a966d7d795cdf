#!/usr/bin/env bash
# Audit run of the Graph extractor over a folder of JATS papers (default ../shared/jats/papers):
# writes the chunks with scripts/graph-chunks.py (python3 stdlib only), then runs
# CorpusAuditTests in release mode, which checks every edge's evidence offsets and writes
# graph-edges.tsv, graph-sample50.tsv (seeded random 50 edges), graph-sample50-typed.tsv and
# graph-stats.txt to $PREFLEXOR_GRAPH_REPORT (default .preflexor/graph-audit).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${1:-../shared/jats/papers}"
OUT="${PREFLEXOR_GRAPH_REPORT:-.preflexor/graph-audit}"
mkdir -p "$OUT"
python3 scripts/graph-chunks.py "$CORPUS" > "$OUT/chunks.jsonl"
PREFLEXOR_GRAPH_REPORT="$(cd "$OUT" && pwd)" PREFLEXOR_GRAPH_CHUNKS="$(cd "$OUT" && pwd)/chunks.jsonl" \
PREFLEXOR_CORE_ONLY=1 swift test -c release -Xswiftc -enable-testing --scratch-path "${PREFLEXOR_SCRATCH:-.build-core-release}" \
    --filter CorpusAuditTests
cat "$OUT/graph-stats.txt"
