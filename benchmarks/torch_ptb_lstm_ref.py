#!/usr/bin/env python3
# Copied from the shared bench folder of the NasSharp project brief (unchanged below this comment): the PyTorch side of
# `nas bench engine --mode lm` (benchmarks/engine-vs-torch.sh 20 2 2 lm). Needs Debian's PyTorch:
# apt-get install -y python3-torch, then: /usr/bin/python3 torch_ptb_lstm_ref.py [steps] [threads] [lstm|gru] [H] [L] [B] [T] [V]
"""PyTorch reference for a word-level LSTM language-model training step (the PyTorch word_language_model
recipe): vocabulary V, embedding = hidden = H, L layers, batch B, BPTT T, SGD lr 20, gradient clip 0.25,
dropout 0.2. Random tokens (speed only). Prints tokens/s and ms per step.
Usage: /usr/bin/python3 torch_ptb_lstm_ref.py [steps] [threads] [model lstm|gru] [H] [L] [B] [T] [V]"""
import sys, time, torch, torch.nn as nn

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
kind = sys.argv[3] if len(sys.argv) > 3 else "lstm"
H, L, B, T, V = (int(a) for a in (sys.argv[4:9] + ["200", "2", "20", "35", "10000"][len(sys.argv[4:9]):]))
torch.set_num_threads(threads)
torch.manual_seed(0)

class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.2)
        self.enc = nn.Embedding(V, H)
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(H, H, L, dropout=0.2)
        self.dec = nn.Linear(H, V)
    def forward(self, x, h):
        y, h = self.rnn(self.drop(self.enc(x)), h)
        return self.dec(self.drop(y)), h

m = LM()
opt = torch.optim.SGD(m.parameters(), lr=20)
x = torch.randint(0, V, (T, B)); y = torch.randint(0, V, (T * B,))
def init():
    z = torch.zeros(L, B, H)
    return (z, z.clone()) if kind == "lstm" else z
def detach(h):
    return tuple(t.detach() for t in h) if isinstance(h, tuple) else h.detach()
h = init()
def step(h):
    h = detach(h)
    opt.zero_grad()
    out, h = m(x, h)
    loss = nn.functional.cross_entropy(out.view(-1, V), y)
    loss.backward()
    nn.utils.clip_grad_norm_(m.parameters(), 0.25)
    opt.step()
    return h
for _ in range(3):
    h = step(h)
t0 = time.perf_counter()
for _ in range(steps):
    h = step(h)
dt = time.perf_counter() - t0
print(f"engine=pytorch{torch.__version__} model={kind} H={H} L={L} B={B} T={T} V={V} threads={threads} "
      f"steps={steps} step_ms={1000 * dt / steps:.2f} tok_per_s={steps * B * T / dt:.0f}")
