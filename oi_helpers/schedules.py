r"""Learning-rate schedules as plain functions of the step, and a scheduler that applies them.

Each function returns the learning rate at ``step`` (0 for the first
optimizer step) and matches, step for step, the PyTorch scheduler named in
its docstring (``tests/test_optim.py`` checks this). After the last
planned step, these functions hold the final value, where PyTorch's
schedulers rise again or raise; each docstring gives the case.

``train.cosine_lr`` is the schedule of the course's training loop: its
warm-up reaches the peak one step earlier than :func:`warmup_cosine`.

Example::

    from functools import partial
    scheduler = Scheduler(optimizer, partial(warmup_cosine, warmup_steps=100, total_steps=2000))
    for step in range(2000):
        ...; optimizer.step(); scheduler.step()
"""
from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Callable

from .i18n import tr

__all__ = ["Scheduler", "cosine", "one_cycle", "one_cycle_momentum", "step_decay", "warmup_cosine"]


def _require(condition: bool, name: str, value, rule_key: str) -> None:
    if not condition:
        raise ValueError(tr("schedules.bad_setting", name=name, value=value, rule=tr(rule_key)))


def _is_int(value) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _check_step(step) -> None:
    _require(_is_int(step) and step >= 0, "step", step, "schedules.rule_non_negative_int")


def step_decay(step: int, lr: float, step_size: int, gamma: float = 0.1) -> float:
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` steps (``torch.optim.lr_scheduler.StepLR``).

    .. math:: \eta_t = \eta \cdot \gamma^{\lfloor t / \text{step\_size} \rfloor}
    """
    _check_step(step)
    _require(_is_int(step_size) and step_size > 0, "step_size", step_size, "schedules.rule_positive_int")
    _require(_is_number(gamma) and gamma > 0, "gamma", gamma, "schedules.rule_positive")
    return lr * gamma ** (step // step_size)


def cosine(step: int, lr: float, total_steps: int, min_lr: float = 0.0) -> float:
    r"""Cosine decay from ``lr`` to ``min_lr`` over ``total_steps`` (``CosineAnnealingLR`` with ``T_max=total_steps``).

    .. math:: \eta_t = \eta_{\min} + \tfrac12(\eta - \eta_{\min})\left(1 + \cos\frac{\pi t}{T}\right)

    After ``total_steps`` it stays at ``min_lr``, whereas PyTorch's
    ``CosineAnnealingLR`` rises again along the cosine.
    """
    _check_step(step)
    _require(_is_int(total_steps) and total_steps > 0, "total_steps", total_steps, "schedules.rule_positive_int")
    _require(_is_number(min_lr) and min_lr >= 0, "min_lr", min_lr, "schedules.rule_non_negative")
    if step >= total_steps:
        return min_lr
    return min_lr + (lr - min_lr) * (1 + math.cos(math.pi * step / total_steps)) / 2


def warmup_cosine(step: int, lr: float, warmup_steps: int, total_steps: int, start_factor: float = 0.1,
                  min_lr: float = 0.0) -> float:
    r"""Linear warm-up from ``start_factor * lr`` to ``lr`` over ``warmup_steps``, then cosine decay to ``min_lr``.

    The same as PyTorch's ``SequentialLR`` of ``LinearLR(start_factor,
    total_iters=warmup_steps)`` then ``CosineAnnealingLR(T_max=total_steps -
    warmup_steps, eta_min=min_lr)`` with ``milestones=[warmup_steps]``:

    .. math::
        \eta_t = \eta\left(f + (1 - f)\frac{t}{W}\right) \text{ for } t < W, \qquad
        \eta_t = \text{cosine}(t - W) \text{ over } T - W \text{ steps after}
    """
    _check_step(step)
    _require(_is_int(warmup_steps) and warmup_steps >= 0, "warmup_steps", warmup_steps,
             "schedules.rule_non_negative_int")
    _require(_is_int(total_steps) and total_steps > warmup_steps, "total_steps", total_steps,
             "schedules.rule_after_warmup")
    _require(_is_number(start_factor) and 0 < start_factor <= 1, "start_factor", start_factor,
             "schedules.rule_fraction")
    if step < warmup_steps:
        return lr * (start_factor + (1 - start_factor) * step / warmup_steps)
    return cosine(step - warmup_steps, lr, total_steps - warmup_steps, min_lr)


def _one_cycle_phase(step: int, total_steps: int, pct_start: float) -> tuple[int, float]:
    """Return the phase (0 rising, 1 falling) of ``step`` and the fraction of that phase done.

    PyTorch's ``OneCycleLR`` ends the rising phase at step ``pct_start * total_steps - 1``
    (not rounded) and the falling phase at ``total_steps - 1``.
    """
    peak = pct_start * total_steps - 1
    if step <= peak:
        return 0, step / peak
    return 1, (step - peak) / (total_steps - 1 - peak)


def _check_one_cycle(step, total_steps, pct_start) -> None:
    _check_step(step)
    _require(_is_int(total_steps) and total_steps > 1, "total_steps", total_steps, "schedules.rule_two_or_more")
    # Both phases need at least one step, or PyTorch's formula divides by zero.
    valid = _is_number(pct_start) and 1 < pct_start * total_steps < total_steps
    _require(valid, "pct_start", pct_start, "schedules.rule_pct_start")


def _anneal(start: float, end: float, fraction: float) -> float:
    """Go from ``start`` to ``end`` along half a cosine as ``fraction`` goes from 0 to 1."""
    return end + (start - end) / 2 * (math.cos(math.pi * fraction) + 1)


def one_cycle(step: int, lr: float, total_steps: int, pct_start: float = 0.3, div_factor: float = 25.0,
              final_div_factor: float = 1e4) -> float:
    r"""One-cycle: rise from ``lr / div_factor`` to ``lr``, then fall far below the start (``OneCycleLR``, cosine).

    ``lr`` is the peak (PyTorch's ``max_lr``). The rise takes a fraction
    ``pct_start`` of ``total_steps`` and the fall the rest, both along half
    a cosine, ending at ``lr / (div_factor * final_div_factor)``. Steps from
    ``total_steps`` on return that final value, where PyTorch raises.
    """
    _check_one_cycle(step, total_steps, pct_start)
    _require(_is_number(div_factor) and div_factor > 0, "div_factor", div_factor, "schedules.rule_positive")
    _require(_is_number(final_div_factor) and final_div_factor > 0, "final_div_factor", final_div_factor,
             "schedules.rule_positive")
    initial_lr = lr / div_factor
    final_lr = initial_lr / final_div_factor
    if step >= total_steps - 1:
        return final_lr
    phase, fraction = _one_cycle_phase(step, total_steps, pct_start)
    return _anneal(initial_lr, lr, fraction) if phase == 0 else _anneal(lr, final_lr, fraction)


def one_cycle_momentum(step: int, total_steps: int, pct_start: float = 0.3, base_momentum: float = 0.85,
                       max_momentum: float = 0.95) -> float:
    """Return the momentum (or Adam's beta1) that goes with :func:`one_cycle`: low while the learning rate is high.

    It falls from ``max_momentum`` to ``base_momentum`` during the rise and
    climbs back during the fall, as ``OneCycleLR(cycle_momentum=True)`` does.
    """
    _check_one_cycle(step, total_steps, pct_start)
    _require(_is_number(max_momentum) and 0 <= max_momentum < 1, "max_momentum", max_momentum,
             "schedules.rule_unit_interval")
    _require(_is_number(base_momentum) and 0 <= base_momentum <= max_momentum, "base_momentum", base_momentum,
             "schedules.rule_momentum")
    if step >= total_steps - 1:
        return max_momentum
    phase, fraction = _one_cycle_phase(step, total_steps, pct_start)
    if phase == 0:
        return _anneal(max_momentum, base_momentum, fraction)
    return _anneal(base_momentum, max_momentum, fraction)


class Scheduler:
    """A learning-rate scheduler that sets each group's learning rate, and optionally momentum, from functions of the step.

    ``lr_schedule(step, base_lr)`` returns the learning rate; ``base_lr`` is
    the group's ``lr`` when the scheduler was built. ``momentum_schedule(step)``
    returns the momentum, written to the group's ``momentum`` or, for Adam and
    AdamW, to ``betas[0]``. Use it as a PyTorch scheduler: build it after the
    optimizer (that sets step 0), and call ``scheduler.step()`` after each
    ``optimizer.step()``.
    """

    def __init__(self, optimizer, lr_schedule: Callable[[int, float], float],
                 momentum_schedule: Callable[[int], float] | None = None):
        self.optimizer = optimizer
        self.lr_schedule = lr_schedule
        self.momentum_schedule = momentum_schedule
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_step = 0
        self._apply()

    def _apply(self) -> None:
        for group, base_lr in zip(self.optimizer.param_groups, self.base_lrs):
            group["lr"] = self.lr_schedule(self.last_step, base_lr)
            if self.momentum_schedule is not None:
                momentum = self.momentum_schedule(self.last_step)
                if "betas" in group:
                    group["betas"] = (momentum, *group["betas"][1:])
                else:
                    group["momentum"] = momentum

    def step(self) -> None:
        """Move to the next step and set its learning rate (and momentum)."""
        self.last_step += 1
        self._apply()

    def get_last_lr(self) -> list[float]:
        """Return the learning rate now set in each parameter group."""
        return [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict:
        """Return the step count and base learning rates. The schedule functions are not saved."""
        return {"last_step": self.last_step, "base_lrs": list(self.base_lrs)}

    def load_state_dict(self, state: dict) -> None:
        """Restore a :meth:`state_dict` and set that step's learning rate again."""
        self.last_step = state["last_step"]
        self.base_lrs = list(state["base_lrs"])
        self._apply()
