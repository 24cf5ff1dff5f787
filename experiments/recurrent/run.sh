#!/bin/sh
# Tiny recurrent-search experiment (RECURRENT.md 6, Part F cut down to fit a shared 2-core machine): exchange_rate,
# horizon 3, window 24, H = 16, tib space, DARTS first order, 6 search epochs, 1 seed, each derived cell retrained
# 5 epochs (MSE, Adam 1e-3); LSTM(16) baseline 5 epochs. DATA is the folder holding exchange_rate.txt(.gz).
set -e
DATA=${1:?usage: run.sh DATA_DIR}
NAS="dotnet run --project src/NasSharp.Cli -c Release --no-build --"
COMMON="--space tib --task forecast --data $DATA --series exchange_rate --window 24 --horizon 3 --hidden 16 --epochs 6 --retrain-epochs 5 --seed 1 --out experiments/recurrent/runs --json"
$NAS search $COMMON --grow none --nmax 3 --name fixed
$NAS search $COMMON --grow gtp --n0 1 --nmax 3 --grow-every 2 --name gtp
$NAS search $COMMON --grow igp --n0 1 --nmax 3 --grow-every 2 --name igp
$NAS train --task forecast --model lstm --hidden 16 --epochs 5 --loss mse --window 24 --horizon 3 --data $DATA --series exchange_rate --seed 1 --out experiments/recurrent/runs --name lstm --json
