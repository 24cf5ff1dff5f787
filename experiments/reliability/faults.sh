#!/usr/bin/env bash
# Runs every fault of issue 15 against the built nas and prints one row per fault: name | exit code | last line of
# stderr. From the repository root, after `dotnet build src/NasSharp.Cli -c Release`:
#   NASSHARP_DATA=DIR experiments/reliability/faults.sh [NAME...]
# DIR holds nb201/nb201.csv (the benchmark table) and timeseries/exchange_rate.txt.gz; everything else is built in
# (the synthetic dataset). The tmpfs and signal faults need Linux and root. Tiny settings throughout: it measures
# behaviour, not accuracy.
set -u
NAS=(dotnet src/NasSharp.Cli/bin/Release/net10.0/nas.dll)
OUT=$(mktemp -d)
ARCH='|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|'
TINY_SUPERNET=(--channels 4 --cells 1 --train-images 96 --valid-images 40 --batch-size 32)
TABLE="${NASSHARP_DATA:-}/nb201/nb201.csv"

row() { echo "$1 | exit $2 | $(grep -v '^$' "$3" | tail -n1)"; }
run() { local name=$1; shift; "${NAS[@]}" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; row "$name" $? "$OUT/$name.err"; }
wait_for() { # file text [pid]: waits until the file holds the text, or the process has ended
  until grep -q "$2" "$1" 2>/dev/null; do [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null && return 1; sleep 0.2; done
}

lr_1000() { run lr_1000 train --arch "$ARCH" --channels 8 --cells 1 --epochs 2 --lr 1000 --train-limit 1000 --out "$OUT/runs"; }
lr_1e30() { run lr_1e30 train --arch "$ARCH" --channels 8 --cells 1 --epochs 2 --lr 1e30 --train-limit 1000 --out "$OUT/runs"; }
groundtruth_lr() { run groundtruth_lr groundtruth --arch "$ARCH" --epochs 1 --lr 1e30 --train-images 256 --valid-images 64 --test-images 64 --out "$OUT/gt.csv" --store "$OUT/gt.db"; }
search_final_lr() { run search_final_lr search --epochs 1 --split-epochs 1 --train-images 256 --valid-images 128 --test-images 128 --budget 5 --final-epochs 1 --final-lr 1000 --out "$OUT/runs"; }
darts_weight_lr() { run darts_weight_lr search --method darts --space nb201 --epochs 1 --train-images 256 --valid-images 128 --test-images 128 --weight-lr 1000 --out "$OUT/runs"; }
supernet_lr() { run supernet_lr supernet train --dir "$OUT/lr-supernet" --epochs 1 --lr 1000 "${TINY_SUPERNET[@]}"; }
header_only() {
  head -n1 "$TABLE" >"$OUT/empty.csv"
  run header_only search --table "$OUT/empty.csv" --budget 5 --out "$OUT/runs" --name header-only
  echo "header_only | left behind: $(ls -d "$OUT/runs/header-only" 2>/dev/null || echo nothing)"
}
same_name() {
  run same_name_1 search --table "$TABLE" --budget 5 --out "$OUT/runs" --name same
  run same_name_2 search --table "$TABLE" --budget 5 --out "$OUT/runs" --name same
}
budget_big() { run budget_2e9 search --table "$TABLE" --budget 2000000000 --out "$OUT/runs"; }
budget_huge() { run budget_1e12 search --table "$TABLE" --budget 1000000000000 --out "$OUT/runs"; }
out_is_file() { touch "$OUT/file"; run out_is_file search --table "$TABLE" --budget 5 --out "$OUT/file"; }
two_writers() {
  "${NAS[@]}" supernet train --dir "$OUT/two" --epochs 20 "${TINY_SUPERNET[@]}" >"$OUT/two_1.out" 2>&1 &
  local first=$!
  wait_for "$OUT/two_1.out" "epoch 1/20" $first
  run two_writers_2 supernet train --dir "$OUT/two" --resume
  kill -KILL $first; wait $first 2>/dev/null
}
flipped_bit() {
  "${NAS[@]}" supernet train --dir "$OUT/flip" --epochs 2 "${TINY_SUPERNET[@]}" >/dev/null 2>&1
  local file="$OUT/flip/oneshot/checkpoint.safetensors"
  local at=$(( $(stat -c %s "$file") - 100 ))
  local byte; byte=$(od -An -tu1 -j "$at" -N1 "$file" | tr -d ' ')
  printf "$(printf '\\%03o' $(( byte ^ 1 )))" | dd of="$file" bs=1 seek="$at" conv=notrunc status=none
  run flipped_bit supernet train --dir "$OUT/flip" --resume
}
disk_full() {
  mkdir -p "$OUT/full" && mount -t tmpfs -o size=64k tmpfs "$OUT/full"
  run disk_full train --arch "$ARCH" --channels 16 --cells 1 --epochs 1 --batch 16 --train-limit 64 --out "$OUT/full" --name t
  echo "disk_full | status: $(cat "$OUT/full/t/status.json" 2>/dev/null | tr -d '\n ' || echo none)"
  umount "$OUT/full"
}
read_only() {
  mkdir -p "$OUT/ro" && mount -t tmpfs -o ro,size=64k tmpfs "$OUT/ro"
  run read_only train --arch "$ARCH" --channels 4 --cells 1 --epochs 1 --batch 16 --train-limit 64 --out "$OUT/ro" --name t
  umount "$OUT/ro"
}
data_changes() {
  zcat "${NASSHARP_DATA:-}/timeseries/exchange_rate.txt.gz" | head -n 400 >"$OUT/series.txt"
  "${NAS[@]}" train --task forecast --data "$OUT/series.txt" --model gru --hidden 6 --window 10 --horizon 2 --epochs 400 --out "$OUT/runs" --name changing >"$OUT/data_changes.out" 2>"$OUT/data_changes.err" &
  local pid=$!
  wait_for "$OUT/data_changes.out" "epoch   1/400" $pid
  echo "1,2,3,4,5,6,7,8" >"$OUT/series.txt"
  wait $pid; row data_changes $? "$OUT/data_changes.err"
}
data_changes_resume() {
  cp -r "${NASSHARP_DATA:-}/fashion-mnist" "$OUT/fm"
  "${NAS[@]}" supernet train --dir "$OUT/dc" --dataset fashion-mnist --data "$OUT/fm" --epochs 1 --train-images 64 --valid-images 32 --test-images 32 --channels 4 --cells 1 >/dev/null 2>&1
  touch -d '+1 hour' "$OUT"/fm/train-labels-idx1-ubyte*
  run data_changes_resume supernet train --dir "$OUT/dc" --data "$OUT/fm" --resume
}
signal_run() { # name signal args...: waits for the first finished epoch, sends the signal, prints the row
  local name=$1 signal=$2; shift 2
  # Job control on: a non-interactive shell starts background jobs with SIGINT ignored (POSIX), which nas inherits.
  set -m
  "${NAS[@]}" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" &
  local pid=$!
  set +m
  wait_for "$OUT/$name.out" "epoch *1/" $pid
  kill -"$signal" $pid; wait $pid; row "$name" $? "$OUT/$name.err"
}
sigterm() { signal_run sigterm TERM train --arch "$ARCH" --channels 4 --cells 1 --epochs 500 --batch 16 --train-limit 64 --out "$OUT/runs" --name term; echo "sigterm | status: $(tr -d '\n ' <"$OUT/runs/term/status.json")"; }
sigint() {
  signal_run sigint INT supernet train --dir "$OUT/int" --epochs 30 "${TINY_SUPERNET[@]}"
  echo "sigint | status: $(tr -d '\n ' <"$OUT/int/oneshot/status.json")"
  run sigint_resume supernet train --dir "$OUT/int" --resume; echo "sigint_resume | $(grep 'trained' "$OUT/sigint_resume.out")"
}
second_signal() { # the second signal must come while the first is still being honoured (two at once merge into one)
  set -m
  "${NAS[@]}" train --arch "$ARCH" --dataset fashion-mnist --data "${NASSHARP_DATA:-}" --channels 32 --cells 3 --epochs 50 --out "$OUT/runs" >"$OUT/second.out" 2>"$OUT/second.err" &
  local pid=$!
  set +m
  wait_for "$OUT/second.out" "nas train:" $pid
  sleep 2; kill -TERM $pid; sleep 0.3; kill -TERM $pid 2>/dev/null; wait $pid; row second_signal $? "$OUT/second.err"
}
groundtruth_term() {
  set -m
  "${NAS[@]}" groundtruth --sample 7 --epochs 30 --train-images 512 --valid-images 64 --test-images 64 --out "$OUT/gt2.csv" --store "$OUT/gt2.db" >"$OUT/gt_term.out" 2>"$OUT/gt_term.err" &
  local pid=$!
  set +m
  wait_for "$OUT/gt_term.out" "ground truth:" $pid
  sleep 2; kill -TERM $pid; wait $pid; row groundtruth_term $? "$OUT/gt_term.err"
}
sigkill() {
  "${NAS[@]}" supernet train --dir "$OUT/kill" --epochs 12 "${TINY_SUPERNET[@]}" >"$OUT/kill.out" 2>&1 &
  local pid=$!
  until [ -f "$OUT/kill/oneshot/checkpoint.safetensors" ]; do sleep 0.1; done
  kill -KILL $pid; wait $pid; echo "sigkill | exit $?"
  run sigkill_resume supernet train --dir "$OUT/kill" --resume; echo "sigkill_resume | $(grep 'trained' "$OUT/sigkill_resume.out")"
}

ALL=(lr_1000 lr_1e30 groundtruth_lr search_final_lr darts_weight_lr supernet_lr header_only same_name budget_big budget_huge out_is_file
  two_writers flipped_bit disk_full read_only data_changes data_changes_resume sigterm sigint groundtruth_term second_signal sigkill)
for fault in "${@:-${ALL[@]}}"; do "$fault"; done
rm -rf "$OUT"
