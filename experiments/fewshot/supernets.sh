#!/usr/bin/env bash
# Supernets of the few-shot experiment (issue 17), at equal budget (config.sh; run 1: E = 10 + 5 x 1 = 15 epochs,
# run 2: 20 + 5 x 2 = 30), for seeds 0 1 2:
#   fewshot-seedS: one-shot (SPOS) for PARENT_EPOCHS (its --supernet-view oneshot is the "one-shot at PARENT_EPOCHS"
#                  arm), then split on edge 0 into 5 sub-supernets trained SPLIT_EPOCHS each from it;
#   oneshot-seedS: one-shot for PARENT_EPOCHS + 5 x SPLIT_EPOCHS epochs (the equal-budget control).
# Same data (10,000 Fashion-MNIST training images, 1,000 held out for scoring, drawn by the seed), skeleton and recipe
# as the ground truth. Resumable: run it again after a kill and every step continues from its last checkpoint.
# Usage, from the repository root: NASSHARP_DATA=DATA experiments/fewshot/supernets.sh [SEED ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source experiments/fewshot/config.sh
S="--dataset fashion-mnist --channels 8 --cells 1 --train-images 10000 --valid-images 1000 --test-images 1000 --batch-size 64 --weight-lr 0.05 --threads ${THREADS:-1}"
train() { # DIR EPOCHS SEED
  if [ -d "$1" ]; then $NAS supernet train --dir "$1" $S --epochs "$2" --seed "$3" --resume; else $NAS supernet train --dir "$1" $S --epochs "$2" --seed "$3"; fi
}
split() { # DIR
  if [ -d "$1/splits" ]; then $NAS supernet split --dir "$1" --edge 0 --epochs $SPLIT_EPOCHS --threads "${THREADS:-1}" --resume; else $NAS supernet split --dir "$1" --edge 0 --epochs $SPLIT_EPOCHS --threads "${THREADS:-1}"; fi
}
mkdir -p "$W"
one() { # the two supernets of seed $1 as two single-threaded processes side by side
  { train "$W/fewshot-seed$1" "$PARENT_EPOCHS" "$1" && split "$W/fewshot-seed$1"; } > "$EXP/logs/supernet-fewshot-seed$1.log" 2>&1 & local few=$!
  train "$W/oneshot-seed$1" "$TOTAL_EPOCHS" "$1" > "$EXP/logs/supernet-oneshot-seed$1.log" 2>&1 & local oneshot=$!
  wait $few && wait $oneshot
}
for seed in ${@:-0 1 2}; do one "$seed"; done
