#!/usr/bin/env python3
"""Greedy generation speed, batch 1 with KV cache: preflexor (release bench-lm) vs transformers
`generate` on PyTorch CPU, same checkpoint, same thread count. Run through scripts/bench-generate.

For each config it writes a random checkpoint with `bench-lm write-checkpoint`, then alternates
preflexor and transformers runs (so both see the same machine load) and reports the median
tokens/s of each and their ratio, plus how many greedy tokens agree.

Python environment: $PREFLEXOR_PYENV if set, else .preflexor/pyenv (created here) with the pins below.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import venv

PINS = ["torch==2.15.0", "transformers==5.24.0", "safetensors==0.8.0"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_env():
    env = os.environ.get("PREFLEXOR_PYENV") or os.path.join(ROOT, ".preflexor", "pyenv")
    py = os.path.join(env, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(env):
        return
    if not os.path.exists(py):
        if os.environ.get("PREFLEXOR_PYENV"):
            sys.exit(f"PREFLEXOR_PYENV={env} has no bin/python")
        print(f"creating {env} with {PINS}", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(env)
        subprocess.check_call([py, "-m", "pip", "install", "-q", *PINS])
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def main():
    ensure_env()
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-lm", required=True, help="path of the release bench-lm executable")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--new-tokens", type=int, default=256)
    ap.add_argument("--prompt-len", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3, help="alternating timed runs per implementation")
    ap.add_argument("--configs", default="reference,default")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()

    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    import torch
    from transformers import LlamaForCausalLM

    torch.set_num_threads(args.threads)
    prompt = [1 + (7 * i) % 1000 for i in range(args.prompt_len)]
    results = []
    for name in args.configs.split(","):
        ckpt = os.path.join(ROOT, ".preflexor", "bench", name)
        info = json.loads(subprocess.check_output(
            [args.bench_lm, "write-checkpoint", "--config", name, "--seed", "1", "--out", ckpt]))
        model = LlamaForCausalLM.from_pretrained(ckpt, dtype=torch.float32).eval()
        ids = torch.tensor([prompt], dtype=torch.long)

        def hf_run():
            t0 = time.perf_counter()
            with torch.inference_mode():
                out = model.generate(ids, max_new_tokens=args.new_tokens, min_new_tokens=args.new_tokens,
                                     do_sample=False, use_cache=True, pad_token_id=0, eos_token_id=None)
            dt = time.perf_counter() - t0
            return args.new_tokens / dt, out[0, len(prompt):].tolist()

        def pf_run():
            out = json.loads(subprocess.check_output(
                [args.bench_lm, "generate", "--checkpoint", ckpt, "--prompt", ",".join(map(str, prompt)),
                 "--new-tokens", str(args.new_tokens), "--repeat", "1", "--threads", str(args.threads)]))
            return out["tokens_per_s"], out["tokens"]

        hf_run()  # warm-up (bench-lm warms up inside each run)
        hf, pf = [], []
        for _ in range(args.rounds):
            r, hf_tokens = hf_run()
            hf.append(r)
            r, pf_tokens = pf_run()
            pf.append(r)
        agree = next((i for i, (a, b) in enumerate(zip(hf_tokens, pf_tokens)) if a != b), len(pf_tokens))
        row = {"config": name, "parameters": info["parameters"], "threads": args.threads,
               "prompt_tokens": len(prompt), "new_tokens": args.new_tokens,
               "preflexor_tok_s": statistics.median(pf), "transformers_tok_s": statistics.median(hf),
               "preflexor_runs": pf, "transformers_runs": hf,
               "greedy_prefix_agreement": agree}
        row["speedup"] = row["preflexor_tok_s"] / row["transformers_tok_s"]
        results.append(row)
        print(f"{name:9s} params {info['parameters']:>10,d}  preflexor {row['preflexor_tok_s']:8.1f} tok/s  "
              f"transformers {row['transformers_tok_s']:8.1f} tok/s  speedup {row['speedup']:.2f}x  "
              f"greedy tokens identical for the first {agree}/{args.new_tokens}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
