# Origin: this project's shared benchmark directory (bench/torch_nb201_ref.py), kept here so that a fresh clone
# can run benchmarks/engine-vs-torch.sh; unchanged below this line but for one addition (session 21): the images'
# side comes from the environment variable IMAGE_SIZE (default 32), as `nas bench engine --image-size` sets it.
# Reference timing of NAS-Bench-201-style supernet training steps in PyTorch (CPU).
# Side-by-side anchor for the engine benchmark. Needs Debian's PyTorch: apt-get install -y python3-torch,
# then run with /usr/bin/python3 (not a pyenv python): /usr/bin/python3 torch_nb201_ref.py spos|darts [steps] [threads]
import os, sys, time, random, torch, torch.nn as nn, torch.nn.functional as F
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]

class ReLUConvBN(nn.Sequential):
    def __init__(s, C, k):
        super().__init__(nn.ReLU(inplace=False), nn.Conv2d(C, C, k, 1, k // 2, bias=False), nn.BatchNorm2d(C))

def make_op(name, C):
    if name == "none": return None
    if name == "skip_connect": return nn.Identity()
    if name == "nor_conv_1x1": return ReLUConvBN(C, 1)
    if name == "nor_conv_3x3": return ReLUConvBN(C, 3)
    if name == "avg_pool_3x3": return nn.AvgPool2d(3, 1, 1, count_include_pad=False)

class MixedEdge(nn.Module):
    def __init__(s, C):
        super().__init__()
        s.ops = nn.ModuleList([make_op(o, C) or nn.Identity() for o in OPS])
    def forward(s, x, choice=None, weights=None):
        if choice is not None:
            return x * 0 if choice == 0 else s.ops[choice](x)
        return sum(w * (x * 0 if i == 0 else op(x)) for i, (w, op) in enumerate(zip(weights, s.ops)))

class Cell(nn.Module):
    def __init__(s, C):
        super().__init__()
        s.edges = nn.ModuleList([MixedEdge(C) for _ in range(6)])
    def forward(s, x, arch=None, alphas=None):
        nodes = [x]; k = 0
        for j in range(1, 4):
            acc = 0
            for i in range(j):
                acc = acc + (s.edges[k](nodes[i], choice=arch[k]) if arch is not None else s.edges[k](nodes[i], weights=alphas[k]))
                k += 1
            nodes.append(acc)
        return nodes[-1]

class ResBlock(nn.Module):
    def __init__(s, Ci, Co):
        super().__init__()
        s.a = ReLUConvBN(Ci, 3); s.a[1] = nn.Conv2d(Ci, Co, 3, 2, 1, bias=False); s.a[2] = nn.BatchNorm2d(Co)
        s.b = ReLUConvBN(Co, 3)
        s.down = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(Ci, Co, 1, bias=False))
    def forward(s, x): return s.b(s.a(x)) + s.down(x)

class Net(nn.Module):
    def __init__(s, C=16, N=5, classes=10):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv2d(3, C, 3, padding=1, bias=False), nn.BatchNorm2d(C))
        layers = []; c = C
        for stage in range(3):
            if stage > 0: layers.append(ResBlock(c, c * 2)); c *= 2
            layers += [Cell(c) for _ in range(N)]
        s.layers = nn.ModuleList(layers)
        s.head = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU())
        s.fc = nn.Linear(c, classes)
    def forward(s, x, arch=None, alphas=None):
        x = s.stem(x)
        for l in s.layers:
            x = l(x, arch, alphas) if isinstance(l, Cell) else l(x)
        x = s.head(x).mean((2, 3))
        return s.fc(x)

def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "spos"; steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2; B = 64
    torch.set_num_threads(threads); torch.manual_seed(0); random.seed(0)
    net = Net(); opt = torch.optim.SGD(net.parameters(), lr=0.025, momentum=0.9, nesterov=True, weight_decay=5e-4)
    side = int(os.environ.get("IMAGE_SIZE", "32"))
    x = torch.randn(B, 3, side, side); y = torch.randint(0, 10, (B,))
    alphas = [torch.softmax(torch.randn(5) * 1e-3, 0) for _ in range(6)]
    def step():
        arch = [random.randrange(5) for _ in range(6)] if mode == "spos" else None
        loss = F.cross_entropy(net(x, arch=arch, alphas=None if arch else alphas), y)
        opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(3): step()
    t = time.perf_counter()
    for _ in range(steps): step()
    dt = (time.perf_counter() - t) / steps
    print(f"mode={mode} threads={threads} batch={B} step_ms={dt*1000:.1f} img_per_s={B/dt:.0f}")
main()
