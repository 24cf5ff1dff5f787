# Reference timing of chain-space supernet training steps in PyTorch (CPU), the side-by-side anchor of
# `nas bench engine --mode chain`. Written for NasSharp after its own ChainSupernet / ShuffleBlock (src/NasSharp.Search/
# Networks/Chain): SPOS's ShuffleNetV2-block choices (Guo et al. 2020; ShuffleNetV2, Ma et al. 2018), trained as DSNAS
# trains it (Hu et al., CVPR 2020, section 3): one block per layer sampled from softmax(alpha), its output times the
# one-hot Z, one backward pass, alpha's gradient credit * (onehot - p); weights by SGD Nesterov 0.9 (lr 0.025, weight
# decay 5e-4), alpha by Adam (lr 3e-4, betas 0.5 / 0.999, weight decay 1e-3). Needs Debian's PyTorch:
# apt-get install -y python3-torch, then: /usr/bin/python3 torch_chain_ref.py chain [steps] [threads] [batch]
# The images' side comes from the environment variable IMAGE_SIZE (default 32; added in session 22), as
# `nas bench engine --image-size` sets it.
import os, sys, time, torch, torch.nn as nn, torch.nn.functional as F

STEM, STAGES, LAYERS, LAST, CLASSES = 16, [32, 64, 128], [2, 2, 2], 256, 10
CHOICES = ["shuffle3x3", "shuffle5x5", "shuffle7x7", "xception"]

def conv_bn(ci, co, k, stride=1, groups=1, relu=False):
    layers = [nn.Conv2d(ci, co, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(co)]
    return layers + [nn.ReLU()] if relu else layers

class ShuffleBlock(nn.Module):
    def __init__(s, choice, ci, co, stride):
        super().__init__()
        s.stride = stride
        bi, bo, mid = (ci // 2, co // 2, co // 2) if stride == 1 else (ci, co - ci, co // 2)
        k = [3, 5, 7, 3][choice]
        if choice == 3:  # Xception: three (depthwise 3x3 + BN, 1x1 + BN + ReLU)
            main = conv_bn(bi, bi, 3, stride, bi) + conv_bn(bi, mid, 1, relu=True) \
                + conv_bn(mid, mid, 3, 1, mid) + conv_bn(mid, mid, 1, relu=True) \
                + conv_bn(mid, mid, 3, 1, mid) + conv_bn(mid, bo, 1, relu=True)
        else:
            main = conv_bn(bi, mid, 1, relu=True) + conv_bn(mid, mid, k, stride, mid) + conv_bn(mid, bo, 1, relu=True)
        s.main = nn.Sequential(*main)
        s.proj = nn.Sequential(*(conv_bn(ci, ci, k, 2, ci) + conv_bn(ci, ci, 1, relu=True))) if stride == 2 else None

    def forward(s, x):
        if s.proj is not None:
            y = torch.cat([s.proj(x), s.main(x)], 1)
        else:
            a, b = x.chunk(2, 1)
            y = torch.cat([a, s.main(b)], 1)
        n, c, h, w = y.shape  # channel shuffle, 2 groups
        return y.view(n, 2, c // 2, h, w).transpose(1, 2).reshape(n, c, h, w)

class ChainSupernet(nn.Module):
    def __init__(s):
        super().__init__()
        s.stem = nn.Sequential(*conv_bn(3, STEM, 3, relu=True))
        layers, c = [], STEM
        for channels, count in zip(STAGES, LAYERS):
            for i in range(count):
                layers.append(nn.ModuleList([ShuffleBlock(k, c, channels, 2 if i == 0 else 1) for k in range(len(CHOICES))]))
                c = channels
        s.layers = nn.ModuleList(layers)
        s.last = nn.Sequential(*conv_bn(c, LAST, 1, relu=True))
        s.fc = nn.Linear(LAST, CLASSES)
        s.alpha = nn.Parameter(torch.randn(len(layers), len(CHOICES)) * 1e-3)

    def forward(s, x, chosen, z):
        x = s.stem(x)
        for r, (layer, k) in enumerate(zip(s.layers, chosen)):
            x = layer[k](x) * z[r, k]
        return s.fc(s.last(x).mean((2, 3)))

def main():
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    B = int(sys.argv[4]) if len(sys.argv) > 4 else 64
    side = int(os.environ.get("IMAGE_SIZE", "32"))
    torch.set_num_threads(threads); torch.manual_seed(0)
    net = ChainSupernet()
    weights = [p for n, p in net.named_parameters() if n != "alpha"]
    opt_w = torch.optim.SGD(weights, lr=0.025, momentum=0.9, nesterov=True, weight_decay=5e-4)
    opt_a = torch.optim.Adam([net.alpha], lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)
    x = torch.randn(B, 3, side, side); y = torch.randint(0, CLASSES, (B,))
    def step():
        with torch.no_grad():
            chosen = torch.multinomial(torch.softmax(net.alpha, 1), 1).squeeze(1)
            z = F.one_hot(chosen, len(CHOICES)).float()
        z.requires_grad_()
        loss = F.cross_entropy(net(x, chosen.tolist(), z), y)
        opt_w.zero_grad(); opt_a.zero_grad(); loss.backward()
        credit = z.grad * F.one_hot(chosen, len(CHOICES)).float()
        (torch.log_softmax(net.alpha, 1) * credit).sum().backward()
        opt_w.step(); opt_a.step()
    for _ in range(3): step()
    t = time.perf_counter()
    for _ in range(steps): step()
    dt = (time.perf_counter() - t) / steps
    print(f"mode=chain threads={threads} batch={B} step_ms={dt*1000:.1f} img_per_s={B/dt:.1f}")
main()
