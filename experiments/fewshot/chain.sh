#!/usr/bin/env bash
# The few-shot experiment on the chain space (issue 17, item 4): ShuffleNetV2 blocks (6 layers of 4 blocks each:
# 3x3, 5x5, 7x7, xception; 4,096 architectures), the few-shot split on layer 0 (4 sub-supernets), Fashion-MNIST.
# The same protocol as the NAS-Bench-201 runs (README.md here), with the chain space's numbers:
#   gt           32 architectures stratified by the block of layer 0 (8 each, sample seed 0), each trained stand-alone
#                with seeds 0 and 1 (CHAIN_GT_EPOCHS epochs on 10,000 images, tested on 5,000) -> EXP/gt-seed0, gt-seed1
#   supernets S  for each seed S: fewshot-seedS = one-shot (SPOS) CHAIN_PARENT_EPOCHS, then split on layer 0 into 4
#                sub-supernets of CHAIN_SPLIT_EPOCHS each; oneshot-seedS = one-shot for the same total
#                (CHAIN_PARENT_EPOCHS + 4 x CHAIN_SPLIT_EPOCHS epochs), the equal-budget control
#   score        every supernet scores the 32 architectures on its 1,000 held-out images -> EXP/scores/ARM-seedS.csv;
#                arms oneshotP (the parent before the split), fewshotE (parent + 4 sub-supernets), oneshotE (control)
#   rea S        regularized evolution, 3 runs of 100 queries, on fewshotE and oneshotE of seed S -> EXP/rea/
#   picks        the REA picks trained with the ground-truth recipe, seeds 0 and 1 -> EXP/picks-seed0, picks-seed1
#   compare      nas rank-compare (tau-b, Spearman, top-5 overlap per supernet, paired bootstrap, picks' ranks)
#                -> EXP/results/rank_compare.json, seeds.csv, rank_compare.txt
# Every stage is resumable: run it again after a kill and finished work is skipped (ground-truth rows and units in
# EXP/nas.db, supernet checkpoints per epoch, REA runs by --resume). Two single-threaded processes at a time.
# Usage, from the repository root: NASSHARP_DATA=DATA experiments/fewshot/chain.sh [gt | supernets 0 1 2 | score |
#   rea 0 1 2 | picks | compare]   (no stage: all of them in order)
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NASSHARP_DATA:?set NASSHARP_DATA to the directory holding fashion-mnist/}"
# 256-bit vectors, as the NAS-Bench-201 runs (config.sh): a run resumed on another machine keeps one rounding.
export DOTNET_PreferredVectorBitWidth=${DOTNET_PreferredVectorBitWidth:-256}
export NAS=${NAS:-"dotnet run -c Release --project src/NasSharp.Cli --"}
export E=${EXP:-experiments/fewshot/chain}
export GT_EPOCHS=${CHAIN_GT_EPOCHS:-2} PARENT_EPOCHS=${CHAIN_PARENT_EPOCHS:-12} SPLIT_EPOCHS=${CHAIN_SPLIT_EPOCHS:-2}
export TOTAL_EPOCHS=$((PARENT_EPOCHS + 4 * SPLIT_EPOCHS))
export W=${SUPERNETS:-$E/supernets}   # weights stay out of git (reproducible); scores are committed
export P=oneshot$PARENT_EPOCHS F=fewshot$TOTAL_EPOCHS O=oneshot$TOTAL_EPOCHS
export DATA_OPTIONS="--dataset fashion-mnist --train-images 10000 --valid-images 1000 --batch-size 64 --weight-lr 0.05 --threads 1"
mkdir -p $E/logs $E/scores $E/rea $E/results "$W"

groundtruth() { # SEED [GENOTYPE...]: the ground-truth recipe; without genotypes the stratified sample
  local seed=$1 out=$E/gt-seed$1; shift
  if [ $# -gt 0 ]; then out=$E/picks-seed$seed; set -- --genotype "$@"; else set -- --sample 32 --sample-seed 0; fi
  $NAS groundtruth --space chain $DATA_OPTIONS --test-images 5000 --epochs $GT_EPOCHS --store $E/nas.db --seed $seed "$@" --out $out >> $E/logs/$(basename $out).log 2>&1
}
train() { # DIR EPOCHS SEED
  if [ -f "$1/supernet.json" ]; then $NAS supernet train --dir "$1" $DATA_OPTIONS --test-images 1000 --epochs "$2" --seed "$3" --resume
  else $NAS supernet train --space chain --dir "$1" $DATA_OPTIONS --test-images 1000 --epochs "$2" --seed "$3"; fi
}
split() { # DIR
  if [ -d "$1/splits" ]; then $NAS supernet split --dir "$1" --edge 0 --epochs $SPLIT_EPOCHS --threads 1 --resume
  else $NAS supernet split --dir "$1" --edge 0 --epochs $SPLIT_EPOCHS --threads 1; fi
}
supernet() { # ARM SEED -> "DIR VIEW"
  case $1 in
    "$P") echo "$W/fewshot-seed$2 oneshot" ;;
    "$F") echo "$W/fewshot-seed$2 fewshot" ;;
    "$O") echo "$W/oneshot-seed$2 oneshot" ;;
  esac
}
score() { # ARM SEED
  local dir view; read -r dir view < <(supernet "$1" "$2")
  local scores=$E/scores/$1-seed$2.csv
  [ -s "$scores" ] && return 0
  $NAS rank "$dir" $E/gt-seed0 --supernet-view $view --threads 1 --scores-out "$scores.tmp" > $E/logs/rank-$1-seed$2.log && mv "$scores.tmp" "$scores"
}
rea() { # ARM SEED
  local dir view; read -r dir view < <(supernet "$1" "$2")
  local name=$1-seed$2
  [ -f $E/rea/$name/summary.json ] && return 0
  if [ -d $E/rea/$name ]; then
    $NAS search --resume $name --out $E/rea --threads 1 > $E/logs/rea-$name.log
  else
    $NAS search --evaluator $view --supernet "$dir" --strategy rea --budget 100 --repeat 3 --seed 0 --final-epochs 1 --out $E/rea --name $name --threads 1 > $E/logs/rea-$name.log
  fi
}
export -f groundtruth train split supernet score rea

stage_gt() { groundtruth 0 & groundtruth 1 & wait; }
stage_supernets() {
  for seed in ${@:-0 1 2}; do
    { train "$W/fewshot-seed$seed" "$PARENT_EPOCHS" "$seed" && split "$W/fewshot-seed$seed"; } > "$E/logs/supernet-fewshot-seed$seed.log" 2>&1 & local few=$!
    train "$W/oneshot-seed$seed" "$TOTAL_EPOCHS" "$seed" > "$E/logs/supernet-oneshot-seed$seed.log" 2>&1 & local one=$!
    wait $few && wait $one
  done
}
stage_score() { for s in ${*:-0 1 2}; do for arm in $P $F $O; do echo "$arm $s"; done; done | xargs -P 2 -L 1 bash -c 'score $0 $1'; }
stage_rea() { for s in ${*:-0 1 2}; do for arm in $F $O; do echo "$arm $s"; done; done | xargs -P 2 -L 1 bash -c 'rea $0 $1'; }
stage_picks() {
  mapfile -t picks < <(tail -q -n +2 $E/rea/*/repeats.csv | python3 -c 'import csv,sys; [print(r[2]) for r in csv.reader(sys.stdin)]' | sort -u)
  groundtruth 0 "${picks[@]}" & groundtruth 1 "${picks[@]}" & wait
}
stage_compare() {
  arm() { local files; files=$(for s in 0 1 2; do [ -s $E/scores/$1-seed$s.csv ] && printf '%s,' $E/scores/$1-seed$s.csv; done); echo "$1=${files%,}"; }
  pick() { local runs; runs=$(for s in 0 1 2; do [ -f $E/rea/$1-seed$s/summary.json ] && printf '%s,' $E/rea/$1-seed$s; done); echo "$1=${runs%,}"; }
  local picks=(); [ -d $E/picks-seed0 ] && picks=(--pick "$(pick $O)" --pick "$(pick $F)" --pick-truth $E/picks-seed0 $E/picks-seed1)
  $NAS rank-compare --truth $E/gt-seed0 $E/gt-seed1 --arm "$(arm $O)" --arm "$(arm $P)" --arm "$(arm $F)" \
    --baseline $O --top-k 5 --resamples 10000 --seed 0 "${picks[@]}" --out $E/results | tee $E/results/rank_compare.txt
}

case "${1:-all}" in
  gt) stage_gt ;;
  supernets) shift; stage_supernets "$@" ;;
  score) shift; stage_score "$@" ;;
  rea) shift; stage_rea "$@" ;;
  picks) stage_picks ;;
  compare) stage_compare ;;
  all) stage_gt; stage_supernets 0 1 2; stage_score; stage_rea 0 1 2; stage_picks; stage_compare ;;
  *) echo "chain.sh: unknown stage '$1' (gt, supernets, score, rea, picks, compare)" >&2; exit 2 ;;
esac
