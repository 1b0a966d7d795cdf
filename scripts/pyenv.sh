#!/usr/bin/env bash
# Prints the Python interpreter for the JATS/Text scripts: $PREFLEXOR_PYENV/bin/python when
# PREFLEXOR_PYENV is set, else a venv under .preflexor/pyenv created on first use with the
# pinned versions these scripts were run with (Python 3.11.7).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${PREFLEXOR_PYENV:-}" ]]; then
    echo "$PREFLEXOR_PYENV/bin/python"
    exit 0
fi
venv="$root/.preflexor/pyenv"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet \
        pubmed-parser==0.5.1 lxml==6.1.3 numpy==2.4.6 pandas==3.1.1 six==1.17.0 Unidecode==1.4.0 \
        requests==2.34.2 tokenizers==0.23.3 >&2
fi
echo "$venv/bin/python"
