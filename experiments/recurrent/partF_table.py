"""Tables of RECURRENT.md 6 Part F (issue 12) from the runs of partF.sh: RESULTS/results.csv (one row per run),
RESULTS/results.md (per arm: mean and sd over seeds; C8's efficiency check per seed).
Usage: python3 experiments/recurrent/partF_table.py experiments/recurrent/partF"""
import csv
import json
import os
import statistics
import sys

root = sys.argv[1]
runs = os.path.join(root, "runs")
ARMS = ["fixed", "gtp", "igp", "lstm", "gru", "lstm-matched", "rand"]


def arm_of(name):
    return name.rsplit("-", 1)[0]


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


rows = []
for name in sorted(os.listdir(runs)):
    path = os.path.join(runs, name, "summary.json")
    if not os.path.exists(path):
        continue
    s = json.load(open(path))
    options = json.load(open(os.path.join(runs, name, "options.json"))) if os.path.exists(os.path.join(runs, name, "options.json")) else {}
    genotype = s.get("genotype", s.get("model", ""))
    hidden = s.get("hidden", options.get("hidden", ""))
    # nas train reports the whole model's parameters: the cell's are those minus the linear head (H -> 8 series).
    cell_params = s.get("cell_params", s["parameters"] - 8 * hidden - 8 if "parameters" in s else "")
    hadamard = s.get("has_hadamard", any(op.startswith("mul") for op in genotype[4:].split("|")) if genotype.startswith("tib:") else "")
    rows.append({
        "run": name, "arm": arm_of(name), "seed": name.rsplit("-", 1)[1],
        "genotype": genotype, "cell_params": cell_params, "has_hadamard": hadamard, "hidden": hidden,
        "search_seconds": s.get("wall_seconds", ""), "node_steps": s.get("node_steps", ""),
        "final_alpha_loss": s.get("final_alpha_loss", ""), "growth_events": s.get("growth_events", ""),
        "valid_rse": s.get("valid_rse", ""), "test_rse": s.get("test_rse", ""), "test_corr": s.get("test_corr", ""),
        "persistence_test_rse": s.get("persistence_test_rse", ""),
    })

with open(os.path.join(root, "results.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["run"])
    writer.writeheader()
    writer.writerows(rows)


def stat(values):
    values = [float(v) for v in values if v != ""]
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} +- {statistics.stdev(values):.4f}"


out = ["| arm | seeds | cell params | Hadamard op in cell | valid RSE | test RSE | test CORR | search s | node-steps |",
       "|---|---|---|---|---|---|---|---|---|"]
for arm in ARMS:
    group = [r for r in rows if r["arm"] == arm]
    if not group:
        continue
    params = "/".join(str(r["cell_params"]) for r in group)
    hadamard = "/".join(str(r["has_hadamard"]).lower() for r in group)
    out.append(f"| {arm} | {len(group)} | {params} | {hadamard} | {stat(r['valid_rse'] for r in group)} | "
               f"{stat(r['test_rse'] for r in group)} | {stat(r['test_corr'] for r in group)} | "
               f"{stat(r['search_seconds'] for r in group)} | {stat(r['node_steps'] for r in group)} |")

out += ["", "Derived cells:", ""]
out += [f"- {r['run']}: `{r['genotype']}` ({r['cell_params']} cell parameters)" for r in rows if r["arm"] in ("fixed", "gtp", "igp", "rand")]

# C8 (RECURRENT.md 6): does the grown search reach the fixed search's final alpha-stream loss, and at what share of
# the fixed search's wall-clock and node-steps? alpha_loss.csv holds cumulative node-steps and seconds per epoch.
out += ["", "Efficiency (C8): first epoch at which the grown search's alpha-stream loss is at or below the fixed search's final one (same seed):", "",
        "| seed | mode | fixed final alpha loss | reached at epoch | share of fixed wall-clock | share of fixed node-steps |", "|---|---|---|---|---|---|"]
for seed in sorted({r["seed"] for r in rows}):
    fixed_path = os.path.join(runs, f"fixed-{seed}", "alpha_loss.csv")
    if not os.path.exists(fixed_path):
        continue
    fixed = read_csv(fixed_path)
    target = float(fixed[-1]["alpha_loss"])
    for mode in ("gtp", "igp"):
        path = os.path.join(runs, f"{mode}-{seed}", "alpha_loss.csv")
        if not os.path.exists(path):
            continue
        grown = read_csv(path)
        hit = next((g for g in grown if float(g["alpha_loss"]) <= target), None)
        if hit is None:
            best = min(float(g["alpha_loss"]) for g in grown)
            out.append(f"| {seed} | {mode} | {target:.5f} | not reached (best {best:.5f}) | - | - |")
        else:
            wall = float(hit["seconds"]) / float(fixed[-1]["seconds"])
            steps = float(hit["node_steps"]) / float(fixed[-1]["node_steps"])
            out.append(f"| {seed} | {mode} | {target:.5f} | {hit['epoch']} | {wall:.0%} | {steps:.0%} |")

open(os.path.join(root, "results.md"), "w").write("\n".join(out) + "\n")
print("\n".join(out))
