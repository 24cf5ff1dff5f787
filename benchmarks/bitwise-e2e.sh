#!/usr/bin/env bash
# Whether a change kept every result bit for bit, end to end: two published builds of the CLI run the same searches (the
# main job, the README's chain and DARTS searches with the few-shot / one-shot evaluators, a short DARTS and a short DSNAS
# search) and every tensor of every .safetensors file they write (supernets, checkpoints, winners) is compared.
# Publish each build first: dotnet publish src/NasSharp.Cli -c Release -o DIR (once before the change, once after).
# Usage: benchmarks/bitwise-e2e.sh BEFORE_DIR AFTER_DIR [WORK_DIR]   (WORK_DIR default: a new temporary directory)
# Prints "N files, N tensors, N differences" (and every differing tensor); exits 1 when any differs. About a minute.
set -euo pipefail
before=$(cd "${1:?BEFORE_DIR, a published NasSharp.Cli}" && pwd)
after=$(cd "${2:?AFTER_DIR, a published NasSharp.Cli}" && pwd)
work=${3:-$(mktemp -d)}
mkdir -p "$work"
run() {
  local nas=$1/nas out=$2
  mkdir -p "$out"
  (
    cd "$out"
    "$nas" search --out main > main.log 2>&1
    "$nas" search --space chain --evaluator fewshot --strategy rea --epochs 1 --split-epochs 1 --train-images 256 --valid-images 128 --test-images 128 --budget 10 --final-epochs 1 --out chain > chain.log 2>&1
    "$nas" search --space darts --evaluator oneshot --strategy random --epochs 1 --train-images 256 --valid-images 128 --test-images 128 --budget 8 --final-epochs 1 --channels 4 --out darts > darts.log 2>&1
    "$nas" search --space darts --method darts --epochs 1 --train-images 256 --valid-images 128 --test-images 128 --channels 4 --out darts-method > darts-method.log 2>&1
    "$nas" search --space chain --method dsnas --epochs 1 --train-images 256 --valid-images 128 --test-images 128 --out dsnas > dsnas.log 2>&1
  )
}
run "$before" "$work/before"
run "$after" "$work/after"
python3 - "$work/before" "$work/after" <<'PY'
import json, os, re, struct, sys

def tensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    return {k: data[v["data_offsets"][0]:v["data_offsets"][1]] for k, v in header.items() if k != "__metadata__"}

def files(root):
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".safetensors"):
                path = os.path.join(folder, name)
                found[re.sub(r"\d{8}-\d{6}(-\d+)?", "RUN", os.path.relpath(path, root))] = path
    return found

a, b = files(sys.argv[1]), files(sys.argv[2])
count = differences = 0
for name in sorted(set(a) | set(b)):
    if name not in a or name not in b:
        print("only in one run:", name)
        differences += 1
        continue
    ta, tb = tensors(a[name]), tensors(b[name])
    for key in sorted(set(ta) | set(tb)):
        count += 1
        if ta.get(key) != tb.get(key):
            print("differs:", name, key)
            differences += 1
print(f"{len(a)} files, {count} tensors, {differences} differences")
sys.exit(1 if differences else 0)
PY
