#!/usr/bin/env python3
"""Large-model training with Hugging Face TRL: PRefLexOR stage 1 (ORPO) and stage 2
(DPO with loss_type="exo_pair", thinking masked), on a TRL-format dataset.

    # stage 1, a real model with LoRA r=64/alpha=64 on all projections + embeddings + head:
    scripts/train_trl.py orpo --data trl/train.jsonl --model meta-llama/Llama-3.2-3B-Instruct --out runs/orpo
    # stage 2: the merged stage-1 model is the frozen reference, a new adapter trains:
    scripts/train_trl.py dpo --data trl/train.jsonl --model runs/orpo/merged --out runs/dpo
    # a CPU smoke run: 2-layer, 64-wide random Llama, byte-level BPE tokenizer, demo data:
    scripts/train_trl.py orpo --tiny --out .preflexor/trl-tiny/orpo --max-steps 3

Data: JSONL rows {"prompt", "chosen", "rejected"} as `preflexor export trl --out DIR` writes them
(Training.TRLExport): the prompt is LM.ChatTemplate's prompt part (Llama 3 headers, ending with the
assistant header's <|end_header_id|>), each completion is "\n\n{answer}<|eot_id|>". BOS is set to
<|begin_of_text|> and EOS to <|eot_id|>, so TRL adds neither a second time and tokenizes the rows to
the same ids as the Swift trainer.

Method settings (../shared/docs/method.md):
  orpo: beta (lambda) 0.1, lr 5e-5 constant, batch 1 x grad-accum 2, max length 1024;
        NLL over the whole chosen sequence (TRL's ORPO), log-probs averaged over completion tokens.
  dpo:  loss_type exo_pair, label smoothing 5e-3, beta 0.1, lr 5e-7, max grad norm 0.3,
        reference log-probs computed once (precompute_ref_log_probs); thinking masked:
        every completion label up to the last <|/thinking|> is dropped, the tag itself kept,
        nothing extra when the tag is absent (--thinking-mask random:F drops a random share F).
  LoRA (real models): r=64, alpha=64 on q,k,v,o,gate,up,down + embed_tokens + lm_head
  (dpo: without lm_head, which TRL 1.16's fused DPO head does not allow).
  Stage 2 reference: --ref-model DIR (default: the --model weights, frozen; with LoRA, the
  base with adapters disabled). The 8 PRefLexOR tokens are added to a real model's tokenizer
  when missing (embeddings resized).

Python environment: $PREFLEXOR_PYENV if set, else .preflexor/pyenv (created here with
scripts/trl_requirements.txt). Runs on CPU (--cpu, default when no GPU) or a GPU.
"""
import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS = os.path.join(ROOT, "scripts", "trl_requirements.txt")
CHAT = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<|pad|>"]
PREFLEXOR = ["<|thinking|>", "<|/thinking|>", "<|scratchpad|>", "<|/scratchpad|>",
             "<|reflect|>", "<|/reflect|>", "<|response|>", "<|/response|>"]
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "embed_tokens", "lm_head"]


def ensure_env():
    """Re-runs this script with the project's Python environment."""
    env = os.environ.get("PREFLEXOR_PYENV") or os.path.join(ROOT, ".preflexor", "pyenv")
    py = os.path.join(env, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(env):
        return
    if not os.path.exists(py):
        if os.environ.get("PREFLEXOR_PYENV"):
            sys.exit(f"PREFLEXOR_PYENV={env} has no bin/python")
        venv.EnvBuilder(with_pip=True).create(env)
        subprocess.check_call([py, "-m", "pip", "install", "-q", "-r", REQUIREMENTS])
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def chat_prompt(question):
    """LM.ChatTemplate().prompt(question), byte for byte."""
    return (f"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{question}<|eot_id|>"
            f"<|start_header_id|>assistant<|end_header_id|>")


def chat_completion(answer):
    """LM.ChatTemplate().completion(answer): the split after the header keeps tokenisation composable."""
    return f"\n\n{answer}<|eot_id|>"


def demo_rows(n, seed):
    """A small synthetic PRefLexOR-style dataset (for --tiny when --data is not given)."""
    rng = random.Random(seed)
    materials = ["nacre", "bone", "spider silk", "collagen", "chitin", "keratin", "enamel", "wood"]
    rows = []
    for i in range(n):
        m = rng.choice(materials)
        q = f"How does the hierarchy of {m} raise its toughness?" + " Use <|thinking|>."
        think = (f"<|thinking|>**Knowledge Graph**: [{m}] -[HAS]-> [hierarchy]\n"
                 f"**Reasoning Steps**: cracks deflect at interfaces in {m}.<|/thinking|>")
        rows.append({"prompt": chat_prompt(q),
                     "chosen": chat_completion(think + f"Interfaces in {m} deflect and bridge cracks, so energy is dissipated."),
                     "rejected": chat_completion(f"<|thinking|>not sure<|/thinking|>{m} is just hard.")})
    return rows


def tiny_model_and_tokenizer(out_dir, texts, seed):
    """A 2-layer, 64-wide random Llama and a byte-level BPE tokenizer trained on `texts`,
    saved to out_dir/tiny-base (TRL loads the reference from a path)."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(texts, trainers.BpeTrainer(
        vocab_size=512, special_tokens=CHAT + PREFLEXOR, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    base = os.path.join(out_dir, "tiny-base")
    os.makedirs(base, exist_ok=True)
    tok.save(os.path.join(base, "tokenizer.json"))
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=os.path.join(base, "tokenizer.json"),
                                        bos_token="<|begin_of_text|>", eos_token="<|eot_id|>", pad_token="<|pad|>")
    tokenizer.save_pretrained(base)
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=tok.get_vocab_size(), hidden_size=64, intermediate_size=172, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=False)
    LlamaForCausalLM(config).save_pretrained(base)
    return base


def load(path, dtype):
    from transformers import AutoModelForCausalLM
    return AutoModelForCausalLM.from_pretrained(path, dtype=dtype)


def load_tokenizer(path):
    """The model's tokenizer with EOS = <|eot_id|>, PAD and the PRefLexOR tokens ensured."""
    from transformers import AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(path)
    missing = [t for t in PREFLEXOR if tokenizer.convert_tokens_to_ids(t) in (None, tokenizer.unk_token_id)]
    if missing:
        tokenizer.add_special_tokens({"additional_special_tokens": missing})
    if "<|begin_of_text|>" in tokenizer.get_vocab():
        tokenizer.bos_token = "<|begin_of_text|>"
    if "<|eot_id|>" in tokenizer.get_vocab():
        tokenizer.eos_token = "<|eot_id|>"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = "<|pad|>" if "<|pad|>" in tokenizer.get_vocab() else tokenizer.eos_token
    return tokenizer


class ThinkingMask:
    """Drops completion labels up to the last <|/thinking|> (the tag kept; nothing extra when
    it is absent). With fraction F < 1, each of those labels is dropped with probability F,
    drawn from a generator seeded by the sequence itself, so the reference log-probs computed
    once match the policy's mask."""

    def __init__(self, close_id, fraction=1.0, seed=0):
        self.close_id, self.fraction, self.seed = close_id, fraction, seed
        self.dropped = self.seen = 0  # completion labels dropped / seen, for the run summary

    def positions(self, ids, candidates):
        """Indices (from `candidates`, completion positions in order) to drop for one row."""
        import torch
        self.seen += len(candidates)
        is_close = [p for p in candidates if int(ids[p]) == self.close_id]
        if not is_close:
            return []
        before = [p for p in candidates if p < is_close[-1]]
        if self.fraction >= 1.0:
            self.dropped += len(before)
            return before
        digest = hashlib.sha256(bytes(str([int(ids[p]) for p in candidates]), "utf-8")).digest()
        g = torch.Generator().manual_seed(self.seed ^ int.from_bytes(digest[:8], "little"))
        draws = torch.rand(len(before), generator=g)
        drop = [p for p, u in zip(before, draws.tolist()) if u < self.fraction]
        self.dropped += len(drop)
        return drop


class DPOThinkingCollator:
    """Wraps TRL's DataCollatorForPreference: zeroes `completion_mask` in the thinking."""

    def __init__(self, base, mask):
        self.base, self.mask = base, mask

    def __call__(self, examples):
        out = self.base(examples)
        ids, cm = out["input_ids"], out["completion_mask"]
        for r in range(ids.shape[0]):
            cand = cm[r].nonzero().flatten().tolist()
            for p in self.mask.positions(ids[r], cand):
                cm[r, p] = 0
        return out


class ORPOThinkingCollator:
    """Wraps TRL's DPODataCollatorWithPadding for ORPO: sets `*_labels` to -100 in the thinking
    (the NLL over the whole chosen sequence is unchanged, as in TRL)."""

    def __init__(self, base, mask):
        self.base, self.mask = base, mask

    def __call__(self, examples):
        out = self.base(examples)
        for key in ("chosen_labels", "rejected_labels"):
            labels = out[key]
            for r in range(labels.shape[0]):
                cand = (labels[r] != -100).nonzero().flatten().tolist()
                for p in self.mask.positions(labels[r], cand):
                    labels[r, p] = -100
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("method", choices=["orpo", "dpo"], help="stage 1 (orpo) or stage 2 (dpo, exo_pair by default)")
    ap.add_argument("--data", help="TRL-format JSONL {prompt, chosen, rejected}; with --tiny, omitted = demo data")
    ap.add_argument("--model", help="Hugging Face model id or directory (policy; and reference unless --ref-model)")
    ap.add_argument("--ref-model", help="stage 2: frozen reference model directory (the merged stage-1 model)")
    ap.add_argument("--tiny", action="store_true", help="2-layer 64-wide random Llama + byte-level BPE, for CPU checks")
    ap.add_argument("--out", required=True, help="output directory (checkpoints, metrics.jsonl, adapters)")
    ap.add_argument("--lora", choices=["auto", "on", "off"], default="auto", help="LoRA r=64 alpha=64 (auto: on unless --tiny)")
    ap.add_argument("--lora-rank", type=int, default=64)
    ap.add_argument("--lora-alpha", type=int, default=64)
    ap.add_argument("--loss-type", default="exo_pair", choices=["exo_pair", "sigmoid"], help="dpo loss (default exo_pair)")
    ap.add_argument("--beta", type=float, default=0.1, help="ORPO lambda / DPO beta (default 0.1)")
    ap.add_argument("--label-smoothing", type=float, default=5e-3, help="DPO eps (default 5e-3; > 0 for exo_pair)")
    ap.add_argument("--lr", type=float, help="learning rate (default 5e-5 orpo, 5e-7 dpo)")
    ap.add_argument("--max-grad-norm", type=float, help="default 1.0 orpo, 0.3 dpo")
    ap.add_argument("--batch-size", type=int, default=1)
    ap.add_argument("--grad-accum", type=int, default=2)
    ap.add_argument("--max-length", type=int, default=1024)
    ap.add_argument("--max-steps", type=int, default=-1, help="optimizer steps (-1: --epochs)")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--thinking-mask", default=None,
                    help="'answer' (dpo default), 'none' (orpo default) or 'random:F' (drop a share F of thinking labels)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cpu", action="store_true", help="force CPU (default when no GPU is visible)")
    args = ap.parse_args()

    if args.method == "dpo" and args.loss_type == "exo_pair" and args.label_smoothing <= 0:
        ap.error("label smoothing must be greater than 0.0 when using 'exo_pair' loss; the EXO paper recommends 1e-3 (method.md uses 5e-3)")
    if not args.tiny and not args.model:
        ap.error("pass --model (a Hugging Face id or directory) or --tiny")
    if not args.tiny and not args.data:
        ap.error("pass --data FILE.jsonl (write it with `preflexor export trl --out DIR`)")
    mask_mode = args.thinking_mask or ("answer" if args.method == "dpo" else "none")
    fraction = None
    if mask_mode == "answer":
        fraction = 1.0
    elif mask_mode.startswith("random:"):
        fraction = float(mask_mode.split(":", 1)[1])
        if not 0.0 <= fraction <= 1.0:
            ap.error("--thinking-mask random:F needs 0 <= F <= 1")
    elif mask_mode != "none":
        ap.error("--thinking-mask is answer, none or random:F")

    import torch
    from datasets import Dataset
    torch.manual_seed(args.seed)
    use_cpu = args.cpu or not torch.cuda.is_available()
    dtype = torch.float32 if use_cpu else torch.bfloat16
    os.makedirs(args.out, exist_ok=True)

    if args.data:
        with open(args.data, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
    else:
        rows = demo_rows(16, args.seed)
    for i, r in enumerate(rows):
        if not all(isinstance(r.get(k), str) and r.get(k) for k in ("prompt", "chosen", "rejected")):
            sys.exit(f"row {i + 1} of the data needs non-empty string fields prompt, chosen, rejected")
    dataset = Dataset.from_list([{k: r[k] for k in ("prompt", "chosen", "rejected")} for r in rows])

    model_path = args.model
    if args.tiny:
        model_path = tiny_model_and_tokenizer(args.out, [r[k] for r in rows for k in ("prompt", "chosen", "rejected")], args.seed)
    tokenizer = load_tokenizer(model_path)
    model = load(model_path, dtype)
    if len(tokenizer) > model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(len(tokenizer))
    close_id = tokenizer.convert_tokens_to_ids("<|/thinking|>")

    use_lora = args.lora == "on" or (args.lora == "auto" and not args.tiny)
    peft_config = None
    if use_lora:
        from peft import LoraConfig
        targets = LORA_TARGETS
        if args.method == "dpo":
            # TRL 1.16's DPO computes log-probs from lm_head.weight directly (fused head) and
            # rejects an adapter there; stage 2 starts from the merged stage-1 model, whose head
            # already learned the new tokens in stage 1.
            targets = [t for t in LORA_TARGETS if t != "lm_head"]
        peft_config = LoraConfig(r=args.lora_rank, lora_alpha=args.lora_alpha, lora_dropout=0.0,
                                 target_modules=targets, task_type="CAUSAL_LM")

    common = dict(output_dir=args.out, per_device_train_batch_size=args.batch_size,
                  gradient_accumulation_steps=args.grad_accum, max_steps=args.max_steps, num_train_epochs=args.epochs,
                  lr_scheduler_type="constant", logging_steps=1, save_strategy="no", report_to=[], seed=args.seed,
                  use_cpu=use_cpu, bf16=not use_cpu, max_length=args.max_length, remove_unused_columns=False)
    mask = ThinkingMask(close_id, fraction, args.seed) if fraction is not None else None

    if args.method == "orpo":
        from trl.experimental.orpo import ORPOConfig, ORPOTrainer
        from trl.experimental.utils import DPODataCollatorWithPadding
        config = ORPOConfig(beta=args.beta, learning_rate=args.lr or 5e-5,
                            max_grad_norm=args.max_grad_norm or 1.0, **common)
        collator = DPODataCollatorWithPadding(pad_token_id=tokenizer.pad_token_id, is_encoder_decoder=False)
        trainer = ORPOTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer,
                              peft_config=peft_config,
                              data_collator=ORPOThinkingCollator(collator, mask) if mask else collator)
        trainer.use_dpo_data_collator = True  # our wrapper keeps its batch layout
    else:
        from trl import DPOConfig, DPOTrainer
        from trl.trainer.dpo_trainer import DataCollatorForPreference
        config = DPOConfig(loss_type=[args.loss_type], label_smoothing=args.label_smoothing, beta=args.beta,
                           learning_rate=args.lr or 5e-7, max_grad_norm=args.max_grad_norm or 0.3,
                           precompute_ref_log_probs=True, **common)
        ref_model = None
        if args.ref_model or peft_config is None:
            # An in-memory model has no path to load a reference from: load it explicitly (frozen).
            ref_model = load(args.ref_model or model_path, dtype)
            if len(tokenizer) > ref_model.get_input_embeddings().weight.shape[0]:
                ref_model.resize_token_embeddings(len(tokenizer))
        collator = DataCollatorForPreference(pad_token_id=tokenizer.pad_token_id, max_length=args.max_length)
        trainer = DPOTrainer(model=model, ref_model=ref_model, args=config, train_dataset=dataset,
                             processing_class=tokenizer, peft_config=peft_config,
                             data_collator=DPOThinkingCollator(collator, mask) if mask else collator)

    result = trainer.train()
    trainer.save_model(os.path.join(args.out, "final"))
    tokenizer.save_pretrained(os.path.join(args.out, "final"))
    merged_dir = None
    if args.method == "orpo":
        # Stage 2 starts from (and is judged against) the merged stage-1 model: the adapters
        # folded into the base weights, saved as a plain checkpoint at OUT/merged.
        merged_dir = os.path.join(args.out, "merged")
        trained = trainer.model
        if use_lora and hasattr(trained, "merge_and_unload"):
            trained = trained.merge_and_unload()
        trained.save_pretrained(merged_dir)
        tokenizer.save_pretrained(merged_dir)
    with open(os.path.join(args.out, "metrics.jsonl"), "w") as f:
        for rec in trainer.state.log_history:
            f.write(json.dumps(rec) + "\n")
    summary = {"method": args.method, "loss_type": args.loss_type if args.method == "dpo" else "orpo",
               "steps": trainer.state.global_step, "train_loss": result.training_loss, "lora": use_lora,
               "thinking_mask": mask_mode,
               "masked_labels": f"{mask.dropped}/{mask.seen}" if mask else "0",
               "device": "cpu" if use_cpu else "cuda", "rows": len(rows), "merged": merged_dir}
    print(json.dumps(summary))


if __name__ == "__main__":
    ensure_env()
    main()
