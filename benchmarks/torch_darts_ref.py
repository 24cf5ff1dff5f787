# Reference timing of DARTS search-network training steps in PyTorch (CPU), the side-by-side anchor of
# `nas bench engine --mode darts-space`. Written for NasSharp after the DARTS paper's search network (Liu et al., ICLR
# 2019, section 3.1.1: stem 3C, 8 cells with reductions at 1/3 and 2/3, 4 nodes and 14 mixed edges of 8 operations per
# cell, non-affine batch norm, pools followed by a non-affine batch norm) and NasSharp's DartsSearchNetwork. Every edge is
# the softmax-weighted sum of its operations with fixed weights (no alpha step, as the NAS-Bench-201 darts mode);
# "none" multiplies by zero, as the DARTS code does. SGD Nesterov 0.9 (lr 0.025, weight decay 5e-4). Needs Debian's
# PyTorch: apt-get install -y python3-torch, then:
# /usr/bin/python3 torch_darts_ref.py darts-space [steps] [threads] [batch] [channels]
# The images' side comes from the environment variable IMAGE_SIZE (default 32; added in session 22), as
# `nas bench engine --image-size` sets it.
import os, sys, time, torch, torch.nn as nn, torch.nn.functional as F

def bn(c): return nn.BatchNorm2d(c, affine=False)

class Zero(nn.Module):
    def __init__(s, stride): super().__init__(); s.stride = stride
    def forward(s, x): return x.mul(0.) if s.stride == 1 else x[:, :, ::s.stride, ::s.stride].mul(0.)

class FactorizedReduce(nn.Module):
    def __init__(s, ci, co):
        super().__init__()
        s.c1 = nn.Conv2d(ci, co // 2, 1, 2, bias=False); s.c2 = nn.Conv2d(ci, co // 2, 1, 2, bias=False); s.bn = bn(co)
    def forward(s, x):
        x = F.relu(x)
        return s.bn(torch.cat([s.c1(x), s.c2(x[:, :, 1:, 1:])], 1))

def relu_conv_bn(ci, co): return nn.Sequential(nn.ReLU(), nn.Conv2d(ci, co, 1, bias=False), bn(co))

def sep_conv(c, k, stride):
    p = k // 2
    return nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, k, stride, p, groups=c, bias=False), nn.Conv2d(c, c, 1, bias=False), bn(c),
                         nn.ReLU(), nn.Conv2d(c, c, k, 1, p, groups=c, bias=False), nn.Conv2d(c, c, 1, bias=False), bn(c))

def dil_conv(c, k, stride):
    return nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, k, stride, k - 1, dilation=2, groups=c, bias=False), nn.Conv2d(c, c, 1, bias=False), bn(c))

def ops(c, stride):
    return [Zero(stride), nn.Sequential(nn.MaxPool2d(3, stride, 1), bn(c)),
            nn.Sequential(nn.AvgPool2d(3, stride, 1, count_include_pad=False), bn(c)),
            nn.Identity() if stride == 1 else FactorizedReduce(c, c),
            sep_conv(c, 3, stride), sep_conv(c, 5, stride), dil_conv(c, 3, stride), dil_conv(c, 5, stride)]

class MixedOp(nn.Module):
    def __init__(s, c, stride): super().__init__(); s.ops = nn.ModuleList(ops(c, stride))
    def forward(s, x, w): return sum(wi * op(x) for wi, op in zip(w, s.ops))

class Cell(nn.Module):
    def __init__(s, cpp, cp, c, reduction, reduction_prev):
        super().__init__()
        s.pre0 = FactorizedReduce(cpp, c) if reduction_prev else relu_conv_bn(cpp, c)
        s.pre1 = relu_conv_bn(cp, c)
        s.edges = nn.ModuleList([MixedOp(c, 2 if reduction and j < 2 else 1) for i in range(4) for j in range(i + 2)])
    def forward(s, s0, s1, weights):
        states = [s.pre0(s0), s.pre1(s1)]; k = 0
        for i in range(4):
            states.append(sum(s.edges[k + j](h, weights[k + j]) for j, h in enumerate(states)))
            k += len(states) - 1
        return torch.cat(states[2:], 1)

class Network(nn.Module):
    def __init__(s, C=16, layers=8, classes=10):
        super().__init__()
        c = 3 * C
        s.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        cpp, cp, cc, rp = c, c, C, False
        s.cells = nn.ModuleList()
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            cc *= 2 if reduction else 1
            s.cells.append(Cell(cpp, cp, cc, reduction, rp))
            s.cells[-1].reduction = reduction
            cpp, cp, rp = cp, 4 * cc, reduction
        s.fc = nn.Linear(cp, classes)
    def forward(s, x, normal, reduce):
        s0 = s1 = s.stem(x)
        for cell in s.cells:
            s0, s1 = s1, cell(s0, s1, reduce if cell.reduction else normal)
        return s.fc(s1.mean((2, 3)))

def main():
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    B = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    C = int(sys.argv[5]) if len(sys.argv) > 5 else 16
    side = int(os.environ.get("IMAGE_SIZE", "32"))
    torch.set_num_threads(threads); torch.manual_seed(0)
    net = Network(C)
    opt = torch.optim.SGD(net.parameters(), lr=0.025, momentum=0.9, nesterov=True, weight_decay=5e-4)
    x = torch.randn(B, 3, side, side); y = torch.randint(0, 10, (B,))
    normal, reduce = (torch.softmax(torch.randn(14, 8) * 1e-3, 1) for _ in range(2))
    def step():
        loss = F.cross_entropy(net(x, normal, reduce), y)
        opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(3): step()
    t = time.perf_counter()
    for _ in range(steps): step()
    dt = (time.perf_counter() - t) / steps
    print(f"mode=darts-space threads={threads} batch={B} step_ms={dt*1000:.1f} img_per_s={B/dt:.1f}")
main()
