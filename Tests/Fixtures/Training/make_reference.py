"""Writes optimizer_reference.json: PyTorch's AdamW, clip_grad_norm_ and the Hugging Face
learning-rate schedules on a fixed gradient sequence, for TrainingTests/Optim.

Run: python3 Tests/Fixtures/Training/make_reference.py (uses $PREFLEXOR_PYENV or .preflexor/pyenv)
(written with torch 2.15.0, transformers 5.24.0)
"""
import json, os, pathlib, subprocess, sys, venv

PINS = ["torch==2.15.0", "transformers==5.24.0"]
ROOT = pathlib.Path(__file__).resolve().parents[3]


def ensure_env():
    """Re-runs this script with $PREFLEXOR_PYENV, else .preflexor/pyenv (created with PINS)."""
    env = os.environ.get("PREFLEXOR_PYENV") or str(ROOT / ".preflexor" / "pyenv")
    py = os.path.join(env, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(env):
        return
    if not os.path.exists(py):
        if os.environ.get("PREFLEXOR_PYENV"):
            sys.exit(f"PREFLEXOR_PYENV={env} has no bin/python")
        venv.EnvBuilder(with_pip=True).create(env)
        subprocess.check_call([py, "-m", "pip", "install", "-q", *PINS])
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


ensure_env()
import torch  # noqa: E402
from transformers import get_scheduler  # noqa: E402

torch.manual_seed(0)
p = {"w": torch.nn.Parameter(torch.tensor([0.5, -1.0, 2.0, 0.0])),
     "model.norm.weight": torch.nn.Parameter(torch.tensor([1.0, 1.0]))}
grads = [
    {"w": [0.1, -0.2, 3.0, 0.0], "model.norm.weight": [0.5, -0.5]},
    {"w": [-0.3, 0.4, 1.0, 1e-3], "model.norm.weight": [0.2, 0.1]},
    {"w": [2.0, -2.0, 0.5, -0.5], "model.norm.weight": [-1.0, 0.3]},
]
# Hugging Face's grouping: no decay for norm weights and biases.
opt = torch.optim.AdamW([{"params": [p["w"]], "weight_decay": 0.1},
                         {"params": [p["model.norm.weight"]], "weight_decay": 0.0}],
                        lr=0.01, betas=(0.9, 0.999), eps=1e-8, foreach=False)
steps = []
for g in grads:
    for k, v in g.items():
        p[k].grad = torch.tensor(v)
    norm = torch.nn.utils.clip_grad_norm_(list(p.values()), max_norm=1.0, foreach=False)
    opt.step()
    steps.append({"grad_norm": float(norm), "values": {k: v.detach().tolist() for k, v in p.items()}})

schedules = {}
for name in ["constant", "constant_with_warmup", "cosine", "linear"]:
    o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1e-3)
    s = get_scheduler(name, o, num_warmup_steps=3, num_training_steps=10)
    rates = []
    for _ in range(10):
        rates.append(o.param_groups[0]["lr"])
        o.step(); s.step()
    schedules[name] = rates

out = {"lr": 0.01, "weight_decay": 0.1, "max_grad_norm": 1.0, "grads": grads, "steps": steps,
       "initial": {"w": [0.5, -1.0, 2.0, 0.0], "model.norm.weight": [1.0, 1.0]},
       "schedules": {"peak": 1e-3, "warmup": 3, "total": 10, "rates": schedules}}
pathlib.Path(__file__).with_name("optimizer_reference.json").write_text(json.dumps(out, indent=1) + "\n")
