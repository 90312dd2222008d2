"""Training language models: batches from a token stream, the loop, evaluation and checkpoints.

One loop serves every model in ``oi_helpers.models`` and every chapter. It
samples random windows from a token stream, follows a warm-up then cosine
learning-rate schedule, clips gradients, and evaluates on held-out data at
regular steps. Its checkpoints store the model, optimizer, batch sampler and
dropout RNG states, so a resumed run continues exactly as the uninterrupted
one would have.
"""
from __future__ import annotations

import math
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch.nn import functional as F

from .i18n import tr

CHECKPOINT_FORMAT = "oi_helpers.checkpoint/1"


def _require(condition: bool, field_name: str, value, rule_key: str) -> None:
    if not condition:
        raise ValueError(tr("train.bad_setting", field=field_name, value=value, rule=tr(rule_key)))


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class BatchSampler:
    """Samples random windows of a 1-D token stream as (inputs, targets) batches.

    ``sample()`` returns ``X`` and ``y`` of shape ``(batch_size, block_size)``,
    where ``y`` is ``X`` shifted one token to the left: the token to predict
    after each position. The sampler owns its random generator, so its state
    can be saved and restored with a checkpoint.
    """

    def __init__(self, data: torch.Tensor, block_size: int, batch_size: int, seed: int = 0):
        _require(_positive_int(block_size), "block_size", block_size, "train.rule_positive")
        _require(_positive_int(batch_size), "batch_size", batch_size, "train.rule_positive")
        data = torch.as_tensor(data, dtype=torch.long)
        if data.numel() < block_size + 1:
            raise ValueError(tr("train.too_short", length=data.numel(), block_size=block_size, needed=block_size + 1))
        self.data = data
        self.block_size = block_size
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)

    def sample(self) -> tuple[torch.Tensor, torch.Tensor]:
        starts = torch.randint(len(self.data) - self.block_size, (self.batch_size,), generator=self.generator)
        offsets = torch.arange(self.block_size)
        X = self.data[starts[:, None] + offsets]        # (batch_size, block_size)
        y = self.data[starts[:, None] + offsets + 1]    # (batch_size, block_size)
        return X, y

    def state_dict(self) -> dict:
        return {"generator": self.generator.get_state()}

    def load_state_dict(self, state: dict) -> None:
        self.generator.set_state(state["generator"])


def lm_loss(logits: torch.Tensor, targets: torch.Tensor, ignore_index: int = -100) -> torch.Tensor:
    """Mean cross-entropy in nats per token, skipping targets equal to ``ignore_index`` (padding).

    ``logits`` is ``(batch, time, vocab)`` and ``targets`` is ``(batch, time)``.
    """
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=ignore_index)


def windows(data: torch.Tensor, block_size: int, max_windows: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut a token stream into consecutive non-overlapping (inputs, targets) windows.

    Returns ``X`` and ``y`` of shape ``(n_windows, block_size)``; with
    ``max_windows`` the windows are spread evenly over the stream.
    """
    data = torch.as_tensor(data, dtype=torch.long)
    count = (len(data) - 1) // block_size
    if count < 1:
        raise ValueError(tr("train.too_short", length=len(data), block_size=block_size, needed=block_size + 1))
    starts = torch.arange(count) * block_size
    if max_windows is not None and max_windows < count:
        starts = starts[torch.linspace(0, count - 1, max_windows).long()]
    offsets = torch.arange(block_size)
    return data[starts[:, None] + offsets], data[starts[:, None] + offsets + 1]


@torch.no_grad()
def evaluate(model, data: torch.Tensor, block_size: int | None = None, max_windows: int | None = None,
             batch_size: int = 64) -> float:
    """Return the mean loss (nats per token) of ``model`` over windows of ``data``.

    Deterministic: the same windows every call. ``max_windows=None`` covers the
    whole stream.
    """
    block_size = block_size or model.block_size
    X, y = windows(data, block_size, max_windows)
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    try:
        for start in range(0, len(X), batch_size):
            xb, yb = X[start:start + batch_size].to(device), y[start:start + batch_size].to(device)
            logits = model(xb)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yb.reshape(-1), reduction="sum").item()
            count += yb.numel()
    finally:
        model.train(was_training)
    return total / count


def cosine_lr(step: int, lr: float, total_steps: int, warmup_steps: int = 0, min_lr: float = 0.0) -> float:
    """Learning rate at ``step``: linear warm-up to ``lr``, then cosine decay to ``min_lr`` at ``total_steps``."""
    if step < warmup_steps:
        return lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return min_lr
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * progress))


@dataclass
class TrainConfig:
    """Settings of :func:`train`. ``lr`` is the peak learning rate; seconds are wall-clock."""

    steps: int = 2000
    batch_size: int = 32
    block_size: int = 128
    lr: float = 3e-3
    min_lr: float | None = None          # default: lr / 10
    warmup_steps: int = 100
    weight_decay: float = 0.1
    betas: tuple[float, float] = (0.9, 0.99)
    grad_clip: float | None = 1.0
    eval_interval: int = 200
    eval_windows: int = 64
    max_seconds: float | None = None     # stop early when training time passes this
    seed: int = 1337

    def __post_init__(self):
        for name in ("steps", "batch_size", "block_size", "eval_interval", "eval_windows"):
            _require(_positive_int(getattr(self, name)), name, getattr(self, name), "train.rule_positive")
        _require(isinstance(self.lr, (int, float)) and self.lr > 0, "lr", self.lr, "train.rule_positive_number")
        _require(isinstance(self.warmup_steps, int) and self.warmup_steps >= 0, "warmup_steps",
                 self.warmup_steps, "train.rule_non_negative")
        _require(self.weight_decay >= 0, "weight_decay", self.weight_decay, "train.rule_non_negative")
        _require(self.grad_clip is None or self.grad_clip > 0, "grad_clip", self.grad_clip,
                 "train.rule_positive_number")

    @property
    def final_lr(self) -> float:
        """The learning rate at the end of the cosine decay: ``min_lr``, or ``lr / 10`` when unset."""
        return self.min_lr if self.min_lr is not None else self.lr / 10


@dataclass
class History:
    """Measurements of a :func:`train` run: losses at each evaluation, tokens seen and seconds."""

    step: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    elapsed: list[float] = field(default_factory=list)
    tokens_seen: int = 0
    seconds: float = 0.0

    def __getitem__(self, key: str):  # lets plot.loss_curve accept a History or a dict
        return getattr(self, key)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, values: dict) -> "History":
        return cls(**values)


def make_optimizer(model, config: TrainConfig) -> torch.optim.Optimizer:
    """AdamW with weight decay on matrices only (not on biases, norms or embeddings' 1-D parameters)."""
    decay = [p for p in model.parameters() if p.requires_grad and p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.requires_grad and p.dim() < 2]
    groups = [{"params": decay, "weight_decay": config.weight_decay},
              {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=config.lr, betas=config.betas)


def save_checkpoint(path, model, optimizer, sampler: BatchSampler, step: int, history: History,
                    config: TrainConfig, model_config: dict | None = None) -> Path:
    """Write a checkpoint atomically: to a temporary file in the same folder, then renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "format": CHECKPOINT_FORMAT,
        "step": step,
        "model": model.state_dict(),
        "model_config": model_config or {},
        "optimizer": optimizer.state_dict(),
        "sampler": sampler.state_dict(),
        "torch_rng": torch.get_rng_state(),
        "history": history.to_dict(),
        "train_config": {k: v for k, v in config.__dict__.items()},
    }
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        torch.save(state, temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def load_checkpoint(path, model=None, optimizer=None, sampler: BatchSampler | None = None) -> dict:
    """Load a checkpoint with ``weights_only=True`` and restore the given objects from it.

    Returns the checkpoint dict (step, history, configs). Raises
    FileNotFoundError or ValueError with a clear message on a missing,
    damaged or mismatched file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(tr("train.checkpoint_missing", path=path))
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises several types for damaged or foreign files
        raise ValueError(tr("train.checkpoint_invalid", path=path, reason=f"{type(error).__name__}: {error}")) from error
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(tr("train.checkpoint_invalid", path=path, reason="format"))
    if model is not None:
        try:
            model.load_state_dict(state["model"])
        except RuntimeError as error:
            raise ValueError(tr("train.checkpoint_mismatch", path=path, reason=str(error).splitlines()[0])) from error
    if optimizer is not None:
        optimizer.load_state_dict(state["optimizer"])
    if sampler is not None:
        sampler.load_state_dict(state["sampler"])
    return state


def steps_for_seconds(model, train_data: torch.Tensor, seconds: float, batch_size: int, block_size: int,
                      probe_steps: int = 10, probe_seconds: float = 0.5) -> int:
    """Estimate how many training steps of ``model`` fit in ``seconds``, from a short probe on a copy of it.

    After two warm-up steps, the probe times AdamW steps on random windows
    of ``train_data`` until it has run at least ``probe_steps`` steps and
    ``probe_seconds`` seconds, so that fast models are timed over more than a
    few milliseconds. The model and the global torch RNG are left as they
    were. The estimate is only as steady as the machine: use it with
    ``max_seconds`` as a hard limit.
    """
    import copy

    rng_state = torch.get_rng_state()
    probe = copy.deepcopy(model)
    probe.train()
    device = next(probe.parameters()).device
    sampler = BatchSampler(train_data, block_size, batch_size, seed=0)
    optimizer = torch.optim.AdamW(probe.parameters(), lr=1e-4)

    def step() -> None:
        X, y = sampler.sample()
        loss = lm_loss(probe(X.to(device)), y.to(device))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    try:
        for _ in range(2):
            step()
        start = time.perf_counter()
        timed = 0
        while timed < probe_steps or time.perf_counter() - start < probe_seconds:
            step()
            timed += 1
        per_step = (time.perf_counter() - start) / timed
    finally:
        torch.set_rng_state(rng_state)
    return max(1, int(seconds / per_step))


def train(model, train_data: torch.Tensor, val_data: torch.Tensor, config: TrainConfig | None = None,
          checkpoint_path=None, checkpoint_interval: int | None = None, resume: bool = False,
          progress: bool = True, log=print, stop_at_step: int | None = None, **overrides) -> History:
    """Train ``model`` on random windows of ``train_data``; return the :class:`History`.

    ``train_data`` and ``val_data`` are 1-D int64 token streams. Settings come
    from ``config`` (a :class:`TrainConfig`) with keyword ``overrides``, for
    example ``train(model, tr_ids, va_ids, steps=500, lr=1e-3)``.

    Every ``eval_interval`` steps it prints one line (step, train and
    validation loss on fixed windows, learning rate, seconds). With
    ``checkpoint_path`` it saves a checkpoint every ``checkpoint_interval``
    steps and at the end; ``resume=True`` continues from that checkpoint,
    reproducing the uninterrupted run. ``stop_at_step`` ends this call after
    that step, as an interruption would: the learning-rate schedule still
    spans ``steps``, so a later call with ``resume=True`` finishes the run.
    """
    config = config or TrainConfig()
    if overrides:
        config = TrainConfig(**{**config.__dict__, **overrides})
    model_block_size = getattr(model, "block_size", None)
    if model_block_size is not None and config.block_size > model_block_size:
        raise ValueError(tr("train.block_too_long", block_size=config.block_size, model_block_size=model_block_size))
    device = next(model.parameters()).device
    train_data = torch.as_tensor(train_data, dtype=torch.long)
    val_data = torch.as_tensor(val_data, dtype=torch.long)
    torch.manual_seed(config.seed)
    sampler = BatchSampler(train_data, config.block_size, config.batch_size, seed=config.seed)
    optimizer = make_optimizer(model, config)
    history = History()
    start_step = 0
    model_config = model.config.to_dict() if hasattr(model, "config") and hasattr(model.config, "to_dict") else {}

    if resume and checkpoint_path is not None and Path(checkpoint_path).is_file():
        state = load_checkpoint(checkpoint_path, model, optimizer, sampler)
        torch.set_rng_state(state["torch_rng"])
        history = History.from_dict(state["history"])
        start_step = state["step"]
        log(tr("train.resumed", path=checkpoint_path, step=start_step))

    def record(step: int, elapsed: float, lr: float) -> None:
        history.step.append(step)
        history.train_loss.append(evaluate(model, train_data, config.block_size, config.eval_windows))
        history.val_loss.append(evaluate(model, val_data, config.block_size, config.eval_windows))
        history.lr.append(lr)
        history.elapsed.append(history.seconds + elapsed)
        log(tr("train.eval_line", step=step, train=history.train_loss[-1], val=history.val_loss[-1], lr=lr,
               elapsed=history.elapsed[-1]))

    from tqdm.auto import tqdm

    model.train()
    began = time.perf_counter()
    training_seconds = 0.0  # excludes evaluation, so the time budget counts learning only
    step = start_step
    lr = cosine_lr(step, config.lr, config.steps, config.warmup_steps, config.final_lr)
    if start_step == 0:
        record(0, 0.0, lr)
    bar = tqdm(total=config.steps, initial=start_step, desc=tr("train.progress"), disable=not progress,
               leave=False, mininterval=1.0)
    try:
        while step < config.steps and (stop_at_step is None or step < stop_at_step):
            tick = time.perf_counter()
            lr = cosine_lr(step, config.lr, config.steps, config.warmup_steps, config.final_lr)
            for group in optimizer.param_groups:
                group["lr"] = lr
            X, y = sampler.sample()
            X, y = X.to(device), y.to(device)
            loss = lm_loss(model(X), y)
            if not torch.isfinite(loss):
                raise FloatingPointError(tr("train.diverged", step=step + 1, loss=loss.item(), lr=lr))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if config.grad_clip is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
            optimizer.step()
            step += 1
            history.tokens_seen += X.numel()
            training_seconds += time.perf_counter() - tick
            bar.update(1)
            out_of_time = config.max_seconds is not None and training_seconds >= config.max_seconds
            if step % config.eval_interval == 0 or step == config.steps or out_of_time:
                record(step, time.perf_counter() - began, lr)
            if checkpoint_path is not None and checkpoint_interval and step % checkpoint_interval == 0:
                save_checkpoint(checkpoint_path, model, optimizer, sampler, step, history, config, model_config)
            if out_of_time:
                log(tr("train.time_budget", step=step, seconds=config.max_seconds))
                break
    finally:
        bar.close()
    history.seconds += time.perf_counter() - began
    if checkpoint_path is not None:
        save_checkpoint(checkpoint_path, model, optimizer, sampler, step, history, config, model_config)
    tokens_per_s = history.tokens_seen / max(history.seconds, 1e-9)
    log(tr("train.done", steps=step, elapsed=history.seconds, tokens_per_s=tokens_per_s, val=history.val_loss[-1]))
    return history
