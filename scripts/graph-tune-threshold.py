#!/usr/bin/env python3
"""Choose EntityResolver's merge threshold for all-MiniLM-L6-v2 name embeddings.

Positives: a lexicon term and each of its (non-acronym) synonyms, which the resolver must be
able to merge. Negatives: pairs of *different* lexicon terms that the resolver's blocking
would compare (same type, sharing a word or a word's 4-letter prefix) and must keep apart.
Prints precision/recall per threshold and the smallest threshold with precision >= 0.98.

    scripts/graph-tune-threshold.sh   (sets up the environment and the model, then runs this)
"""
import csv
import itertools
import re
import sys

import numpy as np
from sentence_transformers import SentenceTransformer


def key(s):
    return ' '.join(re.findall(r'\w+', s.lower()))


def acronym(s):
    up = sum(c.isupper() for c in s)
    return len(s) <= 3 or (' ' not in s and len(s) <= 8 and up >= 2)


def markers(k):
    """Numbers and one/two-letter tokens ("protein 1", "type ii"): names that differ in them are
    different things, and the resolver never merges them."""
    return sorted(w for w in k.split() if w.isdigit() or len(w) <= 2)


def blocks(k):
    out = set()
    for w in k.split():
        if len(w) >= 3:
            out.add('w:' + w)
        if len(w) >= 4:
            out.add('p:' + w[:4])
    return out


def main(lexicon_path, model_path):
    rows = list(csv.DictReader(open(lexicon_path, encoding='utf-8'), delimiter='\t'))
    terms = [(r['term'], r['type'], [s for s in (r.get('synonyms') or '').split('|') if s]) for r in rows]
    pos = [(t, s) for t, _, syns in terms for s in syns
           if not acronym(s) and key(s) != key(t) and markers(key(s)) == markers(key(t))]
    neg = set()
    by_block = {}
    for i, (t, ty, _) in enumerate(terms):
        for b in blocks(key(t)):
            by_block.setdefault((ty, b), []).append(i)
    for ids in by_block.values():
        for i, j in itertools.combinations(sorted(set(ids)), 2):
            if markers(key(terms[i][0])) == markers(key(terms[j][0])):
                neg.add((terms[i][0], terms[j][0]))
    neg = sorted(neg)
    model = SentenceTransformer(model_path, device='cpu')
    names = sorted({n for p in pos + neg for n in p})
    emb = model.encode(names, batch_size=128, normalize_embeddings=True)
    idx = {n: i for i, n in enumerate(names)}

    def sims(pairs):
        return np.array([float(emb[idx[a]] @ emb[idx[b]]) for a, b in pairs])

    sp, sn = sims(pos), sims(neg)
    print(f'positives {len(pos)}, negatives {len(neg)}')
    print('threshold  recall  false-merges  precision')
    chosen = None
    for th in np.arange(0.70, 0.99, 0.02):
        tp = int((sp >= th).sum()); fp = int((sn >= th).sum())
        prec = tp / (tp + fp) if tp + fp else 1.0
        print(f'{th:9.2f}  {tp / len(sp):6.3f}  {fp:12d}  {prec:9.3f}')
        if chosen is None and prec >= 0.98:
            chosen = th
    print(f'smallest threshold with precision >= 0.98: {chosen:.2f}' if chosen else 'none reaches 0.98')
    worst = sorted(zip(sn, neg), reverse=True)[:10]
    print('most similar distinct terms:', '; '.join(f'{a} ~ {b} {s:.3f}' for s, (a, b) in worst))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
