#!/usr/bin/env bash
# RECURRENT.md section 6, Part F: forecasting on exchange_rate, horizon 3, at the protocol's full size (issue 12).
# Window 24, H = 32, batch 128, one recurrent layer, linear head, MSE, Adam 1e-3, clip 10; 3 seeds (1 2 3):
#   fixed-S  tib supernet with N = 6 nodes from the start, DARTS first order, 20 search epochs
#   gtp-S    tib, grow-then-prune, N_0 = 1 -> N_max = 6, a node every 3 epochs (schedule), 20 epochs
#   igp-S    tib, interleaved grow-and-prune, same schedule (P-DARTS-style op reduction at each growth event)
#            every search's derived cell is retrained from scratch for 30 epochs (best valid epoch kept, test once)
#   lstm-S, gru-S           LSTM(32) / GRU(32), 30 epochs, the same recipe
#   lstm-matched-S          LSTM with H chosen so its cell parameters match gtp-S's derived cell
#   rand-S                  a random tib cell with as many nodes as gtp-S's derived cell (ops drawn uniformly from
#                           the 8 non-skip ops with seed S), trained like the others
# then table: experiments/recurrent/partF/results.md and results.csv from the runs' summary.json files.
# Resumable: a finished run (summary.json) is skipped, an unfinished one is started again from scratch.
# Usage, from the repository root: NASSHARP_DATA=DATA experiments/recurrent/partF.sh [search | baselines | table]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NASSHARP_DATA:?set NASSHARP_DATA to the directory holding timeseries/}"
export NAS=${NAS:-"dotnet run -c Release --project src/NasSharp.Cli --"}
export R=experiments/recurrent/partF
export SERIES="--data $NASSHARP_DATA/timeseries --series exchange_rate --window 24 --horizon 3 --batch-size 128 --threads 1"
mkdir -p $R/runs $R/logs

fresh() { # NAME: 0 when the run must (re)start
  [ -f $R/runs/$1/summary.json ] && return 1
  rm -rf $R/runs/$1; return 0
}
search() { # MODE SEED
  local name=$1-$2 grow=()
  fresh $name || return 0
  case $1 in
    fixed) grow=(--grow none --nmax 6) ;;
    gtp|igp) grow=(--grow $1 --n0 1 --nmax 6 --grow-every 3 --grow-trigger schedule) ;;
  esac
  $NAS search --space tib --task forecast $SERIES --hidden 32 --epochs 20 --retrain-epochs 30 --method darts "${grow[@]}" \
    --seed $2 --out $R/runs --name $name --json > $R/logs/$name.log 2>&1
}
train() { # NAME SEED MODEL-OPTIONS...
  local name=$1 seed=$2; shift 2
  fresh $name || return 0
  $NAS train --task forecast $SERIES --loss mse --epochs 30 --seed $seed "$@" --out $R/runs --name $name --json > $R/logs/$name.log 2>&1
}
matched_hidden() { # CELL_PARAMS: the LSTM hidden size whose 4 (H (8 + H) + 2 H) cell parameters come closest
  python3 -c 'import sys; p=int(sys.argv[1]); print(min(range(1, 257), key=lambda h: abs(4*(h*(8+h)+2*h)-p)))' "$1"
}
random_cell() { # NODES SEED
  python3 -c 'import random, sys; n, s = int(sys.argv[1]), int(sys.argv[2]); ops = ["add_tanh", "add_relu", "add_sigmoid", "add_id", "mul", "mul_sigmoid", "mul_tanh", "highway"]; r = random.Random(s); print("tib:" + "|".join(r.choice(ops) for _ in range(n)))' "$1" "$2"
}
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
export -f fresh search train matched_hidden random_cell field

stage_search() { for s in 1 2 3; do for m in fixed gtp igp; do echo "$m $s"; done; done | xargs -P 2 -L 1 bash -c 'search $0 $1'; }
stage_baselines() {
  for s in 1 2 3; do
    local grown=$R/runs/gtp-$s/summary.json
    local genotype nodes params
    genotype=$(field $grown genotype); params=$(field $grown cell_params)
    nodes=$(tr '|' '\n' <<< "${genotype#tib:}" | wc -l)
    echo "train lstm-$s $s --model lstm --hidden 32"
    echo "train gru-$s $s --model gru --hidden 32"
    echo "train lstm-matched-$s $s --model lstm --hidden $(matched_hidden $params)"
    echo "train rand-$s $s --genotype '$(random_cell $nodes $s)' --hidden 32"
  done | xargs -P 2 -I{} bash -c '{}'
}
stage_table() { python3 experiments/recurrent/partF_table.py $R; }

case "${1:-all}" in
  search) stage_search ;;
  baselines) stage_baselines ;;
  table) stage_table ;;
  all) stage_search; stage_baselines; stage_table ;;
  *) echo "partF.sh: unknown stage '$1' (search, baselines, table)" >&2; exit 2 ;;
esac
