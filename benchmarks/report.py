#!/usr/bin/env python3
"""Turns a JMH JSON result (benchmarks/run.sh) into the Markdown tables of BENCHMARKS.md.

usage: python3 benchmarks/report.py [benchmarks/target/jmh-result.json]
"""
import json
import sys

SIZES = ["1024", "65536", "1048576"]
SIZE_NAMES = {"1024": "1 KiB", "65536": "64 KiB", "1048576": "1 MiB"}

# (row label, benchmark, floor benchmark used for ours/floor, matching SDK benchmark)
OURS = [
    ("Standard Webhooks", "VerifierBenchmark.standardWebhooks", "FloorBenchmark.standardWebhooks",
     "VendorSdkBenchmark.standardWebhooks"),
    ("Svix", "VerifierBenchmark.svix", "FloorBenchmark.standardWebhooks", "VendorSdkBenchmark.svix"),
    ("Stripe", "VerifierBenchmark.stripe", "FloorBenchmark.stripe", "VendorSdkBenchmark.stripe"),
    ("Slack", "VerifierBenchmark.slack", "FloorBenchmark.slack", "VendorSdkBenchmark.slack"),
]


def load(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for r in data:
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        size = r.get("params", {}).get("size")
        if size is None:
            continue  # not a body-size benchmark (e.g. ReplayStoreBenchmark)
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        out[(name, size)] = (pm["score"], pm["scoreError"], alloc)
    return out


def fmt_us(v):
    if not isinstance(v, (int, float)) or v != v:
        return "?"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.3f}" if v < 1 else f"{v:.2f}"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/jmh-result.json"
    res = load(path)
    names = sorted({k[0] for k in res}, key=lambda n: (
        ["FloorBenchmark", "VerifierBenchmark", "VendorSdkBenchmark"].index(n.split(".")[0])
        if n.split(".")[0] in ["FloorBenchmark", "VerifierBenchmark", "VendorSdkBenchmark"] else 9, n))

    print("| benchmark | " + " | ".join(f"{SIZE_NAMES[s]} µs/op" for s in SIZES) + " | "
          + " | ".join(f"{SIZE_NAMES[s]} B/op" for s in SIZES) + " |")
    print("|---|" + "---:|" * (2 * len(SIZES)))
    for n in names:
        cells = []
        for s in SIZES:
            v = res.get((n, s))
            cells.append("–" if v is None else f"{fmt_us(v[0])} ± {fmt_us(v[1])}")
        for s in SIZES:
            v = res.get((n, s))
            cells.append("–" if v is None or v[2] is None else f"{v[2]:,.0f}")
        print(f"| `{n}` | " + " | ".join(cells) + " |")

    print()
    print("| provider | ours/floor 1 KiB | ours/floor 64 KiB | ours/floor 1 MiB | SDK/ours 1 KiB |")
    print("|---|---:|---:|---:|---:|")
    for label, ours, floor, sdk in OURS:
        cells = []
        for s in SIZES:
            o, f = res.get((ours, s)), res.get((floor, s))
            cells.append("–" if o is None or f is None else f"{o[0] / f[0]:.2f}x")
        o, v = res.get((ours, "1024")), res.get((sdk, "1024"))
        cells.append("–" if o is None or v is None else f"{v[0] / o[0]:.2f}x")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
