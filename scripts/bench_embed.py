#!/usr/bin/env python3
"""Python side and driver of scripts/bench-embed (see that file for usage).

Subcommands:
  texts OUT.jsonl [--count 2000]          paragraphs (<p>, >= 20 words) from ../shared/jats/papers
  st-embed TEXTS.jsonl --threads N [--batch 32] [--out FILE.f32]
                                          sentence-transformers on PyTorch CPU, one JSON line out
  vectors DIR [--n 100000] [--queries 200] [--dim 384]
                                          random unit vectors (seed 0): DIR/base.f32, DIR/queries.f32
  faiss-knn DIR --threads N [--k 10] [--out FILE.i64]
                                          FAISS IndexFlatIP latency, one JSON line out
  compare ...                             see main()
"""
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Versions used for the numbers in docs/benchmarks.md (CPU wheels).
PINS = ["torch==2.15.0", "transformers==5.24.0", "tokenizers==0.23.3", "sentence-transformers==6.2.0",
        "safetensors==0.8.0", "faiss-cpu==1.15.1", "numpy"]


def ensure_pyenv(pins):
    """Re-executes this script under $PREFLEXOR_PYENV or .preflexor/pyenv (created on demand)."""
    env = Path(os.environ.get("PREFLEXOR_PYENV") or ROOT / ".preflexor" / "pyenv").resolve()
    if Path(sys.prefix).resolve() == env:
        return
    python = env / "bin" / "python"
    if not python.exists():
        print(f"creating {env} and installing {' '.join(pins)} (minutes)", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(env)])
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet",
                               "--extra-index-url", "https://download.pytorch.org/whl/cpu", *pins])
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def max_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def arg(name, default=None):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def cmd_texts(out, count):
    import xml.etree.ElementTree as ET
    shared = Path(os.environ.get("PREFLEXOR_SHARED") or ROOT.parent / "shared")
    files = sorted((shared / "jats" / "papers").rglob("*.xml"))
    texts = []
    for f in files:
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError:
            continue
        for p in root.iter():
            if not isinstance(p.tag, str) or p.tag.split("}")[-1] != "p":
                continue
            text = re.sub(r"\s+", " ", "".join(p.itertext())).strip()
            if len(text.split()) >= 20:
                texts.append(text)
            if len(texts) >= count:
                break
        if len(texts) >= count:
            break
    if len(texts) < count:
        sys.exit(f"only {len(texts)} paragraphs found under {shared}/jats/papers")
    with open(out, "w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")


def cmd_st_embed(path, threads, batch, out):
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    import sentence_transformers
    texts = [json.loads(line) for line in open(path, encoding="utf-8")]
    model_dir = os.environ.get("PREFLEXOR_MODEL_DIR") or str(ROOT / ".preflexor" / "models" / "all-MiniLM-L6-v2")
    t0 = time.perf_counter()
    model = sentence_transformers.SentenceTransformer(model_dir, device="cpu")
    t1 = time.perf_counter()
    emb = model.encode(texts, batch_size=batch, convert_to_numpy=True, normalize_embeddings=True)
    t2 = time.perf_counter()
    if out:
        emb.astype(np.float32).tofile(out)
    print(json.dumps({"side": "sentence-transformers", "texts": len(texts), "threads": threads, "batch": batch,
                      "torch": torch.__version__, "sentence_transformers": sentence_transformers.__version__,
                      "load_s": t1 - t0, "total_s": t2 - t1, "chunks_per_s": len(texts) / (t2 - t1),
                      "max_rss_mib": max_rss_mib()}, sort_keys=True))


def cmd_vectors(d, n, q, dim):
    import numpy as np
    rng = np.random.default_rng(0)
    Path(d).mkdir(parents=True, exist_ok=True)
    for name, count in (("base", n), ("queries", q)):
        x = rng.standard_normal((count, dim), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        x.tofile(Path(d, f"{name}.f32"))


def cmd_faiss_knn(d, threads, k, out):
    import faiss
    import numpy as np
    faiss.omp_set_num_threads(threads)
    dim = int(arg("--dim", "384"))
    base = np.fromfile(Path(d, "base.f32"), dtype=np.float32).reshape(-1, dim)
    queries = np.fromfile(Path(d, "queries.f32"), dtype=np.float32).reshape(-1, dim)
    t0 = time.perf_counter()
    index = faiss.IndexFlatIP(dim)
    index.add(base)
    t1 = time.perf_counter()
    index.search(queries[:1], k)  # warm-up
    lat, ids = [], []
    for i in range(len(queries)):
        s = time.perf_counter()
        _, I = index.search(queries[i:i + 1], k)
        lat.append(time.perf_counter() - s)
        ids.append(I[0])
    b0 = time.perf_counter()
    index.search(queries, k)
    batch = time.perf_counter() - b0
    if out:
        np.asarray(ids, dtype=np.int64).tofile(out)
    lat.sort()
    print(json.dumps({"side": "faiss", "faiss": faiss.__version__, "n": len(base), "dim": dim, "queries": len(queries),
                      "k": k, "threads": threads, "build_s": t1 - t0,
                      "single_median_ms": lat[len(lat) // 2] * 1000, "single_p90_ms": lat[len(lat) * 9 // 10] * 1000,
                      "single_mean_ms": sum(lat) / len(lat) * 1000, "batch_per_query_ms": batch / len(queries) * 1000,
                      "max_rss_mib": max_rss_mib()}, sort_keys=True))


def cmd_compare_embeddings(a, b, dim=384):
    import numpy as np
    x = np.fromfile(a, dtype=np.float32).reshape(-1, dim)
    y = np.fromfile(b, dtype=np.float32).reshape(-1, dim)
    cos = (x * y).sum(1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))
    print(json.dumps({"texts": len(cos), "min_cosine": float(cos.min()), "mean_cosine": float(cos.mean()),
                      "below_0.9999": int((cos < 0.9999).sum())}))


def cmd_compare_ids(a, b, k):
    import numpy as np
    x = np.fromfile(a, dtype=np.int64).reshape(-1, k)
    y = np.fromfile(b, dtype=np.int64).reshape(-1, k)
    same = sum(set(r) == set(s) for r, s in zip(x, y))
    print(json.dumps({"queries": len(x), "identical_top_k_sets": int(same)}))


def main():
    ensure_pyenv(PINS)
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "texts":
        cmd_texts(sys.argv[2], int(arg("--count", "2000")))
    elif cmd == "st-embed":
        cmd_st_embed(sys.argv[2], int(arg("--threads", "1")), int(arg("--batch", "32")), arg("--out"))
    elif cmd == "vectors":
        cmd_vectors(sys.argv[2], int(arg("--n", "100000")), int(arg("--queries", "200")), int(arg("--dim", "384")))
    elif cmd == "faiss-knn":
        cmd_faiss_knn(sys.argv[2], int(arg("--threads", "1")), int(arg("--k", "10")), arg("--out"))
    elif cmd == "compare-embeddings":
        cmd_compare_embeddings(sys.argv[2], sys.argv[3])
    elif cmd == "compare-ids":
        cmd_compare_ids(sys.argv[2], sys.argv[3], int(arg("--k", "10")))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
