#!/usr/bin/env bash
# Side-by-side engine benchmark: NasSharp's `nas bench engine` and the PyTorch reference script of each mode,
# alternated in one sitting on the same machine so that the ratio is meaningful on a shared, noisy host.
# Reference scripts (same network, shapes and optimiser as the mode): spos and darts benchmarks/torch_nb201_ref.py,
# chain benchmarks/torch_chain_ref.py, darts-space benchmarks/torch_darts_ref.py, lm (a word-level language model: 2-layer
# LSTM 200, batch 20, bptt 35, vocabulary 10,000; tokens/s instead of img/s) benchmarks/torch_ptb_lstm_ref.py.
# Needs Debian's PyTorch for the references: apt-get install -y python3-torch (run with /usr/bin/python3).
# Usage: benchmarks/engine-vs-torch.sh [STEPS] [THREADS] [ROUNDS] [MODE...]
#   STEPS is the step count of spos and chain; darts runs a quarter of it, darts-space a tenth at batch 16
#   (the DARTS search network keeps every op output of 8 cells x 14 edges alive; batch 16 keeps both engines within
#   a shared machine's memory); lm runs STEPS steps at batch 20. Default modes: the four image modes.
#   IMAGE_SIZE (environment, image modes only) runs both engines on images of that side, e.g. IMAGE_SIZE=28 for the
#   planes of the Fashion-MNIST experiments (28, 14, 7); default 32.
set -euo pipefail
cd "$(dirname "$0")/.."
image_size=${IMAGE_SIZE:-32}
export IMAGE_SIZE=$image_size
# Builds before session 21 have no --image-size: it is passed only when asked for.
size_args=()
[ "$image_size" != 32 ] && size_args=(--image-size "$image_size")
steps=${1:-20}
threads=${2:-2}
rounds=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(spos darts chain darts-space)
# NAS=path/to/nas runs an existing build (e.g. a copy of the output directory) instead of building src/NasSharp.Cli.
if [ -z "${NAS:-}" ]; then dotnet build -c Release src/NasSharp.Cli -v quiet -nologo > /dev/null; fi
nas=${NAS:-src/NasSharp.Cli/bin/Release/net10.0/nas}
for mode in "${modes[@]}"; do
  s=$steps; batch=64; unit=img
  case "$mode" in
    spos) ref=benchmarks/torch_nb201_ref.py ;;
    darts) ref=benchmarks/torch_nb201_ref.py; s=$(( (steps + 3) / 4 )) ;;
    chain) ref=benchmarks/torch_chain_ref.py ;;
    darts-space) ref=benchmarks/torch_darts_ref.py; s=$(( (steps + 9) / 10 )); batch=16 ;;
    lm) ref=benchmarks/torch_ptb_lstm_ref.py; batch=20; unit=tok ;;
    *) echo "engine-vs-torch.sh: unknown mode '$mode' (expected spos, darts, chain, darts-space or lm)" >&2; exit 2 ;;
  esac
  if [ "$image_size" != 32 ] && [ "$mode" = lm ]; then
    echo "engine-vs-torch.sh: IMAGE_SIZE=$image_size needs an image mode (spos, darts, chain or darts-space), not lm" >&2; exit 2
  fi
  # The image references take the mode, steps, threads [and batch]; the language-model one steps and threads.
  if [ "$mode" = lm ]; then ref_args=("$s" "$threads"); else ref_args=("$mode" "$s" "$threads"); [ "$batch" != 64 ] && ref_args+=("$batch"); fi
  for round in $(seq 1 "$rounds"); do
    ours=$("$nas" bench engine --mode "$mode" "${size_args[@]}" --steps "$s" --threads "$threads" --batch "$batch" | tail -n 1)
    theirs=$(/usr/bin/python3 -c 'import resource, runpy, sys
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
print("peak_rss_kb=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)' "$ref" "${ref_args[@]}" | tr '\n' ' ')
    ours_ips=$(sed -E "s/.*\"${unit}_per_s\":([0-9.]+).*/\\1/" <<< "$ours")
    ours_ws=$(sed -E 's/.*"peak_working_set_bytes":([0-9]+).*/\1/' <<< "$ours")
    theirs_ips=$(sed -E "s/.*${unit}_per_s=([0-9.]+).*/\\1/" <<< "$theirs")
    theirs_rss=$(sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/' <<< "$theirs")
    awk -v m="$mode" -v r="$round" -v u="$unit" -v a="$ours_ips" -v b="$theirs_ips" -v wa="$ours_ws" -v wb="$theirs_rss" \
      'BEGIN { printf "%s round %d: nassharp %.1f %s/s, pytorch %.1f %s/s, ratio %.2f; peak memory nassharp %.0f MB, pytorch %.0f MB\n", m, r, a, u, b, u, a / b, wa / 1048576, wb / 1024 }'
    echo "  nassharp: $ours"
  done
done
