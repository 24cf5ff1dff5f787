#!/usr/bin/env bash
# Before/after comparison of two builds of `nas bench engine`, alternated in one sitting (the ratio is what a change
# bought; absolute numbers on a shared host are not comparable across sittings). Keep a copy of the "before" build's
# output directory (src/NasSharp.Cli/bin/Release/net10.0) and pass the two `nas` executables.
# Usage: benchmarks/engine-ab.sh BEFORE_NAS AFTER_NAS [STEPS] [THREADS] [ROUNDS] [MODE...]
#   darts runs a quarter of STEPS, darts-space a tenth at batch 16 (as engine-vs-torch.sh). Default modes: all four.
set -euo pipefail
before=${1:?BEFORE_NAS, the nas executable of the before build}
after=${2:?AFTER_NAS, the nas executable of the after build}
steps=${3:-20}
threads=${4:-2}
rounds=${5:-2}
shift $(( $# < 5 ? $# : 5 ))
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(spos darts chain darts-space)
for mode in "${modes[@]}"; do
  s=$steps; batch=64
  case "$mode" in
    spos|chain) ;;
    darts) s=$(( (steps + 3) / 4 )) ;;
    darts-space) s=$(( (steps + 9) / 10 )); batch=16 ;;
    *) echo "engine-ab.sh: unknown mode '$mode' (expected spos, darts, chain or darts-space)" >&2; exit 2 ;;
  esac
  for round in $(seq 1 "$rounds"); do
    a=$("$before" bench engine --mode "$mode" --steps "$s" --threads "$threads" --batch "$batch" | tail -n 1 | sed -E 's/.*"img_per_s":([0-9.]+).*/\1/')
    b=$("$after" bench engine --mode "$mode" --steps "$s" --threads "$threads" --batch "$batch" | tail -n 1 | sed -E 's/.*"img_per_s":([0-9.]+).*/\1/')
    awk -v m="$mode" -v r="$round" -v a="$a" -v b="$b" \
      'BEGIN { printf "%s round %d: before %.1f img/s, after %.1f img/s, after / before %.2f\n", m, r, a, b, b / a }'
  done
done
