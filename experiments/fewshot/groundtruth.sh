#!/usr/bin/env bash
# Ground truth of the few-shot experiment (issue 17): the same 64 NAS-Bench-201 architectures (stratified by
# convolution count, sample seed 0), each trained stand-alone twice (seeds 0 and 1: another data draw and
# initialisation), GT_EPOCHS epochs on 10,000 Fashion-MNIST images (config.sh; what fits a 60-minute budget on 2 cores,
# measured first: see README.md here). The two seeds run as two single-threaded processes side by side. Resumable: run
# it again and finished architectures are skipped (rows in EXP/gt-seedS/groundtruth.csv, units in EXP/nas.db).
# Usage, from the repository root: NASSHARP_DATA=DATA experiments/fewshot/groundtruth.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source experiments/fewshot/config.sh
E=$EXP
R="--dataset fashion-mnist --sample 64 --sample-seed 0 --epochs $GT_EPOCHS --channels 8 --cells 1 --train-images 10000 --valid-images 1000 --test-images 5000 --batch-size 64 --weight-lr 0.05 --store $E/nas.db --threads 1"
for seed in 0 1; do
  $NAS groundtruth $R --seed $seed --out $E/gt-seed$seed >> $E/logs/gt-seed$seed.log 2>&1 &
done
wait
