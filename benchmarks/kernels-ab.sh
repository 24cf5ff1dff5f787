#!/usr/bin/env bash
# Before/after comparison of two builds of the kernel driver (`NasSharp.Benchmarks --gflops`), alternated in one sitting:
# on a shared host the same code moves up to 2x between runs, so each build's best over the rounds is compared, and every
# round is printed. Publish each build first, e.g.
#   dotnet publish benchmarks/NasSharp.Benchmarks -c Release -o ../bench-before   (then again, after the change, to ../bench-after)
# Usage: benchmarks/kernels-ab.sh ROUNDS THREADS SECONDS FILTER BEFORE_DIR AFTER_DIR [DRIVER_OPTIONS]
#   FILTER selects cases by substring of "Kernel Parameters Method" (e.g. "ConvForward Shape=64x"); SECONDS per case;
#   DRIVER_OPTIONS are passed on to both builds (e.g. "--cold 256": inputs from memory).
# Prints a markdown table: case | best GFLOP/s (best ms) of each build | after/before | rounds of each build.
set -euo pipefail
rounds=${1:?ROUNDS}; threads=${2:?THREADS}; secs=${3:?SECONDS}; filter=${4:?FILTER}
before=${5:?BEFORE_DIR, a published NasSharp.Benchmarks}; after=${6:?AFTER_DIR, a published NasSharp.Benchmarks}
read -r -a extra <<< "${7:-}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  for build in "$before" "$after"; do
    (cd "$build" && ./NasSharp.Benchmarks --gflops --filter "$filter" --seconds "$secs" --threads "$threads" --no-reference "${extra[@]}" 2>&1 \
      | grep "^| [A-Z]" | grep -v "^| Kernel" \
      | awk -F'|' -v B="$build" '{gsub(/^ +| +$/,"",$2); gsub(/^ +| +$/,"",$3); gsub(/^ +| +$/,"",$5); gsub(/^ +| +$/,"",$7); print B "\t" $2 " " $3 "\t" $7 "\t" $5}') >> "$out"
  done
done
python3 - "$out" "$before" "$after" <<'PY'
import sys, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    build, case, gflops, ms = line.rstrip("\n").split("\t")
    rows.setdefault(case, {}).setdefault(build, []).append((float(gflops), float(ms)))
before, after = sys.argv[2], sys.argv[3]
print("| case | before best GFLOP/s (ms) | after best GFLOP/s (ms) | after/before | rounds before | rounds after |")
print("|---|---|---|---|---|---|")
for case, runs in rows.items():
    a, b = runs.get(before, []), runs.get(after, [])
    if not a or not b:
        continue
    best_a, best_b = max(a), max(b)
    print(f"| {case.replace('Shape=', '').replace('Pass=', '')} | {best_a[0]:.1f} ({min(x[1] for x in a):.3f}) | "
          f"{best_b[0]:.1f} ({min(x[1] for x in b):.3f}) | {best_b[0] / best_a[0]:.2f} | "
          f"{' '.join(f'{x[0]:.1f}' for x in a)} | {' '.join(f'{x[0]:.1f}' for x in b)} |")
PY
