#!/usr/bin/env bash
# Issue 16's goal 2, one pass: the one-thread STREAM copy, then the memory-bound kernels of the goal (batch norm, batch
# norm + ReLU, ReLU, in-place add, 3x3 pooling at the NAS-Bench-201 shapes, depthwise 3x3 at the NAS-Bench-201 and
# ShuffleNetV2 shapes, stride 2 from the three larger ones) from memory on one thread, then the copy again.
# Publish the driver first: dotnet publish benchmarks/NasSharp.Benchmarks -c Release -o BENCH_DIR
# Usage: benchmarks/goal2-sitting.sh BENCH_DIR OUT_FILE   (then benchmarks/goal2-table.py OUT_FILE [MORE_PASSES...])
set -euo pipefail
bench=${1:?BENCH_DIR, a published NasSharp.Benchmarks}; out=${2:?OUT_FILE}
[[ -x "$bench/NasSharp.Benchmarks" ]] || { echo "goal2-sitting.sh: no NasSharp.Benchmarks in '$bench' (publish it first)" >&2; exit 2; }
filters=(--filter BatchNorm --filter Elementwise)
for s in 64x16x32x32 64x32x16x16 64x64x8x8; do filters+=(--filter "Pooling Shape=$s k3"); done
for s in 64x16x32x32 64x32x16x16 64x64x8x8 64x16x16x16 64x32x8x8 64x64x4x4; do filters+=(--filter "DepthwiseConv Shape=$s k3,"); done
for s in 64x16x32x32 64x32x16x16 64x64x8x8; do filters+=(--filter "DepthwiseConv Shape=$s k3 s2,"); done
{
  echo "# $(date -u) goal 2 pass: stream before"
  "$bench/NasSharp.Benchmarks" --stream --threads 1
  "$bench/NasSharp.Benchmarks" --gflops "${filters[@]}" --cold 256 --threads 1 --seconds 0.3 --no-reference
  echo "# $(date -u) stream after"
  "$bench/NasSharp.Benchmarks" --stream --threads 1
} > "$out" 2>&1
echo "goal2-sitting.sh: wrote $out"
