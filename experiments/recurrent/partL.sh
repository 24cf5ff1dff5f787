#!/usr/bin/env bash
# RECURRENT.md section 6, Part L: word-level language modelling on PTB (full 10k vocabulary), small model (issue 12).
# Embedding = hidden = 64, tied decoder, bptt 35, batch 64, the first TOKENS of ptb.train for the weights (default
# 200,000), the next 20,000 held out for alpha, SGD lr 20 with clip 0.25, TAR 1e-3 (the DARTS recurrent recipe):
#   fixed   darts-rnn supernet with 8 nodes (the DARTS search cell, batch norm), DARTS first order, 4 search epochs
#   grow    darts-rnn, grow-then-prune, N_0 = 2 -> N_max = 8, a node every epoch, 4 search epochs (seed 1)
#   lstm-S  LSTM(64), 1 layer, tied, dropout 0.3, 6 epochs on the same tokens (seeds 1 2)
#   cell-S  the derived cell of the search with the lower final alpha-stream loss, trained like the LSTM (seeds 1 2;
#           a cell's language model always ties its decoder)
# darts-rnn rather than tib: a tib supernet (N = 4, H = 64) diverged at the recipe's lr 20 within 5 steps (measured).
# It still does with its gates in the gains' Adam: SPACE=tib TAG=-tib-lr20, both arms stopped at step 5 (logs/*-tib-lr20.log;
# a failed run without results leaves no run directory), so that pair has no cell to train.
# LR (default 20, the recipe) is the search's weight learning rate and TAG a suffix of the search and cell run names:
# at lr 20 the grown search's 2-node supernet diverged (train loss 13.4 in its first epoch, above uniform's 9.21),
# so the pair is run again with LR=10 TAG=-lr10 (a 2-node supernet trains at lr 10 and 5: measured, 1 epoch).
# The cause was the grown cell's output weights omega under the weight SGD; since omega has its own Adam (alpha rate,
# DifferentiableTrainer.GainOptimizer) the pairs were run again as TAG=-omega-lr20, -omega-lr10, -omega-lr5 (both arms,
# side by side, so their wall-clock shares compare); the untagged, -lr10 and -lr5 runs are from before the fix.
# SEED (default 1) is the searches' seed: the -omega-lr*-s2 pairs are SEED=2.
# SPACE (default darts-rnn) is the searched space. SPACE=tib searches the two-input backbone instead: fixed N = 4 nodes
# (at H = 64 its cell has 4 (128 x 64 + 64) = 33,024 weights, an LSTM(64)'s 33,280: RECURRENT.md 1.2) and
# grow-then-prune N_0 = 1 -> N_max = 4, a node every epoch (1 -> 2 -> 3 -> 4 over the 4 epochs), gates gamma trained by
# the gains' Adam (--gain-lr default, the alpha rate); give it its own TAG (the tib pair at lr 20 is TAG=-tib-lr20).
# BOUND=1 (tib only) adds --tib-bound, h_t = tanh(s_N) (RECURRENT.md 1.2, Stability), to both searches and to the
# derived cell's training: the tib pair at lr 20 with the bound is SPACE=tib BOUND=1 LR=20 TAG=-tib-bound-lr20.
# Deviation from RECURRENT.md 6: one dropout value (0.3, on the embedding and the cell output) instead of the five
# DARTS dropouts; fixed BPTT windows (--random-bptt false: the reported runs were made before drawn lengths became
# the search's default). Resumable: a finished run (summary.json) is skipped, an unfinished one starts again.
# Usage, from the repository root: NASSHARP_DATA=DATA [TOKENS=N] [LR=X TAG=-name] [SEED=S] [SPACE=tib [BOUND=1]] experiments/recurrent/partL.sh [search | train | table]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NASSHARP_DATA:?set NASSHARP_DATA to the directory holding ptb/}"
export NAS=${NAS:-"dotnet run -c Release --project src/NasSharp.Cli --"}
export R=experiments/recurrent/partL TOKENS=${TOKENS:-200000} LR=${LR:-20} TAG=${TAG:-} SEED=${SEED:-1} SPACE=${SPACE:-darts-rnn} BOUND=${BOUND:-}
case $SPACE in darts-rnn|tib) ;; *) echo "partL.sh: unknown SPACE '$SPACE' (darts-rnn, tib)" >&2; exit 2 ;; esac
case $SPACE/$BOUND in */|tib/1) ;; *) echo "partL.sh: BOUND=$BOUND: BOUND=1 bounds a tib cell (SPACE=tib); leave it unset otherwise" >&2; exit 2 ;; esac
export BOUNDED=${BOUND:+--tib-bound}
export PTB="--data $NASSHARP_DATA/ptb --hidden 64 --bptt 35 --batch-size 64 --threads 1"
mkdir -p $R/runs $R/logs

fresh() { # NAME: 0 when the run must (re)start
  [ -f $R/runs/$1/summary.json ] && return 1
  rm -rf $R/runs/$1; return 0
}
search() { # MODE
  fresh $1$TAG || return 0
  local grow=(--grow none --nmax 8); [ $1 = grow ] && grow=(--grow gtp --n0 2 --nmax 8 --grow-every 1)
  if [ $SPACE = tib ]; then grow=(--grow none --nmax 4); [ $1 = grow ] && grow=(--grow gtp --n0 1 --nmax 4 --grow-every 1); fi
  $NAS search --space $SPACE --task lm $PTB --train-tokens $TOKENS --alpha-tokens 20000 --epochs 4 --retrain-epochs 0 \
    --method darts "${grow[@]}" $BOUNDED --weight-lr $LR --random-bptt false --seed $SEED --out $R/runs --name $1$TAG --json > $R/logs/$1$TAG.log 2>&1
}
train() { # NAME SEED MODEL-OPTIONS...
  local name=$1 seed=$2; shift 2
  fresh $name || return 0
  $NAS train --task lm $PTB --train-images $TOKENS --dropout 0.3 --epochs 6 --seed $seed "$@" --out $R/runs --name $name --json > $R/logs/$name.log 2>&1
}
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
export -f fresh search train field

stage_search() { printf '%s\n' fixed grow | xargs -P 2 -L 1 bash -c 'search $0'; }
stage_train() {
  local best=fixed$TAG
  python3 -c 'import json, sys; a, b = (json.load(open(p))["final_alpha_loss"] for p in sys.argv[1:]); sys.exit(0 if b < a else 1)' \
    $R/runs/fixed$TAG/summary.json $R/runs/grow$TAG/summary.json && best=grow$TAG
  local genotype; genotype=$(field $R/runs/$best/summary.json genotype)
  for s in 1 2; do
    train lstm-$s $s --model lstm --layers 1 --tied &
    train cell$TAG-$s $s --genotype "$genotype" $BOUNDED &
    wait
  done
}
stage_table() {
  for f in $R/runs/*/summary.json; do echo "$(basename $(dirname $f)): $(tr -d '\n ' < $f)"; done > $R/results.txt
  cat $R/results.txt
}

case "${1:-all}" in
  search) stage_search ;;
  train) stage_train ;;
  table) stage_table ;;
  all) stage_search; stage_train; stage_table ;;
  *) echo "partL.sh: unknown stage '$1' (search, train, table)" >&2; exit 2 ;;
esac
