"""Time the classic autograd demo on the course's scalar and tensor engines, PyTorch and micrograd.

Usage: python benchmarks/autograd_speed.py [--steps 100] [--engines scalar tensor torch micrograd]

The demo: a 2-16-16-1 MLP (ReLU hidden layers, linear output) classifies
100 two-moons points (scikit-learn ``make_moons``, noise 0.1, labels -1/+1)
with the max-margin (hinge) loss mean(relu(1 - y * score)) plus an L2 penalty
1e-4 * sum(w^2), trained by full-batch gradient descent for 100 steps with a
learning rate falling linearly from 1.0 to 0.1. Each engine runs the same
step in a function, so the graph of a step is released when the step returns.

micrograd (``pip install micrograd``) is only a baseline to time; it is not
a course dependency and the row is skipped when it is not installed. Prints
one row per engine: wall time, process CPU time, the final loss and the
training accuracy. On a shared machine wall time varies with the load, so
compare the CPU column.
"""
from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import torch
from sklearn.datasets import make_moons

SIZES = [2, 16, 16, 1]
N_POINTS = 100
L2 = 1e-4


def learning_rate(step: int, steps: int) -> float:
    return 1.0 - 0.9 * step / steps


def moons() -> tuple[np.ndarray, np.ndarray]:
    """Return X of shape (100, 2) and labels y of shape (100,) in {-1, +1}."""
    X, y = make_moons(n_samples=N_POINTS, noise=0.1, random_state=1)
    return X, (2 * y - 1).astype(np.float64)


def train_scalar(X, y, steps):
    from oi_helpers.autograd import MLP

    model = MLP(SIZES, seed=0)
    params = model.parameters()
    rows, labels = X.tolist(), y.tolist()

    def step(k):
        scores = [model(x) for x in rows]
        loss = sum((1.0 - label * score).relu() for label, score in zip(labels, scores)) * (1.0 / len(rows))
        loss = loss + L2 * sum(p * p for p in params)
        model.zero_grad()
        loss.backward()
        lr = learning_rate(k, steps)
        for p in params:
            p.data -= lr * p.grad
        accuracy = np.mean([(score.data > 0) == (label > 0) for label, score in zip(labels, scores)])
        return loss.data, accuracy

    return [step(k) for k in range(steps)][-1]


def train_micrograd(X, y, steps):
    from micrograd.nn import MLP

    model = MLP(SIZES[0], SIZES[1:])
    rows, labels = X.tolist(), y.tolist()

    def step(k):
        scores = [model(x) for x in rows]
        loss = sum((1.0 - label * score).relu() for label, score in zip(labels, scores)) * (1.0 / len(rows))
        loss = loss + L2 * sum(p * p for p in model.parameters())
        model.zero_grad()
        loss.backward()
        lr = learning_rate(k, steps)
        for p in model.parameters():
            p.data -= lr * p.grad
        accuracy = np.mean([(score.data > 0) == (label > 0) for label, score in zip(labels, scores)])
        return loss.data, accuracy

    return [step(k) for k in range(steps)][-1]


def train_tensor(X, y, steps):
    from oi_helpers.autograd import TensorMLP

    model = TensorMLP(SIZES, seed=0)
    params = model.parameters()
    labels = y[:, None]                                                    # (100, 1)

    def step(k):
        scores = model(X)                                                  # (100, 1)
        loss = (1.0 - scores * labels).relu().mean()
        loss = loss + L2 * sum(((p * p).sum() for p in params), start=0.0)
        model.zero_grad()
        loss.backward()
        lr = learning_rate(k, steps)
        for p in params:
            p.data -= lr * p.grad
        return float(loss.data), float(np.mean((scores.data > 0) == (labels > 0)))

    return [step(k) for k in range(steps)][-1]


def train_torch(X, y, steps):
    # One thread: on (100, 16) matrices a second thread only adds synchronisation, and on a busy
    # 2-core machine it made each step up to 100x slower.
    torch.set_num_threads(1)
    torch.manual_seed(0)
    layers = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        layers += [torch.nn.Linear(n_in, n_out, dtype=torch.float64), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    inputs = torch.tensor(X)
    labels = torch.tensor(y)[:, None]                                      # (100, 1)
    params = list(model.parameters())

    def step(k):
        scores = model(inputs)                                             # (100, 1)
        loss = torch.relu(1.0 - labels * scores).mean()
        loss = loss + L2 * sum((p * p).sum() for p in params)
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= learning_rate(k, steps) * p.grad
        return loss.item(), (scores.detach() > 0).eq(labels > 0).double().mean().item()

    return [step(k) for k in range(steps)][-1]


ENGINES = {
    "scalar": ("oi_helpers.autograd.Value", train_scalar),
    "tensor": ("oi_helpers.autograd.Tensor", train_tensor),
    "torch": ("PyTorch", train_torch),
    "micrograd": ("micrograd (PyPI)", train_micrograd),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=100, help="full-batch training steps (default 100)")
    parser.add_argument("--engines", nargs="+", choices=sorted(ENGINES), default=list(ENGINES),
                        help="engines to time, in this order (default: all)")
    args = parser.parse_args(argv)

    X, y = moons()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {platform.python_version()}, torch {torch.__version__} (1 thread), NumPy {np.__version__}, "
          f"{os.cpu_count()} CPUs, load average {load:.1f}; {args.steps} steps on {N_POINTS} points, MLP {SIZES}")
    results = {}
    for name in args.engines:
        title, train = ENGINES[name]
        if name == "micrograd":
            try:
                import micrograd  # noqa: F401 (only checks that the baseline is installed)
            except ImportError:
                print(f"{title}: not installed, skipped (pip install micrograd)")
                continue
        wall, cpu = time.perf_counter(), time.process_time()
        loss, accuracy = train(X, y, args.steps)
        results[name] = (title, time.perf_counter() - wall, time.process_time() - cpu, loss, accuracy)

    print(f"\n{'engine':<28} {'wall s':>8} {'CPU s':>8} {'ms/step':>8} {'final loss':>11} {'accuracy':>9}"
          f" {'CPU vs micrograd':>17}")
    baseline = results.get("micrograd")
    for name, (title, wall, cpu, loss, accuracy) in results.items():
        ratio = f"{baseline[2] / cpu:.1f}x faster" if baseline and name != "micrograd" else "-"
        print(f"{title:<28} {wall:>8.2f} {cpu:>8.2f} {1000 * cpu / args.steps:>8.1f} {loss:>11.4f} "
              f"{accuracy:>9.0%} {ratio:>17}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
