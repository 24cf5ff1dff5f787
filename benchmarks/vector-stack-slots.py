#!/usr/bin/env python3
"""Lists the NasSharp kernel methods whose final machine code reads or writes 256/512-bit vectors on the stack.

A 64-byte vector in a stack slot splits a cache line or not depending on where the process's stack happens to fall
(the runtime aligns frames to 16 bytes), so a kernel that keeps vectors there in its loops runs at one speed in one
process and at another in the next (session 25: the stride-2 depthwise input gradient at 13, 20 or 27 GFLOP/s). Dump
the JIT's code of a driver run, then read it with this script:

  cd BENCH_DIR   # a published benchmarks/NasSharp.Benchmarks
  DOTNET_JitDisasm='*' DOTNET_JitStdOutFile=jit.asm ./NasSharp.Benchmarks --gflops --seconds 0.05 --threads 1 --no-reference
  python3 benchmarks/vector-stack-slots.py BENCH_DIR/jit.asm [NAME_SUBSTRING]

Without a name: one line per method (its last listing that is not Tier0, instrumented or OSR code), most stack
vector accesses first. With a name: every such access of that method, with the block it is in. Prologue zeroing and
copies of 64-byte structs (a geometry passed by value) show up too and are harmless; look for the ones inside loops
and around calls that pass vectors by value (they go on the stack).
"""
import re
import sys

STACK_VECTOR = re.compile(r"[yz]mmword ptr \[r[bs]p")


def final_listings(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    last = {}
    for part in text.split("; Assembly listing for method ")[1:]:
        head = part.split("\n", 1)[0]
        match = re.match(r"(.*) \(([^()]*)\)\s*$", head)
        if not match or not match.group(1).startswith("NasSharp."):
            continue
        name, tier = match.group(1), match.group(2)
        if tier in ("Tier0", "Instrumented Tier0") or "OSR" in tier:
            continue
        last[name] = (tier, [line for line in part.split("\n") if not line.startswith("|")])
    return last


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: vector-stack-slots.py JIT_DISASM_FILE [NAME_SUBSTRING]")
    listings = final_listings(sys.argv[1])
    if len(sys.argv) > 2:
        for name, (tier, lines) in listings.items():
            if sys.argv[2] not in name:
                continue
            print(f"== {name} ({tier})")
            block = ""
            for number, line in enumerate(lines):
                if line.startswith("G_M"):
                    block = line.split()[0]
                if STACK_VECTOR.search(line):
                    print(f"{number:6d} {block:14s} {line.strip()}")
        return
    rows = []
    for name, (tier, lines) in listings.items():
        count = sum(1 for line in lines if STACK_VECTOR.search(line))
        if count:
            rows.append((count, tier, name))
    for count, tier, name in sorted(rows, reverse=True):
        print(f"{count:4d}  {tier:15s} {name[:150]}")


if __name__ == "__main__":
    main()
