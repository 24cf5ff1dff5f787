#!/usr/bin/env bash
# Before/after comparison of two builds of `nas bench engine`, alternated in one sitting (the ratio is what a change
# bought; absolute numbers on a shared host are not comparable across sittings). Keep a copy of the "before" build's
# output directory (src/NasSharp.Cli/bin/Release/net10.0) and pass the two `nas` executables. When both builds report
# the process CPU time per step (cpu_ms_per_step), its ratio is printed too: on a loaded machine, with 1 thread, it
# moves far less than img/s.
# Usage: benchmarks/engine-ab.sh BEFORE_NAS AFTER_NAS [STEPS] [THREADS] [ROUNDS] [MODE...]
#   darts runs a quarter of STEPS, darts-space a tenth at batch 16 (as engine-vs-torch.sh). Default modes: the four image
#   modes. lm is the 2-layer LSTM language model (tokens/s), lm-darts-v2 and lm-tib the same model with the DARTS_V2 cell
#   and a 4-node tib cell in place of the LSTM (`nas bench engine --mode lm --genotype ...`).
#   ENGINE_ARGS (environment) adds options to every run of both builds, e.g. ENGINE_ARGS="--image-size 28".
set -euo pipefail
before=${1:?BEFORE_NAS, the nas executable of the before build}
after=${2:?AFTER_NAS, the nas executable of the after build}
steps=${3:-20}
threads=${4:-2}
rounds=${5:-2}
shift $(( $# < 5 ? $# : 5 ))
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(spos darts chain darts-space)
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
    *) echo "engine-ab.sh: unknown mode '$mode' (expected spos, darts, chain, darts-space, lm, lm-darts-v2 or lm-tib)" >&2; exit 2 ;;
  esac
  for round in $(seq 1 "$rounds"); do
    ja=$("$before" bench engine "${run[@]}" "${extra[@]}" --steps "$s" --threads "$threads" --batch "$batch" | tail -n 1)
    jb=$("$after" bench engine "${run[@]}" "${extra[@]}" --steps "$s" --threads "$threads" --batch "$batch" | tail -n 1)
    a=$(sed -E "s/.*\"${unit}_per_s\":([0-9.]+).*/\\1/" <<< "$ja")
    b=$(sed -E "s/.*\"${unit}_per_s\":([0-9.]+).*/\\1/" <<< "$jb")
    # Process CPU time per step (builds that report it): steadier than img/s when other processes share the cores.
    ca=$(grep -oE '"cpu_ms_per_step":[0-9.]+' <<< "$ja" | cut -d: -f2 || true)
    cb=$(grep -oE '"cpu_ms_per_step":[0-9.]+' <<< "$jb" | cut -d: -f2 || true)
    awk -v m="$mode" -v r="$round" -v u="$unit" -v a="$a" -v b="$b" -v ca="${ca:-0}" -v cb="${cb:-0}" \
      'BEGIN { printf "%s round %d: before %.1f %s/s, after %.1f %s/s, after / before %.2f", m, r, a, u, b, u, b / a;
               if (ca > 0 && cb > 0) printf "; CPU ms/step before %.1f, after %.1f, before / after %.2f", ca, cb, ca / cb;
               printf "\n" }'
  done
done
