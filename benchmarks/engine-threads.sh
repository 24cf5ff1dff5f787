#!/usr/bin/env bash
# Thread scaling of `nas bench engine`: 1-thread and 2-thread runs of each mode alternated in one sitting, with the
# parallel efficiency img/s(2 threads) / (2 x img/s(1 thread)). Results are bitwise the same for any thread count
# (fixed kernel blocks), so only the time differs.
# Usage: benchmarks/engine-threads.sh [STEPS] [ROUNDS] [MODE...]  (darts a quarter of STEPS, darts-space a tenth at batch 16;
#   lm, lm-darts-v2 and lm-tib as in engine-ab.sh, tokens/s)
#   ENGINE_ARGS (environment) adds options to every run, e.g. ENGINE_ARGS="--image-size 28" (as engine-ab.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-20}
rounds=${2:-2}
shift $(( $# < 2 ? $# : 2 ))
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(spos darts chain darts-space)
# NAS=path/to/nas runs an existing build (e.g. a copy of the output directory) instead of building src/NasSharp.Cli.
if [ -z "${NAS:-}" ]; then dotnet build -c Release src/NasSharp.Cli -v quiet -nologo > /dev/null; fi
nas=${NAS:-src/NasSharp.Cli/bin/Release/net10.0/nas}
# The searched cells of modes lm-darts-v2 and lm-tib: DARTS_V2 as published, and a 4-node tib cell with Hadamard ops.
darts_v2='darts-rnn:sigmoid~0|relu~1|relu~1|identity~1|tanh~2|sigmoid~5|tanh~3|relu~5'
tib4='tib:add_tanh|mul_sigmoid|add_relu|highway'
read -r -a extra <<< "${ENGINE_ARGS:-}"
for mode in "${modes[@]}"; do
  s=$steps; batch=64; unit=img; run=(--mode "$mode")
  case "$mode" in
    spos|chain) ;;
    darts) s=$(( (steps + 3) / 4 )) ;;
    darts-space) s=$(( (steps + 9) / 10 )); batch=16 ;;
    lm) batch=20; unit=tok ;;
    lm-darts-v2) batch=20; unit=tok; run=(--mode lm --genotype "$darts_v2") ;;
    lm-tib) batch=20; unit=tok; run=(--mode lm --genotype "$tib4") ;;
    *) echo "engine-threads.sh: unknown mode '$mode' (expected spos, darts, chain, darts-space, lm, lm-darts-v2 or lm-tib)" >&2; exit 2 ;;
  esac
  for round in $(seq 1 "$rounds"); do
    one=$("$nas" bench engine "${run[@]}" "${extra[@]}" --steps "$s" --threads 1 --batch "$batch" | tail -n 1 | sed -E "s/.*\"${unit}_per_s\":([0-9.]+).*/\\1/")
    two=$("$nas" bench engine "${run[@]}" "${extra[@]}" --steps "$s" --threads 2 --batch "$batch" | tail -n 1 | sed -E "s/.*\"${unit}_per_s\":([0-9.]+).*/\\1/")
    awk -v m="$mode" -v r="$round" -v u="$unit" -v a="$one" -v b="$two" \
      'BEGIN { printf "%s round %d: 1 thread %.1f %s/s, 2 threads %.1f %s/s, speedup %.2f, parallel efficiency %.0f%%\n", m, r, a, u, b, u, b / a, 50 * b / a }'
  done
done
