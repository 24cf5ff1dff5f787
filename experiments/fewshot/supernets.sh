#!/usr/bin/env bash
# Supernets of the few-shot experiment (issue 17), at equal budget E = 15 epochs, for seeds 0 1 2:
#   fewshot-seedS: one-shot (SPOS) for 10 epochs (its --supernet-view oneshot is the "one-shot at 10 epochs" arm),
#                  then split on edge 0 into 5 sub-supernets trained 1 epoch each from it: 10 + 5 x 1 = 15 epochs;
#   oneshot-seedS: one-shot for 15 epochs (the equal-budget control).
# Same data (10,000 Fashion-MNIST training images, 1,000 held out for scoring, drawn by the seed), skeleton and recipe
# as the ground truth. Resumable: run it again after a kill and every step continues from its last checkpoint.
# Usage, from the repository root: NASSHARP_DATA=DATA experiments/fewshot/supernets.sh [SEED ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NASSHARP_DATA:?set NASSHARP_DATA to the directory holding fashion-mnist/}"
NAS=${NAS:-"dotnet run -c Release --project src/NasSharp.Cli --"}
W=${SUPERNETS:-experiments/fewshot/supernets}   # weights stay out of git (reproducible); scores are committed
S="--dataset fashion-mnist --channels 8 --cells 1 --train-images 10000 --valid-images 1000 --test-images 1000 --batch-size 64 --weight-lr 0.05 --threads ${THREADS:-1}"
train() { # DIR EPOCHS SEED
  if [ -d "$1" ]; then $NAS supernet train --dir "$1" $S --epochs "$2" --seed "$3" --resume; else $NAS supernet train --dir "$1" $S --epochs "$2" --seed "$3"; fi
}
split() { # DIR
  if [ -d "$1/splits" ]; then $NAS supernet split --dir "$1" --edge 0 --epochs 1 --threads "${THREADS:-1}" --resume; else $NAS supernet split --dir "$1" --edge 0 --epochs 1 --threads "${THREADS:-1}"; fi
}
mkdir -p "$W"
for seed in "${@:-0 1 2}"; do
  for s in $seed; do
    train "$W/fewshot-seed$s" 10 "$s"
    split "$W/fewshot-seed$s"
    train "$W/oneshot-seed$s" 15 "$s"
  done
done
