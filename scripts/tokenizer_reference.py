#!/usr/bin/env python3
"""Reference fixtures for the byte-level BPE tokenizer (Sources/LM/Tokenizer), made with
Hugging Face `tokenizers`.

Writes, under Tests/Fixtures/LM/tokenizer/:
  corpus.txt                 a generated training text (deterministic; no shared-corpus text copied)
  tokenizers-bpe.tokenizer.json
                             a byte-level BPE trained by tokenizers' BpeTrainer on corpus.txt
                             (one sequence per line; vocab 700; special token <|endoftext|>)
  tokenizers-variant.tokenizer.json
                             the same model with add_prefix_space, an lstrip/rstrip special token,
                             a single_word token, normalized added tokens and a ByteLevel
                             post-processor (as GPT-2's file has)
  reference.json             for every text in TEXTS: the ids and decoded text that tokenizers gives
                             with tokenizers-bpe.tokenizer.json and, when it exists, with
                             swift-bpe.tokenizer.json (the file the Swift trainer writes; record it with
                             PREFLEXOR_RECORD=1 swift test --filter TokenizerTrainingTests)

Workflow when something changes: run this script, re-record the Swift golden file, run this script
again, then run the Swift tests (TokenizerReferenceTests compare ids both ways).

Python environment: $PREFLEXOR_PYENV if set, else .preflexor/pyenv (created here) with the pins below.
"""
import json
import os
import random
import subprocess
import sys
import venv

PINS = ["tokenizers==0.23.3"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "LM", "tokenizer")


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


# ---------------------------------------------------------------------------------------------
# The texts both implementations must agree on (ids and decoding).
TEXTS = [
    "",
    "Hello world",
    "  leading spaces",
    "trailing spaces   ",
    "multiple    spaces     between words",
    "tabs\tand\ttabs\t\t",
    "new\nline\n\n\nparagraph\r\nwindows",
    "I'm sure you're right; they've said we'll go, I'd say it's John's. DON'T SHOUT",
    "'s 't 're 've 'm 'll 'd 'S 'RE '' 'x",
    "Numbers: 3.14159, 1,000,000 and 2026-11-27; x^2=4; 12345678901234567890",
    "Η αντοχή του κολλαγόνου: σ = E·ε, Δx ≈ 0.5 μm",
    "蜘蛛の糸は非常に強い。蚕丝蛋白的力学性能 한국어 텍스트",
    "Emoji 😀🔬🧬 with ZWJ 👩\u200d🔬 and flags 🇨🇭 and skin tone 👍🏽",
    "naïve café résumé Ångström Zürich e\u0301 decomposed",
    "∫ f(x) dx ≤ ∞ ± √2 → ∂u/∂t = ∇²u",
    "<|thinking|>Reasoning steps<|/thinking|>Final answer.",
    "What is nacre? Use <|thinking|>.",
    "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
    "<|thinking| and <|think|> and <|/thinking and |thinking|>",
    "abc<|reflect|>def<|/reflect|>ghi",
    " <|response|> x <|/response|> ",
    "   \n\t  ",
    "a\u00a0b\u2003c\u3000d\u2028e\u0085f\u200bg",
    "\u0000\u0001\u001f\u007f end",
    "!!!??? ... ---- ((( ))) [[a]] {b} @#$%^&*",
    "def f(x):\n    return x**2  # comment\n",
    "https://doi.org/10.1371/journal.pone.0123456 mail: a.b@c.org",
    "Arabic العربية Hebrew עברית Hindi हिन्दी Thai ภาษาไทย",
    "٣٤٥ ① ½ Ⅻ ² ৩",
    "Pneumonoultramicroscopicsilicovolcanoconiosis aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "Ca10(PO4)6(OH)2 hydroxyapatite; β-sheet; α-helix; 5'-UTR",
    "ĠĊ literal byte-level chars Ġhello ĉ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛",
    "\u0301\u0301 a\u0308",
    "The fibril's modulus (E ≈ 1–2 GPa) ‘quotes’ “double” — dash",
    "<|pad|><|pad|><|end_of_text|><|endoftext|>",
    "<p>Spider silk <italic>MaSp1</italic></p>",
    "spider silk nacre bone collagen keratin chitin",
    "The toughness of nacre arises from its brick-and-mortar structure.",
    " \n \n",
    # Added-token options (exercised by tokenizers-variant.tokenizer.json).
    "a <mask> b <mask>c d<mask>",
    "<mask>",
    "[SW] a[SW] [SW]b _[SW] ([SW]) é[SW]",
    "nacre-like keratin like ke",
    "  two leading spaces then <mask>  and\n<mask>\n",
]


# ---------------------------------------------------------------------------------------------
# A generated training corpus: domain-flavoured sentences, numbers, units, some non-Latin text.
def generate_corpus(seed=1234, lines=900):
    rng = random.Random(seed)
    materials = ["spider silk", "nacre", "bone", "collagen", "keratin", "chitin", "cellulose",
                 "enamel", "tendon", "wood", "silk fibroin", "hydroxyapatite", "elastin", "byssus"]
    props = ["toughness", "stiffness", "strength", "modulus", "fracture energy", "hardness",
             "extensibility", "damping", "fatigue resistance"]
    mechs = ["hierarchical structure", "sacrificial bonds", "crack deflection", "mineral bridges",
             "hydrogen bonding", "β-sheet nanocrystals", "fibril sliding", "platelet pull-out"]
    units = ["MPa", "GPa", "kJ/m²", "μm", "nm", "%", "°C", "J/m³"]
    verbs = ["increases", "reduces", "controls", "enhances", "governs", "limits"]
    extras = ["Η σκληρότητα αυξάνεται.", "蜘蛛の糸は強い。", "Le nacre est résistant.",
              "It's what they've shown.", "We'll see; I'd agree.", "Die Zähigkeit steigt um 30 %."]
    out = []
    for i in range(lines):
        m1, m2 = rng.choice(materials), rng.choice(materials)
        p, mech = rng.choice(props), rng.choice(mechs)
        v, u = rng.choice(verbs), rng.choice(units)
        x = round(rng.uniform(0.01, 500), rng.choice([0, 1, 2]))
        kind = rng.randrange(6)
        if kind == 0:
            s = f"The {p} of {m1} {v} with {mech}, reaching {x} {u}."
        elif kind == 1:
            s = f"In {m1}, {mech} {v} {p} ({x} {u}) compared with {m2}."
        elif kind == 2:
            s = f"Q: How does {mech} affect the {p} of {m1}? A: it {v} it by {x}{u}."
        elif kind == 3:
            s = f"{m1.capitalize()} and {m2}: {p} = {x} ± {round(x / 10, 2)} {u}; n = {rng.randrange(3, 40)}."
        elif kind == 4:
            s = f"Table {rng.randrange(1, 9)}. {p.capitalize()} of {m1} vs. {m2}\t{x}\t{u}"
        else:
            s = rng.choice(extras) + " " + f"{m1} ({mech})"
        if rng.random() < 0.1:
            s = "  " + s
        out.append(s)
    return "\n".join(out) + "\n"


def main():
    ensure_env()
    import tokenizers
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    os.makedirs(OUT, exist_ok=True)
    corpus = generate_corpus()
    with open(os.path.join(OUT, "corpus.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(corpus)
    lines = corpus.split("\n")

    # A tokenizer made entirely by tokenizers (checks the Swift loader and trainer against it).
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=700, min_frequency=0, show_progress=False,
                                  special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(lines, trainer=trainer)
    hf_path = os.path.join(OUT, "tokenizers-bpe.tokenizer.json")
    tok.save(hf_path)

    # The same model with the options the loader must honour: add_prefix_space, lstrip/rstrip,
    # single_word, and normalized added tokens (matched after the non-normalized ones).
    from tokenizers import AddedToken
    var = Tokenizer.from_file(hf_path)
    var.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    var.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=True, normalized=False, special=True)])
    var.add_tokens([AddedToken("[SW]", single_word=True, normalized=False),
                    AddedToken("nacre-like", normalized=True), AddedToken("ke", normalized=True)])
    from tokenizers import processors
    var.post_processor = processors.ByteLevel(trim_offsets=False)   # GPT-2 files carry one
    var_path = os.path.join(OUT, "tokenizers-variant.tokenizer.json")
    var.save(var_path)

    reference = {"tokenizers_version": tokenizers.__version__, "texts": TEXTS}
    files = {"tokenizers_trained": hf_path,
             "tokenizers_variant": var_path,
             "swift_trained": os.path.join(OUT, "swift-bpe.tokenizer.json")}
    for key, path in files.items():
        if not os.path.exists(path):
            print(f"{path} missing: record it with Swift first; skipping", file=sys.stderr)
            continue
        t = Tokenizer.from_file(path)
        ids = [t.encode(s).ids for s in TEXTS]
        decoded = [t.decode(i, skip_special_tokens=False) for i in ids]
        reference[key] = {"file": os.path.basename(path), "vocab_size": t.get_vocab_size(),
                          "ids": ids, "decoded": decoded}
        rt = sum(d == s for d, s in zip(decoded, TEXTS))
        print(f"{key}: {len(TEXTS)} texts, vocab {t.get_vocab_size()}, {rt} decode back exactly",
              file=sys.stderr)
    # Decoding byte sequences that are not valid UTF-8 (a generator can emit any id sequence):
    # each byte as its own byte-level token of the Swift-trained file.
    if "swift_trained" in reference:
        t = Tokenizer.from_file(files["swift_trained"])
        # GPT-2 byte-to-unicode map, as tokenizers' ByteLevel uses it.
        bs = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
        cs, n = bs[:], 0
        for b in range(256):
            if b not in bs:
                bs.append(b)
                cs.append(256 + n)
                n += 1
        alphabet = {b: chr(c) for b, c in zip(bs, cs)}
        cases = [[0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80],
                 [0x61, 0xE2, 0x82, 0x62], [0xF4, 0x90, 0x80, 0x80], [0x80, 0x80, 0x41], [0xE2, 0x82, 0xAC]]
        invalid = []
        for bytes_ in cases:
            ids = [t.token_to_id(alphabet[b]) for b in bytes_]
            invalid.append({"bytes": bytes_, "ids": ids, "decoded": t.decode(ids, skip_special_tokens=False)})
        reference["invalid_utf8"] = invalid

    # The Swift-written file also loads in transformers (as checkpoints ship it) with the same ids.
    swift_path = files["swift_trained"]
    if os.path.exists(swift_path) and "--no-transformers" not in sys.argv:
        try:
            from transformers import PreTrainedTokenizerFast
        except ImportError:
            print("transformers not installed: skipping the PreTrainedTokenizerFast check", file=sys.stderr)
        else:
            fast = PreTrainedTokenizerFast(tokenizer_file=swift_path, eos_token="<|eot_id|>",
                                           pad_token="<|pad|>", bos_token="<|begin_of_text|>")
            ids = [fast.encode(s, add_special_tokens=False) for s in TEXTS]
            agree = ids == reference["swift_trained"]["ids"]
            print(f"transformers PreTrainedTokenizerFast on swift-bpe.tokenizer.json: same ids: {agree}",
                  file=sys.stderr)
            if not agree:
                sys.exit("transformers disagrees with tokenizers on the Swift-written file")
    with open(os.path.join(OUT, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, ensure_ascii=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
