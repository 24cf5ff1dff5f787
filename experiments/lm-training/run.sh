#!/usr/bin/env bash
# The language-model training numbers the README quotes ("Stand-alone training" PTB LSTM row, the NT-ASGD table),
# re-run after LM training moved onto the one training loop (dropout draws keyed by seed and epoch; session 9).
# Resumable: a finished run (summary.json) is skipped, an unfinished one continues with --resume.
# Usage, from the repository root: NASSHARP_DATA=DATA [NAS=...] experiments/lm-training/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NASSHARP_DATA:?set NASSHARP_DATA to the directory holding ptb/}"
NAS=${NAS:-"dotnet run -c Release --project src/NasSharp.Cli --"}
R=experiments/lm-training
mkdir -p $R/runs $R/logs

run() { # NAME OPTIONS...
  local name=$1; shift
  [ -f $R/runs/$name/summary.json ] && return 0
  local start=(--name "$name"); [ -d $R/runs/$name ] && start=(--resume "$name")
  $NAS train --task lm --data $NASSHARP_DATA/ptb "$@" --out $R/runs "${start[@]}" --json > $R/logs/$name.log 2>&1
}

run ptb-lstm200 --model lstm --hidden 200 --layers 2 --dropout 0.2 --epochs 4 --batch-size 20 --bptt 35 --weight-lr 20 --seed 0
run lstm64-sgd --model lstm --hidden 64 --layers 1 --train-images 50000 --epochs 20
run lstm64-asgd --model lstm --hidden 64 --layers 1 --train-images 50000 --epochs 20 --asgd
run lstm64-random-bptt-asgd --model lstm --hidden 64 --layers 1 --train-images 50000 --epochs 20 --random-bptt --asgd
for f in $R/runs/*/summary.json; do echo "$(basename $(dirname $f)): $(tr -d '\n ' < $f)"; done > $R/results.txt
