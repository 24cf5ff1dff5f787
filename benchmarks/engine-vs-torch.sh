#!/usr/bin/env bash
# Side-by-side engine benchmark: NasSharp's `nas bench engine` and the PyTorch reference script, alternated
# in one sitting on the same machine so that the ratio is meaningful on a shared, noisy host.
# Needs Debian's PyTorch for the reference: apt-get install -y python3-torch (run with /usr/bin/python3).
# Usage: benchmarks/engine-vs-torch.sh [TORCH_REF_SCRIPT] [STEPS] [THREADS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-../shared/bench/torch_nb201_ref.py}
steps=${2:-20}
threads=${3:-2}
rounds=${4:-2}
dotnet build -c Release src/NasSharp.Cli -v quiet -nologo > /dev/null
nas=src/NasSharp.Cli/bin/Release/net10.0/nas
for mode in spos darts; do
  s=$steps; [ "$mode" = darts ] && s=$(( (steps + 3) / 4 ))
  for round in $(seq 1 "$rounds"); do
    ours=$("$nas" bench engine --mode "$mode" --steps "$s" --threads "$threads" | tail -n 1)
    theirs=$(/usr/bin/python3 -c 'import resource, runpy, sys
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
print("peak_rss_kb=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)' "$ref" "$mode" "$s" "$threads" | tr '\n' ' ')
    ours_ips=$(sed -E 's/.*"img_per_s":([0-9.]+).*/\1/' <<< "$ours")
    ours_ws=$(sed -E 's/.*"peak_working_set_bytes":([0-9]+).*/\1/' <<< "$ours")
    theirs_ips=$(sed -E 's/.*img_per_s=([0-9.]+).*/\1/' <<< "$theirs")
    theirs_rss=$(sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/' <<< "$theirs")
    awk -v m="$mode" -v r="$round" -v a="$ours_ips" -v b="$theirs_ips" -v wa="$ours_ws" -v wb="$theirs_rss" \
      'BEGIN { printf "%s round %d: nassharp %.1f img/s, pytorch %.1f img/s, ratio %.2f; peak memory nassharp %.0f MB, pytorch %.0f MB\n", m, r, a, b, a / b, wa / 1048576, wb / 1024 }'
    echo "  nassharp: $ours"
  done
done
