"""Compare GPT shapes for the quick tour: validation loss after a fixed CPU time budget.

Usage: python benchmarks/quick_tour_configs.py [--seconds 90] [--threads 2] [--only NAME ...]

Each configuration trains on Tiny Shakespeare (first 90% of characters) for
the same wall-clock budget, with a cosine schedule sized by a short
throughput probe, and is scored on the whole validation split (last 10%).
Prints one table row per configuration.
"""
from __future__ import annotations

import argparse
import time

import torch

import oi_helpers as oi
from oi_helpers import data, models, text, train

CONFIGS = {
    # name: (n_layer, n_head, n_embd, block_size, batch_size, lr)
    "nanogpt-cpu": (4, 4, 128, 64, 12, 1e-3),
    "L4-E128-T128-B32": (4, 4, 128, 128, 32, 3e-3),
    "L3-E128-T128-B32": (3, 4, 128, 128, 32, 3e-3),
    "L4-E128-T64-B64": (4, 4, 128, 64, 64, 3e-3),
    "L3-E192-T128-B32": (3, 6, 192, 128, 32, 2e-3),
    "L2-E192-T128-B32": (2, 6, 192, 128, 32, 3e-3),
    "L4-E96-T128-B32": (4, 4, 96, 128, 32, 4e-3),
}


def steps_for_budget(model, sampler, seconds: float, probe_steps: int = 15) -> int:
    """Estimate how many training steps fit in ``seconds`` from a short probe on a copy of the model."""
    import copy

    probe = copy.deepcopy(model)
    optimizer = torch.optim.AdamW(probe.parameters(), lr=1e-3)
    for index in range(probe_steps + 3):
        if index == 3:
            start = time.perf_counter()
        X, y = sampler.sample()
        loss = train.lm_loss(probe(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    per_step = (time.perf_counter() - start) / probe_steps
    return int(seconds / per_step)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=90.0, help="training budget per configuration, in seconds")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    parser.add_argument("--only", nargs="*", help="configuration names to run (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    corpus = data.load_shakespeare()
    vocab = text.CharVocab.from_text(corpus)
    ids = torch.tensor(vocab.encode(corpus), dtype=torch.long)
    train_ids, val_ids = data.train_val_split(ids, 0.9)

    print(f"{'config':<20} {'params':>8} {'steps':>6} {'tok/s':>8} {'train s':>8} {'val loss':>9}")
    for name, (n_layer, n_head, n_embd, block_size, batch_size, lr) in CONFIGS.items():
        if args.only and name not in args.only:
            continue
        oi.seed(1337)
        model = models.GPT(models.GPTConfig(vocab_size=len(vocab), block_size=block_size, n_layer=n_layer,
                                            n_head=n_head, n_embd=n_embd))
        probe_sampler = train.BatchSampler(train_ids, block_size, batch_size, seed=0)
        steps = steps_for_budget(model, probe_sampler, args.seconds)
        history = train.train(model, train_ids, val_ids, steps=steps, batch_size=batch_size, block_size=block_size,
                              lr=lr, warmup_steps=min(100, steps // 10), eval_interval=max(steps, 1),
                              max_seconds=args.seconds * 1.15, progress=False, log=lambda *_: None)
        val = train.evaluate(model, val_ids, block_size)
        print(f"{name:<20} {model.num_parameters():>8,} {history.step[-1]:>6} "
              f"{history.tokens_seen / history.seconds:>8,.0f} {history.seconds:>8.1f} {val:>9.3f}", flush=True)


if __name__ == "__main__":
    main()
