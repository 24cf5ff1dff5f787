"""Mean truth and mean supernet score per convolution count (0..6), each arm averaged over its seeds:
python3 experiments/fewshot/by_convolutions.py  (from the repository root; reads gt-seed*/ and scores/)."""
import csv
E = 'experiments/fewshot'
rows = [list(csv.DictReader(open(f'{E}/gt-seed{s}/groundtruth.csv'))) for s in (0, 1)]
truth = {r['genotype']: (float(r['test_accuracy']), int(r['conv_count'])) for r in rows[0]}
truth = {g: ((a + float(next(r for r in rows[1] if r['genotype'] == g)['test_accuracy'])) / 2, c) for g, (a, c) in truth.items()}
counts = sorted({c for _, c in truth.values()})
print('| convolutions | architectures | truth mean | ' + ' | '.join(f'{a} score mean' for a in ('oneshot10', 'oneshot15', 'fewshot15')) + ' |')
print('|---' * 6 + '|')
scores = {a: [{r['genotype']: float(r['supernet_accuracy']) for r in csv.DictReader(open(f'{E}/scores/{a}-seed{s}.csv'))} for s in (0, 1, 2)] for a in ('oneshot10', 'oneshot15', 'fewshot15')}
for c in counts:
    gs = [g for g, (_, k) in truth.items() if k == c]
    cells = [sum(sum(s[g] for g in gs) / len(gs) for s in scores[a]) / 3 for a in ('oneshot10', 'oneshot15', 'fewshot15')]
    print(f'| {c} | {len(gs)} | {sum(truth[g][0] for g in gs) / len(gs):.2f} | ' + ' | '.join(f'{v:.2f}' for v in cells) + ' |')
