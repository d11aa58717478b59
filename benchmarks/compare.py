#!/usr/bin/python3
"""Side-by-side table of ModelGen and PyTorch results.

Usage: compare.py RESULT.json... (files written by ModelGen.Benchmarks --json and
pytorch_peer.py --json, in any order). Rows are matched on (model, threads); a configuration
measured only by ModelGen (PyTorch unavailable) gets n/a in the PyTorch columns.
Standard library only, so it runs whether or not torch is installed.
"""
import json
import sys


INFERENCE_KEYS = ("inference_b1_median_us", "inference_b1_min_us", "inference_variant")


def load(paths):
    """Results by (model, threads) and framework. With several rounds of the same configuration
    (run.sh --rounds), keep the round with the lowest median step, and separately the lowest median
    inference: on a shared host, the quietest round is the best estimate of the machine's speed."""
    rows = {}  # (model, threads) -> {framework: result}
    meta = {}
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        framework = report["framework"]
        meta.setdefault(framework, report)
        for result in report["results"]:
            by = rows.setdefault((result["model"], result["threads"]), {})
            result = dict(result, rounds=1)
            kept = by.get(framework)
            if kept is None:
                by[framework] = result
                continue
            best = dict(result if result["step_median_us"] < kept["step_median_us"] else kept)
            fastest = result if result["inference_b1_median_us"] < kept["inference_b1_median_us"] else kept
            best.update({k: fastest[k] for k in INFERENCE_KEYS if k in fastest})
            best["rounds"] = kept["rounds"] + 1
            by[framework] = best
    return dict(sorted(rows.items(), key=lambda item: (MODEL_ORDER.get(item[0][0], 99), item[0][1]))), meta


MODEL_ORDER = {"digits": 0, "large": 1, "residual": 2}


def fmt(value, digits=1, suffix=""):
    return "n/a" if value is None else f"{value:,.{digits}f}{suffix}"


def get(result, key):
    return None if result is None else result.get(key)


def ratio(ours, theirs):
    return None if ours is None or theirs is None or ours <= 0 else theirs / ours


def shape(result):
    return result.get("shape") or "-".join(str(w) for w in result["layers"])


def main_table(rows):
    lines = [
        "| model (batch) | threads | ModelGen step µs (min) | PyTorch step µs (min) | speed-up | "
        "ModelGen GFLOP/s (% peak) | PyTorch GFLOP/s (% peak) | inference b1 µs ModelGen / PyTorch | ModelGen alloc B/step |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (model, threads), by in rows.items():
        mg, pt = by.get("ModelGen"), by.get("PyTorch")
        any_result = mg or pt
        lines.append(
            f"| {model} {shape(any_result)} ({any_result['batch']}) | {threads} "
            f"| {fmt(get(mg, 'step_median_us'))} ({fmt(get(mg, 'step_min_us'))}) "
            f"| {fmt(get(pt, 'step_median_us'))} ({fmt(get(pt, 'step_min_us'))}) "
            f"| {fmt(ratio(get(mg, 'step_median_us'), get(pt, 'step_median_us')), 2, '×')} "
            f"| {fmt(get(mg, 'gflops'))} ({fmt(get(mg, 'percent_of_peak'), 1, '%')}) "
            f"| {fmt(get(pt, 'gflops'))} ({fmt(get(pt, 'percent_of_peak'), 1, '%')}) "
            f"| {fmt(get(mg, 'inference_b1_median_us'), 2)} / {fmt(get(pt, 'inference_b1_median_us'), 2)} "
            f"| {fmt(get(mg, 'alloc_bytes_per_step'), 0)} |")
    return "\n".join(lines)


def phase_table(rows):
    """Where the step time goes: batch copy, forward+loss+backward, Adam (medians of each phase)."""
    lines = [
        "| model | threads | framework | load µs | forward+backward µs | Adam µs | step w/o load µs | speed-up w/o load | how PyTorch ran |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for (model, threads), by in rows.items():
        mg, pt = by.get("ModelGen"), by.get("PyTorch")
        speedup = ratio(get(mg, "step_no_load_median_us"), get(pt, "step_no_load_median_us"))
        for name, r in (("ModelGen", mg), ("PyTorch", pt)):
            if r is None:
                continue
            how = ""
            if name == "PyTorch":
                how = f"{r['variant']} (best of {', '.join(r['best_of'])}); inference {r['inference_variant']}"
                if r.get("blas_threading"):
                    how += f"; {r['blas_threading']}"
            lines.append(
                f"| {model} | {threads} | {name} | {fmt(r['load_median_us'])} | {fmt(r['compute_median_us'])} "
                f"| {fmt(r['optimizer_median_us'])} | {fmt(r['step_no_load_median_us'])} "
                f"| {fmt(speedup, 2, '×') if name == 'ModelGen' else ''} | {how} |")
    return "\n".join(lines)


def header(meta, rows):
    lines = []
    mg, pt = meta.get("ModelGen"), meta.get("PyTorch")
    if mg:
        lines.append(f"ModelGen: {mg['runtime']}, SIMD {mg['simd']}, {mg['cpu']}, {mg['date']}"
                     + (" (QUICK: not for quoting)" if mg.get("quick") else ""))
    if pt:
        lines.append(f"PyTorch: {pt['runtime']}, ATen {pt['simd']}, {pt['blas']}, {pt['date']}"
                     + (" (QUICK: not for quoting)" if pt.get("quick") else ""))
    else:
        lines.append("PyTorch: unavailable (no torch); ModelGen columns only.")
    for (model, threads), by in rows.items():
        counts = {r["training_flops"] for r in by.values()}
        if len(counts) > 1:
            lines.append(f"WARNING: {model} at {threads} thread(s): the frameworks count different training flops "
                         f"({', '.join(f'{c:,.0f}' for c in sorted(counts))}); GFLOP/s are not comparable.")
    rounds = max((r.get("rounds", 1) for by in rows.values() for r in by.values()), default=1)
    if rounds > 1:
        lines.append(f"Best of {rounds} interleaved rounds per configuration (lowest median).")
    peak = (mg or pt or {}).get("peak_gflops_per_core", 268)
    lines.append(f"Speed-up = PyTorch time / ModelGen time (> 1: ModelGen faster). "
                 f"% peak is of {peak:g} GFLOP/s per core times the threads used.")
    return "\n".join(lines)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rows, meta = load(sys.argv[1:])
    print(header(meta, rows))
    print()
    print(main_table(rows))
    print()
    print(phase_table(rows))


if __name__ == "__main__":
    main()
