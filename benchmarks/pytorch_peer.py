#!/usr/bin/python3
"""PyTorch peer of the ModelGen benchmark: the same models, batch sizes and step as
ModelGen.Benchmarks, timed the same way, printed as JSON with the same field names.

Run with Debian's /usr/bin/python3 (python3-torch 1.13). For PyTorch's best CPU speed run it as
benchmarks/run.sh does: without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (so OpenBLAS picks its AVX-512
kernels) and with ATEN_CPU_CAPABILITY=avx512; see shared/research/perf-anchors.md.
"""
import argparse
import ctypes
import datetime
import importlib.util
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

PEAK_GFLOPS_PER_CORE = 268.0  # Zen 5 FP32 FMA peak, as in ModelGen.Benchmarks/Machine.cs

# name: layer widths (input and output width for the residual network), batch, synthetic rows,
# measured steps, measured steps with --quick; the optimizer is Adam(lr 1e-3) unless given.
# Keep in step with ModelGen.Benchmarks/Workloads.cs and Models.cs.
WORKLOADS = {
    "digits": dict(layers=[64, 128, 64, 10], batch=64, rows=8192, steps=2000, quick_steps=200),
    "large": dict(layers=[784, 1024, 1024, 10], batch=256, rows=4096, steps=60, quick_steps=10),
    # samples/ResidualDigits' network, its own PyTorch peer (see build_model); AdamW as in the sample.
    "residual": dict(layers=[64, 10], architecture="residual", shape="64-128-[LN-256-128]x2-LN-10",
                     batch=64, rows=8192, steps=1000, quick_steps=100, optimizer="adamw", lr=2e-3, weight_decay=0.01),
}


# Ways to run the step; every one is measured and the fastest is compared (see main).
VARIANTS = ["eager", "eager+foreach", "trace+foreach"]


def matmul_flops(model, batch):
    """(training, inference) flops of the matrix products, the same count as ModelInfo.TrainingFlops /
    InferenceFlops: 2 flops per multiply-add; training adds the weight-gradient and input-gradient
    products, except that the first Linear (applied to the data, which needs no gradient) has no
    input gradient. Every benchmarked model's first registered Linear is the one applied to the data."""
    products = [2.0 * batch * m.in_features * m.out_features for m in model.modules() if isinstance(m, nn.Linear)]
    return 3 * sum(products) - products[0], sum(products) / batch


def build_model(spec):
    if spec.get("architecture") == "residual":
        return residual_sample().ResidualDigitsNet()
    layers = spec["layers"]
    modules = []
    for i in range(1, len(layers)):
        modules.append(nn.Linear(layers[i - 1], layers[i]))
        if i < len(layers) - 1:
            modules.append(nn.ReLU())
    return nn.Sequential(*modules)


def residual_sample():
    """samples/ResidualDigits/pytorch_peer.py as a module: its ResidualDigitsNet is the network the
    ModelGen harness compiles (same modules, LayerNorm eps 1e-5, dropout 0.1, initialization)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "ResidualDigits", "pytorch_peer.py")
    spec = importlib.util.spec_from_file_location("residual_digits_peer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def openblas():
    """The OpenBLAS that torch loaded (through libblas.so.3), or None. PyTorch 1.13's
    set_num_threads does not reach OpenBLAS's own thread pool, so this handle sets it directly:
    otherwise a '1 thread' run still multiplies matrices on both cores."""
    torch.mm(torch.ones(8, 8), torch.ones(8, 8))  # make sure the BLAS is loaded
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line and "/" in line}
    for path in sorted(paths):
        library = ctypes.CDLL(path)
        if hasattr(library, "openblas_set_num_threads"):
            library.openblas_get_config.restype = ctypes.c_char_p
            library.openblas_get_corename.restype = ctypes.c_char_p
            return library
    return None


def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def cpu_name():
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def summary(samples_ns, divisor=1):
    """Median and minimum in microseconds (statistics.median averages the middle pair, as the C# side)."""
    return statistics.median(samples_ns) / divisor / 1e3, min(samples_ns) / divisor / 1e3


def warm_up(fn, min_calls, seconds):
    start = time.perf_counter()
    calls = 0
    while calls < min_calls or time.perf_counter() - start < seconds:
        fn()
        calls += 1
    return (time.perf_counter() - start) / calls


def measure(name, spec, threads, variant, args):
    torch.manual_seed(args.seed)
    layers, batch = spec["layers"], spec["batch"]
    steps = args.steps or (spec["quick_steps"] if args.quick else spec["steps"])
    warm_calls, warm_seconds = (40, 0.5) if args.quick else (40, 2.0)

    features = torch.rand(spec["rows"], layers[0])
    labels = torch.randint(0, layers[-1], (spec["rows"],))
    order = torch.randperm(spec["rows"])
    batches = [order[i * batch:(i + 1) * batch] for i in range(spec["rows"] // batch)]

    model = build_model(spec)
    mode, _, adam_mode = variant.partition("+")
    # "trace" records the forward once with torch.jit.trace; autograd and Adam still work on the
    # same parameters. perf-anchors found it helps the small model (fewer Python dispatches).
    # A trace fixes the training flag it was recorded with (dropout), so inference gets its own,
    # recorded in eval mode; check_trace=False as dropout's masks differ between calls.
    forward, infer = model.train(), model
    if mode == "trace":
        infer = torch.jit.trace(model.eval(), features[:batch], check_trace=False)
        forward = torch.jit.trace(model.train(), features[:batch], check_trace=False)
    # "+foreach" uses Adam's multi-tensor implementation (off by default in 1.13, on in 2.x):
    # fewer dispatches, and faster on the large model too.
    foreach = adam_mode == "foreach"
    if spec.get("optimizer") == "adamw":
        optimizer = torch.optim.AdamW(model.parameters(), lr=spec["lr"], weight_decay=spec["weight_decay"], foreach=foreach)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=foreach)

    cursor = [0]

    def load():
        rows = batches[cursor[0] % len(batches)]
        cursor[0] += 1
        # The same gather ModelGen's LoadBatch does: copy the batch's rows out of the data set.
        return features.index_select(0, rows), labels.index_select(0, rows)

    def compute(x, y):
        # set_to_none: gradients are overwritten, not zero-filled then accumulated, as in ModelGen.
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(forward(x), y)
        loss.backward()
        return loss

    def step():
        x, y = load()
        compute(x, y)
        optimizer.step()

    warm_up(step, warm_calls, warm_seconds)

    total, no_load, load_ns, compute_ns, update_ns = [], [], [], [], []
    loss = None
    clock = time.perf_counter_ns
    for _ in range(steps):
        t0 = clock()
        x, y = load()
        t1 = clock()
        loss = compute(x, y)
        t2 = clock()
        optimizer.step()
        t3 = clock()
        total.append(t3 - t0)
        no_load.append(t3 - t1)
        load_ns.append(t1 - t0)
        compute_ns.append(t2 - t1)
        update_ns.append(t3 - t2)

    # Batch-1 inference without autograd and in eval mode (no dropout, as ModelGen's Predict);
    # blocks of calls lasting ~50 µs, as on the C# side.
    model.eval()
    sample = features[:1].clone()
    with torch.no_grad():
        per_call = warm_up(lambda: infer(sample), 100, warm_seconds)
        block = max(1, min(10_000, int(50e-6 / per_call + 0.999)))
        samples = 50 if args.quick else 300
        inference = []
        for _ in range(samples):
            t0 = clock()
            for _ in range(block):
                infer(sample)
            inference.append(clock() - t0)

    flops, inference_flops = matmul_flops(model, batch)
    step_median, step_min = summary(total)
    no_load_median, no_load_min = summary(no_load)
    peak = PEAK_GFLOPS_PER_CORE * threads
    infer_median, infer_min = summary(inference, block)
    return {
        "model": name, "variant": variant, "layers": layers, "shape": spec.get("shape", "-".join(map(str, layers))),
        "batch": batch, "threads": threads, "training_flops": flops, "inference_flops": inference_flops, "steps": steps,
        "step_median_us": round(step_median, 3), "step_min_us": round(step_min, 3),
        "step_no_load_median_us": round(no_load_median, 3), "step_no_load_min_us": round(no_load_min, 3),
        "load_median_us": round(summary(load_ns)[0], 3),
        "compute_median_us": round(summary(compute_ns)[0], 3),
        "optimizer_median_us": round(summary(update_ns)[0], 3),
        "gflops": round(flops / step_median / 1e3, 3),
        "gflops_no_load": round(flops / no_load_median / 1e3, 3),
        "peak_gflops": peak,
        "percent_of_peak": round(100 * flops / step_median / 1e3 / peak, 3),
        "inference_calls": samples * block,
        "inference_b1_median_us": round(infer_median, 3), "inference_b1_min_us": round(infer_min, 3),
        "alloc_bytes_per_step": None, "alloc_bytes_per_inference": None,
        "last_loss": round(float(loss), 3),
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="all", help="comma-separated: digits, large, residual, or all")
    parser.add_argument("--threads", default="1", help="comma-separated thread counts (default 1)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated ways to run PyTorch: eager or trace (torch.jit.trace forward), "
                             "optionally +foreach (multi-tensor Adam); the result row keeps the fastest")
    parser.add_argument("--steps", type=int, default=None, help="measured steps (default per model)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="short smoke run, not numbers to quote")
    parser.add_argument("--json", help="also write the JSON to this file")
    args = parser.parse_args()
    args.models = list(WORKLOADS) if args.model == "all" else args.model.split(",")
    args.thread_counts = [int(t) for t in args.threads.split(",")]
    args.variant_list = args.variants.split(",")
    unknown = [m for m in args.models if m not in WORKLOADS] + [v for v in args.variant_list if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown model or variant: {', '.join(unknown)}")
    return args


def main():
    args = parse_args()
    blas = openblas()
    results = []
    for name in args.models:
        for threads in args.thread_counts:
            torch.set_num_threads(threads)
            if blas is not None:
                blas.openblas_set_num_threads(threads)
            runs = [measure(name, WORKLOADS[name], threads, variant, args) for variant in args.variant_list]
            for run in runs:
                print(f"{name} {threads} thread(s) {run['variant']}: step {run['step_median_us']:.1f} µs median, "
                      f"inference b1 {run['inference_b1_median_us']:.2f} µs", file=sys.stderr)
            # The best variant by median step is the row to compare with; all are kept for the record.
            best = dict(min(runs, key=lambda r: r["step_median_us"]))
            best["best_of"] = [r["variant"] for r in runs]
            # Inference: the best variant may differ from the training one; take the faster.
            fastest_inference = min(runs, key=lambda r: r["inference_b1_median_us"])
            best["inference_b1_median_us"] = fastest_inference["inference_b1_median_us"]
            best["inference_b1_min_us"] = fastest_inference["inference_b1_min_us"]
            best["inference_variant"] = fastest_inference["variant"]
            if threads > 1:
                # With OpenBLAS's pthread build its pool and PyTorch's OpenMP pool contend (perf-anchors).
                openmp = blas is not None and "USE_OPENMP" in blas.openblas_get_config().decode()
                best["blas_threading"] = "OpenMP OpenBLAS" if openmp else "pthread OpenBLAS: pools contend"
            results.append({"best": best, "runs": runs})

    report = {
        "framework": "PyTorch",
        "runtime": f"torch {torch.__version__}, Python {sys.version.split()[0]}",
        "simd": cpu_capability(),
        "blas": blas.openblas_get_config().decode() if blas is not None else "not OpenBLAS",
        "blas_core": blas.openblas_get_corename().decode() if blas is not None else None,
        "cpu": cpu_name(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "peak_gflops_per_core": PEAK_GFLOPS_PER_CORE,
        "quick": args.quick,
        "results": [r["best"] for r in results],
        "all_runs": [run for r in results for run in r["runs"]],
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text + "\n")


if __name__ == "__main__":
    main()
