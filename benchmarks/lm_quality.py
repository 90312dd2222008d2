"""Train the chapter-8 GPT on Tiny Shakespeare and print validation loss against training time on the CPU.

Usage: python benchmarks/lm_quality.py [--seconds 300] [--threads 2] [--eval-every 30] [--bf16]
                                       [--n-layer 4] [--n-head 4] [--n-embd 96] [--block-size 64]
                                       [--batch-size 16] [--lr 5e-3] [--warmup-steps 100]

The model is ``oi_helpers.models.GPT`` in the shape notebook 08 uses (4
blocks, 4 heads, 96 channels, 64-character context), trained on the first 90% of the
characters with the course's AdamW settings (``train.make_optimizer``,
weight decay 0.1, gradient clipping at 1.0). Because the target is a
wall-clock budget, the learning rate follows time rather than steps: a
linear warm-up over ``--warmup-steps`` steps, then a cosine decay to a tenth
of ``--lr`` when ``--seconds`` of training have passed. Every ``--eval-every``
seconds of training the clock stops and the model is scored on the whole
validation split (the last 10%, 111,540 characters, in windows of
``--block-size``). Each row prints the training seconds, steps, tokens seen
and the validation loss in nats per character; the last line reports whether
the loss reached ``--target`` (1.60 by default).

On a machine shared with other jobs, set ``OMP_WAIT_POLICY=PASSIVE`` before
starting: with the default policy, torch's two OpenMP threads spin-wait for
each other and a small model can train ten times slower when another
process takes one of the cores.
"""
from __future__ import annotations

import argparse
import math
import platform
import time

import torch

import oi_helpers as oi
from oi_helpers import data, models, text, train


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="training time budget, in seconds")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    parser.add_argument("--eval-every", type=float, default=30.0, help="seconds of training between evaluations")
    parser.add_argument("--target", type=float, default=1.60, help="validation loss to reach, nats per character")
    parser.add_argument("--n-layer", type=int, default=4, help="Transformer blocks")
    parser.add_argument("--n-head", type=int, default=4, help="attention heads per block")
    parser.add_argument("--n-embd", type=int, default=96, help="embedding width")
    parser.add_argument("--block-size", type=int, default=64, help="context length in characters")
    parser.add_argument("--batch-size", type=int, default=16, help="windows per training step")
    parser.add_argument("--lr", type=float, default=5e-3, help="peak learning rate")
    parser.add_argument("--warmup-steps", type=int, default=100, help="steps of linear learning-rate warm-up")
    parser.add_argument("--dropout", type=float, default=0.0, help="dropout probability")
    parser.add_argument("--bf16", action="store_true", help="compute in bfloat16 with torch.autocast (CPU)")
    parser.add_argument("--seed", type=int, default=1337, help="random seed")
    return parser.parse_args()


def lr_at(step: int, seconds: float, args: argparse.Namespace) -> float:
    """Return the learning rate after ``step`` steps and ``seconds`` of training: warm-up by steps, decay by time."""
    if step < args.warmup_steps:
        return args.lr * (step + 1) / args.warmup_steps
    progress = min(seconds / args.seconds, 1.0)
    final_lr = args.lr / 10
    return final_lr + 0.5 * (args.lr - final_lr) * (1 + math.cos(math.pi * progress))


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    oi.seed(args.seed)

    corpus = data.load_shakespeare()
    vocab = text.CharVocab.from_text(corpus)
    ids = torch.tensor(vocab.encode(corpus), dtype=torch.long)
    train_ids, val_ids = data.train_val_split(ids, 0.9)

    config = models.GPTConfig(vocab_size=len(vocab), block_size=args.block_size, n_layer=args.n_layer,
                              n_head=args.n_head, n_embd=args.n_embd, dropout=args.dropout)
    model = models.GPT(config)
    settings = train.TrainConfig(batch_size=args.batch_size, block_size=args.block_size, lr=args.lr,
                                 warmup_steps=args.warmup_steps, seed=args.seed)
    optimizer = train.make_optimizer(model, settings)
    sampler = train.BatchSampler(train_ids, args.block_size, args.batch_size, seed=args.seed)

    print(f"GPT {config.to_dict()} | {model.num_parameters():,} parameters")
    print(f"batch {args.batch_size} x {args.block_size} | lr {args.lr} | {args.seconds:.0f} s budget | "
          f"{torch.get_num_threads()} threads | bf16 {args.bf16} | torch {torch.__version__} | "
          f"{platform.processor() or platform.machine()}")
    print(f"{'train s':>8} {'steps':>6} {'tokens':>10} {'tok/s':>7} {'val loss':>9} {'eval s':>7}", flush=True)

    def report(step: int, seconds: float) -> float:
        start = time.perf_counter()
        loss = train.evaluate(model, val_ids, args.block_size, batch_size=64)      # in float32 even with --bf16
        tokens = step * args.batch_size * args.block_size
        print(f"{seconds:8.1f} {step:6d} {tokens:10,d} {tokens / max(seconds, 1e-9):7,.0f} {loss:9.4f} "
              f"{time.perf_counter() - start:7.1f}", flush=True)
        return loss

    step, seconds, next_eval = 0, 0.0, args.eval_every
    loss = report(step, seconds)
    model.train()
    while seconds < args.seconds:
        tick = time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, seconds, args)
        X, y = sampler.sample()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            loss_value = train.lm_loss(model(X), y)
        optimizer.zero_grad(set_to_none=True)
        loss_value.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), settings.grad_clip)
        optimizer.step()
        step += 1
        seconds += time.perf_counter() - tick
        if seconds >= next_eval or seconds >= args.seconds:
            loss = report(step, seconds)
            model.train()
            next_eval += args.eval_every
    verdict = "reached" if loss <= args.target else "missed"
    print(f"final validation loss {loss:.4f} nats per character after {seconds:.0f} s of training: "
          f"target {args.target:.2f} {verdict}")


if __name__ == "__main__":
    main()
