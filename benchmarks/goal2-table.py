#!/usr/bin/env python3
"""Issue 16's goal 2 as one table: memory-bound kernels from memory against the machine's copy bandwidth.

Reads the output of the kernel driver run from memory after a STREAM run, e.g. (in the published benchmarks directory)
  ./NasSharp.Benchmarks --stream --threads 1 > FILE
  ./NasSharp.Benchmarks --gflops --filter BatchNorm --filter Pooling --filter Elementwise --filter DepthwiseConv \
      --cold 256 --threads 1 --seconds 0.3 --no-reference >> FILE
(several such files: each case's best pass and the best copy over all of them) and prints, for the NAS-Bench-201 shapes (16 ch 32x32, 32 ch 16x16, 64 ch 8x8) and the ShuffleNetV2 ones (16 ch 16x16,
32 ch 8x8, 64 ch 4x4), each kernel's GB/s (the driver's column: every tensor counted once) and its share of the best
one-thread copy in the file, in bold where under 60%. Stride-2 rows sit under their output's column.
Usage: benchmarks/goal2-table.py FILE [FILE...] [--copy GBPS]
"""
import re
import sys

SHAPES = [(16, 32), (32, 16), (64, 8), (16, 16), (32, 8), (64, 4)]
ROWS = [
    ("batch norm forward", "BatchNorm", "k3, Pass=Forward", 1),
    ("batch norm backward", "BatchNorm", "k3, Pass=BackwardData", 1),
    ("batch norm + ReLU forward", "BatchNormRelu", "k3, Pass=Forward", 1),
    ("batch norm + ReLU backward", "BatchNormRelu", "k3, Pass=BackwardData", 1),
    ("ReLU forward", "Elementwise", "k3, Kind=ReluForward", 1),
    ("ReLU backward", "Elementwise", "k3, Kind=ReluBackward", 1),
    ("add in place", "Elementwise", "k3, Kind=AddInPlace", 1),
    ("average pool 3x3 forward", "Pooling", "k3, Kind=Average, Pass=Forward, Stride=1", 1),
    ("average pool 3x3 backward", "Pooling", "k3, Kind=Average, Pass=BackwardData, Stride=1", 1),
    ("max pool 3x3 forward", "Pooling", "k3, Kind=Max, Pass=Forward, Stride=1", 1),
    ("max pool 3x3 backward", "Pooling", "k3, Kind=Max, Pass=BackwardData, Stride=1", 1),
    ("depthwise 3x3 forward", "DepthwiseConv", "k3, Pass=Forward", 1),
    ("depthwise 3x3 input gradient", "DepthwiseConv", "k3, Pass=BackwardData", 1),
    ("depthwise 3x3 weight gradient", "DepthwiseConv", "k3, Pass=BackwardWeight", 1),
    ("depthwise 3x3 stride 2 forward", "DepthwiseConv", "k3 s2, Pass=Forward", 2),
    ("depthwise 3x3 stride 2 input gradient", "DepthwiseConv", "k3 s2, Pass=BackwardData", 2),
    ("depthwise 3x3 stride 2 weight gradient", "DepthwiseConv", "k3 s2, Pass=BackwardWeight", 2),
]


def main() -> None:
    args = sys.argv[1:]
    copy = None
    if "--copy" in args:
        at = args.index("--copy")
        try:
            copy = float(args[at + 1])
        except (IndexError, ValueError):
            sys.exit("--copy needs a bandwidth in GB/s, e.g. --copy 38.5")
        del args[at:at + 2]
    if not args:
        sys.exit("usage: benchmarks/goal2-table.py FILE [FILE...] [--copy GBPS]")
    copies, cases = [], {}
    for path in args:
        try:
            text = open(path, encoding="utf-8").read()
        except OSError as error:
            sys.exit(f"{path}: {error.strerror}")
        copies += [float(m) for m in re.findall(r"^\| copy \| 1 \| ([0-9.]+) \|", text, re.M)]
        for line in text.splitlines():
            cells = [c.strip() for c in line.split("|")]
            if len(cells) < 11 or cells[3] != "Kernel":
                continue
            try:
                gbps = float(cells[9])
            except ValueError:
                continue
            key = (cells[1], cells[2])
            cases[key] = max(gbps, cases.get(key, 0.0))
    if copy is None:
        if not copies:
            sys.exit(f"{', '.join(args)}: no one-thread STREAM copy line; give --copy GBPS")
        copy = max(copies)
    passes = f"best of {len(args)} passes" if len(args) > 1 else "one pass"
    print(f"One thread, from memory, {passes}; shares of the best one-thread copy, {copy:.1f} GB/s (60% = {0.6 * copy:.1f}); "
          "bold where under 60%.")
    print()
    print("| kernel (batch 64) | " + " | ".join(f"{c} ch {s}x{s}" for c, s in SHAPES) + " |")
    print("|---|" + "---|" * len(SHAPES))
    for label, kernel, suffix, stride in ROWS:
        cells = []
        for channels, side in SHAPES:
            source = side * stride
            key = (kernel, f"Shape=64x{channels}x{source}x{source} {suffix}")
            gbps = cases.get(key)
            if gbps is None:
                cells.append("")
                continue
            share = gbps / copy
            figure = f"{gbps:.1f} ({share:.0%})"
            cells.append(f"**{figure}**" if share < 0.6 else figure)
        if any(cells):
            print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
