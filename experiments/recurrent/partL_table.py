"""Tables of RECURRENT.md 6 Part L (issue 12) from the runs of partL.sh: RESULTS/results.md (searches, C8's
efficiency check per learning-rate pair, retrained models with mean and sd over seeds) and RESULTS/results.csv.
Usage: python3 experiments/recurrent/partL_table.py experiments/recurrent/partL"""
import csv
import json
import os
import statistics
import sys

root = sys.argv[1]
runs = os.path.join(root, "runs")


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def load(name):
    path = os.path.join(runs, name, "summary.json")
    return json.load(open(path)) if os.path.exists(path) else None


def status(name):
    # status.json is not committed (runs/ is ignored; only the small result files are added): a committed run with a
    # summary finished, one without did not.
    path = os.path.join(runs, name, "status.json")
    if os.path.exists(path):
        return json.load(open(path))["status"]
    return "complete" if load(name) is not None else "failed"


searches = sorted(n for n in os.listdir(runs) if n.startswith(("fixed", "grow")))
out = ["Searches (DARTS first order, 4 epochs; darts-rnn runs tagged -omega-* after omega got its own Adam, the others before; "
       "tib runs with --tib-bound, h_t = tanh(s_N), say 'tib, bounded'):", "",
       "| run | space | weight lr | seed | mode | status | final alpha loss | alpha ppl | last epoch's train loss | search s | node-steps | cell params | Hadamard | genotype |",
       "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
rows = []
for name in searches:
    options = json.load(open(os.path.join(runs, name, "options.json")))
    s = load(name) or {}
    epochs = read_csv(os.path.join(runs, name, "epochs.csv")) if os.path.exists(os.path.join(runs, name, "epochs.csv")) else []
    train = f"{float(epochs[-1]['train_loss']):.3f}" if epochs else "-"
    space = options.get("space", "darts-rnn") + (", bounded" if options.get("tib_bound") else "")
    out.append(f"| {name} | {space} | {options['weight_lr']} | {options['seed']} | {options['grow']} | {status(name)} | {s.get('final_alpha_loss', '-')} | {s.get('alpha_perplexity', '-')} | {train} | "
               f"{s.get('wall_seconds', '-')} | {s.get('node_steps', '-')} | {s.get('cell_params', '-')} | {s.get('has_hadamard', '-')} | `{s.get('genotype', '-')}` |")
    rows.append({"run": name, "kind": "search", "weight_lr": options["weight_lr"], "mode": options["grow"], "status": status(name),
                 "final_alpha_loss": s.get("final_alpha_loss", ""), "seconds": s.get("wall_seconds", ""), "node_steps": s.get("node_steps", ""),
                 "params": s.get("cell_params", ""), "genotype": s.get("genotype", ""), "valid_perplexity": "", "test_perplexity": ""})

# C8 (RECURRENT.md 6): the grown search's first epoch at or below the fixed search's final alpha-stream loss, and its
# share of the fixed search's wall-clock and node-steps (alpha_loss.csv: cumulative seconds and node-steps per epoch).
out += ["", "Efficiency (C8, indicative: 1 seed per pair): first epoch at which the grown search's alpha-stream loss is at or below the fixed search's final one:", "",
        "| pair | fixed final alpha loss | grown final alpha loss | reached at epoch | share of fixed wall-clock | share of fixed node-steps |", "|---|---|---|---|---|---|"]
for name in searches:
    if not name.startswith("fixed"):
        continue
    tag = name[len("fixed"):]
    grown_path = os.path.join(runs, "grow" + tag, "alpha_loss.csv")
    fixed_path = os.path.join(runs, name, "alpha_loss.csv")
    if load(name) is None:
        out.append(f"| {tag or 'lr 20'} | fixed search not finished ({status(name)}) | - | - | - | - |")
        continue
    if load("grow" + tag) is None:
        why = status("grow" + tag) if os.path.isdir(os.path.join(runs, "grow" + tag)) else "failed: see grow" + tag + "-failed"
        out.append(f"| {tag or 'lr 20'} | {float(read_csv(fixed_path)[-1]['alpha_loss']):.4f} | grown search did not finish ({why}) | - | - | - |")
        continue
    fixed, grown = read_csv(fixed_path), read_csv(grown_path)
    target = float(fixed[-1]["alpha_loss"])
    hit = next((g for g in grown if float(g["alpha_loss"]) <= target), None)
    last = float(grown[-1]["alpha_loss"])
    if hit is None:
        out.append(f"| {tag or 'lr 20'} | {target:.4f} | {last:.4f} | not reached | - | - |")
    else:
        out.append(f"| {tag or 'lr 20'} | {target:.4f} | {last:.4f} | {hit['epoch']} | {float(hit['seconds']) / float(fixed[-1]['seconds']):.2f} | "
                   f"{float(hit['node_steps']) / float(fixed[-1]['node_steps']):.2f} |")

# Retrained from scratch: the LSTM baseline and the derived cells, 6 epochs on the same tokens, test scored once.
out += ["", "Retrained (6 epochs, the same 100,000 training tokens; best valid epoch kept, test scored once):", "",
        "| arm | seeds | params | valid ppl | test ppl | genotype |", "|---|---|---|---|---|---|"]
arms = {}
for name in sorted(os.listdir(runs)):
    if not name.startswith(("lstm", "cell")):
        continue
    s = load(name)
    if s is None:
        continue
    arm = name.rsplit("-", 1)[0]
    arms.setdefault(arm, []).append(s)
    rows.append({"run": name, "kind": "train", "weight_lr": s.get("learning_rate", ""), "mode": "", "status": status(name), "final_alpha_loss": "",
                 "seconds": s.get("seconds", s.get("wall_seconds", "")), "node_steps": "", "params": s.get("params", s.get("parameters", "")),
                 "genotype": s.get("genotype", s.get("model", "")), "valid_perplexity": s["valid_perplexity"], "test_perplexity": s["test_perplexity"]})


def stat(values):
    return f"{values[0]:.1f}" if len(values) == 1 else f"{statistics.mean(values):.1f} +- {statistics.stdev(values):.1f}"


for arm, items in arms.items():
    params = items[0].get("params", items[0].get("parameters"))
    genotype = items[0].get("genotype", items[0].get("model", ""))
    out.append(f"| {arm} | {len(items)} | {params} | {stat([i['valid_perplexity'] for i in items])} | {stat([i['test_perplexity'] for i in items])} | `{genotype}` |")

with open(os.path.join(root, "results.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
with open(os.path.join(root, "results.md"), "w") as f:
    f.write("\n".join(out) + "\n")
print("\n".join(out))
