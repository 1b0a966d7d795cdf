#!/usr/bin/env python3
"""Cross-checks the native Llama (Sources/LM) against Hugging Face `transformers`, both ways.

  python3 scripts/lm_reference.py            check both directions (exit 1 on a mismatch)
  python3 scripts/lm_reference.py --write    (re)make the transformers-side fixture, then check

Fixtures under Tests/Fixtures/LM/:
  hf-tiny/                  a tiny random LlamaForCausalLM saved by transformers (GQA, untied head,
                            rms_norm_eps 1e-6, rope_theta 500000), < 300 KB; written with --write
  hf-tiny-logits.json       transformers' logits for its fixed input and the causal-LM loss
                            (labels = input); the Swift test CheckpointTests loads hf-tiny/
                            natively and must match within 1e-4
  hf-tiny-grads.safetensors PyTorch autograd gradients of that loss for every parameter; the Swift
                            test ReferenceGradientTests compares LlamaModel.backward with them
  preflexor-tiny/           a checkpoint written by preflexor (LlamaCheckpoint.save, tied, GQA);
                            re-record with PREFLEXOR_RECORD=1 swift test --filter CheckpointTests
  preflexor-tiny-logits.json  preflexor's logits for its fixed input (recorded by the same test)

Direction 1 (transformers loads preflexor): this script loads preflexor-tiny/ with
LlamaForCausalLM.from_pretrained, runs the same input and reports the max abs difference from
preflexor's logits (tolerance 1e-4). Direction 2 (preflexor loads transformers): this script
checks that hf-tiny-logits.json is what transformers computes now; the Swift test does the rest.

Python environment: $PREFLEXOR_PYENV if set, else .preflexor/pyenv (created here) with the pins below.
"""
import json
import os
import subprocess
import sys
import venv

PINS = ["torch==2.15.0", "transformers==5.24.0", "safetensors==0.8.0"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "Fixtures", "LM")
TOLERANCE = 1e-4


def ensure_env():
    """Re-runs this script with the project's Python environment."""
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


# Fixed input of the transformers-made fixture: batch 2, length 7, vocab 64.
HF_INPUT = [[1, 5, 9, 63, 0, 17, 17], [2, 40, 33, 8, 61, 12, 3]]


def make_hf_fixture():
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(2026)
    cfg = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=32,
                      rms_norm_eps=1e-6, rope_theta=500000.0, tie_word_embeddings=False,
                      bos_token_id=1, eos_token_id=2, pad_token_id=0)
    model = LlamaForCausalLM(cfg).float().eval()
    # Random norm weights (transformers initialises them to one) so the check sees them.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1 + 0.3 * torch.randn_like(p))
            else:
                p.copy_(0.2 * torch.randn_like(p))
    out = os.path.join(FIX, "hf-tiny")
    model.save_pretrained(out, safe_serialization=True)
    logits = hf_logits(out, HF_INPUT)
    loss, grads = hf_grads(out, HF_INPUT)
    from safetensors.torch import save_file
    save_file(grads, os.path.join(FIX, "hf-tiny-grads.safetensors"))
    with open(os.path.join(FIX, "hf-tiny-logits.json"), "w") as f:
        json.dump({"input_ids": HF_INPUT, "vocab_size": 64, "logits": logits, "loss": loss}, f)
        f.write("\n")
    size = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    print(f"wrote {out} ({size} bytes) and hf-tiny-logits.json")


def hf_logits(path, ids):
    import torch
    from transformers import LlamaForCausalLM

    torch.set_num_threads(1)
    model = LlamaForCausalLM.from_pretrained(path, torch_dtype=torch.float32).eval()
    with torch.no_grad():
        out = model(torch.tensor(ids, dtype=torch.long)).logits
    return [float(x) for x in out.reshape(-1).tolist()]


def hf_grads(path, ids):
    """transformers' causal-LM loss (mean next-token cross-entropy, labels = input) and the
    gradient of every parameter, by name."""
    import torch
    from transformers import LlamaForCausalLM

    torch.set_num_threads(1)
    model = LlamaForCausalLM.from_pretrained(path, torch_dtype=torch.float32).eval()
    t = torch.tensor(ids, dtype=torch.long)
    loss = model(t, labels=t).loss
    loss.backward()
    return float(loss.detach()), {n: p.grad.detach().contiguous() for n, p in model.named_parameters()}


def compare(label, got, ref):
    if len(got) != len(ref):
        print(f"{label}: {len(got)} logits, expected {len(ref)}")
        return False
    diffs = [abs(a - b) for a, b in zip(got, ref)]
    worst = max(range(len(diffs)), key=diffs.__getitem__)
    ok = diffs[worst] <= TOLERANCE
    print(f"{label}: max abs diff {diffs[worst]:.3e} at index {worst} over {len(diffs)} logits "
          f"({'OK' if ok else 'FAIL'}, tolerance {TOLERANCE})")
    return ok


def main():
    ensure_env()
    if "--write" in sys.argv:
        make_hf_fixture()
    ok = True
    with open(os.path.join(FIX, "hf-tiny-logits.json")) as f:
        ref = json.load(f)
    ok &= compare("transformers reloads hf-tiny (fixture sanity)", hf_logits(os.path.join(FIX, "hf-tiny"), ref["input_ids"]), ref["logits"])
    loss, grads = hf_grads(os.path.join(FIX, "hf-tiny"), ref["input_ids"])
    from safetensors.torch import load_file
    stored = load_file(os.path.join(FIX, "hf-tiny-grads.safetensors"))
    ok &= compare("transformers reproduces hf-tiny gradients (fixture sanity)",
                  [float(x) for n in sorted(grads) for x in grads[n].reshape(-1)],
                  [float(x) for n in sorted(stored) for x in stored[n].reshape(-1)])
    print(f"hf-tiny loss {loss:.6f} (fixture {ref['loss']:.6f})")
    pf = os.path.join(FIX, "preflexor-tiny-logits.json")
    if not os.path.exists(pf):
        print("preflexor-tiny-logits.json missing: run PREFLEXOR_RECORD=1 swift test --filter CheckpointTests")
        sys.exit(1)
    with open(pf) as f:
        pre = json.load(f)
    ok &= compare("transformers loads preflexor-tiny vs preflexor logits",
                  hf_logits(os.path.join(FIX, "preflexor-tiny"), pre["input_ids"]), pre["logits"])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
