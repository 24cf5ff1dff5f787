#!/usr/bin/env bash
# Search, scoring and statistics of the few-shot experiment (issue 17), after supernets.sh (and groundtruth.sh for
# the scoring). Stages, each resumable (finished steps are skipped), all of them in order when none is named:
#   rea SEED...  regularized evolution, 3 runs of 100 queries, on the two equal-budget supernets of each seed
#                (fewshotE and oneshotE, E = PARENT_EPOCHS + 5 x SPLIT_EPOCHS, config.sh) -> EXP/rea/ARM-seedS/repeats.csv
#   picks        the picks trained with the ground-truth recipe, seeds 0 and 1 -> EXP/picks-seed0/, picks-seed1/
#   score        every supernet scores the 64 ground-truth architectures (sample.csv: the stratified sample in
#                its order; nas rank needs a scoring on the other side, the position serves) on its 1,000 held-out images
#                -> EXP/scores/ARM-seedS.csv; arms: oneshotP (the parent before the split, --supernet-view oneshot),
#                fewshotE (the parent + 5 sub-supernets), oneshotE (E one-shot epochs: the control)
#   compare      nas rank-compare -> EXP/results/rank_compare.json, seeds.csv, rank_compare.txt
# Single-threaded processes, two at a time. Usage, from the repository root:
#   NASSHARP_DATA=DATA experiments/fewshot/analysis.sh [rea 0 1 2 | picks | score | compare]
set -euo pipefail
cd "$(dirname "$0")/../.."
source experiments/fewshot/config.sh
export E=$EXP P=oneshot$PARENT_EPOCHS F=fewshot$TOTAL_EPOCHS O=oneshot$TOTAL_EPOCHS
mkdir -p $E/scores $E/rea $E/results

supernet() { # ARM SEED -> "DIR VIEW"
  case $1 in
    "$P") echo "$W/fewshot-seed$2 oneshot" ;;
    "$F") echo "$W/fewshot-seed$2 fewshot" ;;
    "$O") echo "$W/oneshot-seed$2 oneshot" ;;
  esac
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
score() { # ARM SEED
  local dir view; read -r dir view < <(supernet "$1" "$2")
  local scores=$E/scores/$1-seed$2.csv
  [ -s "$scores" ] && return 0
  $NAS rank "$dir" $SAMPLE --supernet-view $view --threads 1 --scores-out "$scores.tmp" > $E/logs/rank-$1-seed$2.log && mv "$scores.tmp" "$scores"
}
export -f supernet rea score

stage_rea() { for s in $*; do for arm in $F $O; do echo "$arm $s"; done; done | xargs -P 2 -L 1 bash -c 'rea $0 $1'; }
stage_picks() {
  mapfile -t picks < <(tail -q -n +2 $E/rea/*/repeats.csv | python3 -c 'import csv,sys; [print(r[2]) for r in csv.reader(sys.stdin)]' | sort -u)
  local R="--dataset fashion-mnist --epochs $GT_EPOCHS --channels 8 --cells 1 --train-images 10000 --valid-images 1000 --test-images 5000 --batch-size 64 --weight-lr 0.05 --store $E/nas.db --threads 1"
  for seed in 0 1; do
    $NAS groundtruth $R --seed $seed --genotype "${picks[@]}" --out $E/picks-seed$seed > $E/logs/picks-seed$seed.log 2>&1 &
  done
  wait
}
stage_score() { for s in ${*:-0 1 2}; do for arm in $P $F $O; do echo "$arm $s"; done; done | xargs -P 2 -L 1 bash -c 'score $0 $1'; }
stage_compare() {
  arm() { echo "$1=$E/scores/$1-seed0.csv,$E/scores/$1-seed1.csv,$E/scores/$1-seed2.csv"; }
  # the searches that finished (seeds whose REA has not run yet are left out and named in the output's picks)
  pick() { local runs; runs=$(for s in 0 1 2; do [ -f $E/rea/$1-seed$s/summary.json ] && printf '%s,' $E/rea/$1-seed$s; done); echo "$1=${runs%,}"; }
  $NAS rank-compare --truth $E/gt-seed0 $E/gt-seed1 --arm "$(arm $O)" --arm "$(arm $P)" --arm "$(arm $F)" \
    --baseline $O --top-k 10 --resamples 10000 --seed 0 \
    --pick "$(pick $O)" --pick "$(pick $F)" --pick-truth $E/picks-seed0 $E/picks-seed1 \
    --out $E/results | tee $E/results/rank_compare.txt
}

case "${1:-all}" in
  rea) shift; stage_rea "${@:-0 1 2}" ;;
  picks) stage_picks ;;
  score) shift; stage_score "$@" ;;
  compare) stage_compare ;;
  all) stage_rea 0 1 2; stage_picks; stage_score; stage_compare ;;
  *) echo "unknown stage '$1' (rea, picks, score, compare)" >&2; exit 2 ;;
esac
