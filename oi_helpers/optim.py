r"""Classic optimizers written from their update rules, as ``torch.optim.Optimizer`` subclasses.

Each class gives, for the same hyper-parameters, the same parameters as its
PyTorch counterpart (``tests/test_optim.py`` checks this in float64 to 1e-6
after 300 steps, with parameter groups and state saved and loaded mid-run). They keep PyTorch's names for hyper-parameters and for state
entries (``momentum_buffer``, ``exp_avg``, ...), so a state dict saved by one
loads into the other, and PyTorch's learning-rate schedulers drive them.

Every optimizer puts its whole rule for one parameter in ``update``, so a
notebook can show the rule beside its formula. The notation is:
:math:`\theta` a parameter, :math:`g` its gradient, :math:`\eta` the
learning rate (``lr``), :math:`\lambda` the weight decay and :math:`t` the
step count, starting at 1.

Not supported, unlike PyTorch: sparse gradients, complex parameters, tensor
learning rates, ``maximize``, AMSGrad, and the ``foreach``/``fused`` fast paths.
"""
from __future__ import annotations

import math
from numbers import Real

import torch
from torch.optim import Optimizer

from .i18n import tr

__all__ = ["NAMES", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "PerParameterOptimizer", "clip_grad_norm_",
           "create", "label"]

# The optimizers that notebooks compare, by short name: plain SGD, SGD with momentum, SGD with Nesterov
# momentum, AdaGrad, RMSProp, Adam and AdamW.
NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")


def _check_range(optimizer: str, name: str, value, low: float, high: float | None = None) -> None:
    """Raise ValueError unless ``value`` is a real number with ``low <= value`` (and ``value < high``)."""
    is_number = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
    if high is None:
        if not (is_number and value >= low):
            raise ValueError(tr("optim.bad_hyperparameter", optimizer=optimizer, name=name, value=value,
                                rule=tr("optim.rule_non_negative")))
    elif not (is_number and low <= value < high):
        raise ValueError(tr("optim.bad_hyperparameter", optimizer=optimizer, name=name, value=value,
                            rule=tr("optim.rule_unit_interval")))


class PerParameterOptimizer(Optimizer):
    """Base class: ``step`` applies ``update`` to every parameter that has a gradient.

    Subclasses list their hyper-parameters in ``defaults`` and implement
    ``check_group`` (validation, run on every parameter group) and ``update``.
    """

    def add_param_group(self, param_group: dict) -> None:
        super().add_param_group(param_group)
        self.check_group(self.param_groups[-1])

    def __setstate__(self, state: dict) -> None:
        # load_state_dict replaces the groups by the saved ones. Those may come from PyTorch's
        # optimizer and lack the options that only this class has, so fill in their defaults.
        super().__setstate__(state)
        for group in self.param_groups:
            for key, value in self.defaults.items():
                group.setdefault(key, value)
            self.check_group(group)

    def check_group(self, group: dict) -> None:
        """Raise ValueError on an invalid hyper-parameter of ``group``."""
        name = type(self).__name__
        for option in ("maximize", "amsgrad"):
            if group.get(option):
                raise ValueError(tr("optim.unsupported_option", optimizer=name, option=option))
        _check_range(name, "lr", group["lr"], 0.0)

    @torch.no_grad()
    def step(self, closure=None):
        """Update every parameter once; ``closure`` re-evaluates the model and returns the loss."""
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for param in group["params"]:
                if param.grad is None:
                    continue
                if param.grad.is_sparse:
                    raise RuntimeError(tr("optim.sparse_gradient", optimizer=type(self).__name__))
                self.update(param, param.grad, self.state[param], group)
        return loss

    def update(self, param: torch.Tensor, grad: torch.Tensor, state: dict, group: dict) -> None:
        """Change ``param`` in place from its gradient ``grad`` and its ``state`` (same shape as ``param``)."""
        raise NotImplementedError


class SGD(PerParameterOptimizer):
    r"""Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay.

    .. math::
        g &\leftarrow g + \lambda\theta \\
        b &\leftarrow \mu b + (1 - \tau) g \quad (b = g \text{ at the first step}) \\
        d &= g + \mu b \text{ (Nesterov) or } b \text{ (momentum) or } g \text{ (plain)} \\
        \theta &\leftarrow \theta - \eta d

    with :math:`\mu` the momentum and :math:`\tau` the dampening.
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov}
        super().__init__(params, defaults)

    def check_group(self, group: dict) -> None:
        super().check_group(group)
        _check_range("SGD", "momentum", group["momentum"], 0.0)
        _check_range("SGD", "dampening", group["dampening"], 0.0)
        _check_range("SGD", "weight_decay", group["weight_decay"], 0.0)
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError(tr("optim.nesterov_needs_momentum", momentum=group["momentum"],
                                dampening=group["dampening"]))

    def update(self, param, grad, state, group):
        lr, momentum, weight_decay = group["lr"], group["momentum"], group["weight_decay"]
        if weight_decay != 0:
            grad = grad + weight_decay * param
        if momentum != 0:
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = grad.clone()
            else:
                state["momentum_buffer"].mul_(momentum).add_(grad, alpha=1 - group["dampening"])
            buffer = state["momentum_buffer"]
            grad = grad + momentum * buffer if group["nesterov"] else buffer
        param.add_(grad, alpha=-lr)


class Adagrad(PerParameterOptimizer):
    r"""AdaGrad: each coordinate's step shrinks with the sum of its squared gradients so far.

    .. math::
        g &\leftarrow g + \lambda\theta \\
        s &\leftarrow s + g^2 \\
        \theta &\leftarrow \theta - \frac{\eta}{1 + (t - 1)\,\delta} \cdot \frac{g}{\sqrt{s} + \epsilon}

    with :math:`\delta` the learning-rate decay and :math:`s` starting at ``initial_accumulator_value``.
    """

    def __init__(self, params, lr: float = 1e-2, lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, eps: float = 1e-10):
        defaults = {"lr": lr, "lr_decay": lr_decay, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "eps": eps}
        super().__init__(params, defaults)

    def check_group(self, group: dict) -> None:
        super().check_group(group)
        for name in ("lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            _check_range("Adagrad", name, group[name], 0.0)

    def update(self, param, grad, state, group):
        if not state:
            state["step"] = 0
            state["sum"] = torch.full_like(param, group["initial_accumulator_value"],
                                           memory_format=torch.preserve_format)
        state["step"] = step = int(state["step"]) + 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        state["sum"].addcmul_(grad, grad)
        step_lr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        param.addcdiv_(grad, state["sum"].sqrt().add_(group["eps"]), value=-step_lr)


class RMSprop(PerParameterOptimizer):
    r"""RMSProp: divide by a running root-mean-square of the gradient instead of AdaGrad's growing sum.

    .. math::
        g &\leftarrow g + \lambda\theta \\
        v &\leftarrow \alpha v + (1 - \alpha) g^2 \\
        \bar g &\leftarrow \alpha \bar g + (1 - \alpha) g, \quad
            \tilde v = v - \bar g^2 \text{ (centered) or } v \\
        b &\leftarrow \mu b + \frac{g}{\sqrt{\tilde v} + \epsilon}, \quad \theta \leftarrow \theta - \eta b
            \quad (\text{with } \mu = 0: \ \theta \leftarrow \theta - \eta \frac{g}{\sqrt{\tilde v} + \epsilon})
    """

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False):
        defaults = {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                    "momentum": momentum, "centered": centered}
        super().__init__(params, defaults)

    def check_group(self, group: dict) -> None:
        super().check_group(group)
        for name in ("eps", "weight_decay", "momentum"):
            _check_range("RMSprop", name, group[name], 0.0)
        # Stricter than PyTorch, which accepts any alpha >= 0, because with alpha >= 1 the average ignores new gradients.
        _check_range("RMSprop", "alpha", group["alpha"], 0.0, 1.0)

    def update(self, param, grad, state, group):
        alpha, momentum = group["alpha"], group["momentum"]
        if not state:
            state["step"] = 0
            state["square_avg"] = torch.zeros_like(param, memory_format=torch.preserve_format)
            if momentum > 0:
                state["momentum_buffer"] = torch.zeros_like(param, memory_format=torch.preserve_format)
            if group["centered"]:
                state["grad_avg"] = torch.zeros_like(param, memory_format=torch.preserve_format)
        state["step"] = int(state["step"]) + 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        square_avg = state["square_avg"]
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg.mul_(alpha).add_(grad, alpha=1 - alpha)
            denominator = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_().add_(group["eps"])
        else:
            denominator = square_avg.sqrt().add_(group["eps"])
        if momentum > 0:
            buffer = state["momentum_buffer"]
            buffer.mul_(momentum).addcdiv_(grad, denominator)
            param.add_(buffer, alpha=-group["lr"])
        else:
            param.addcdiv_(grad, denominator, value=-group["lr"])


class Adam(PerParameterOptimizer):
    r"""Adam: momentum on the gradient, RMSProp's scaling, and a bias correction of both averages.

    .. math::
        g &\leftarrow g + \lambda\theta \\
        m &\leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2 \\
        \hat m &= \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t} \\
        \theta &\leftarrow \theta - \eta \frac{\hat m}{\sqrt{\hat v} + \epsilon}

    ``bias_correction=False`` uses :math:`m` and :math:`v` in place of
    :math:`\hat m` and :math:`\hat v`, to show why the correction exists:
    both averages start at zero, so early on they underestimate their targets.
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, bias_correction: bool = True):
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "bias_correction": bias_correction}
        super().__init__(params, defaults)

    def check_group(self, group: dict) -> None:
        super().check_group(group)
        name = type(self).__name__
        betas = group["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(tr("optim.bad_betas", optimizer=name, value=betas))
        _check_range(name, "betas[0]", betas[0], 0.0, 1.0)
        _check_range(name, "betas[1]", betas[1], 0.0, 1.0)
        _check_range(name, "eps", group["eps"], 0.0)
        _check_range(name, "weight_decay", group["weight_decay"], 0.0)

    def decay_weights(self, param: torch.Tensor, grad: torch.Tensor, group: dict) -> torch.Tensor:
        """Apply weight decay as L2 regularization: add :math:`\\lambda\\theta` to the gradient."""
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        return grad

    def update(self, param, grad, state, group):
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = torch.zeros_like(param, memory_format=torch.preserve_format)
            state["exp_avg_sq"] = torch.zeros_like(param, memory_format=torch.preserve_format)
        state["step"] = step = int(state["step"]) + 1
        grad = self.decay_weights(param, grad, group)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)                 # m
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)    # v
        if group["bias_correction"]:
            correction1 = 1 - beta1 ** step
            correction2 = 1 - beta2 ** step
        else:
            correction1 = correction2 = 1.0
        denominator = (exp_avg_sq.sqrt() / math.sqrt(correction2)).add_(group["eps"])   # sqrt(v_hat) + eps
        param.addcdiv_(exp_avg, denominator, value=-group["lr"] / correction1)         # m_hat / (...)


class AdamW(Adam):
    r"""AdamW: Adam with weight decay taken out of the gradient and applied to the weights directly.

    .. math::
        \theta \leftarrow \theta - \eta\lambda\theta, \text{ then Adam's update with } \lambda = 0

    With plain Adam, :math:`\lambda\theta` is divided by :math:`\sqrt{\hat v}`, so
    weights with large gradients are barely decayed. Here every weight shrinks
    by the same fraction :math:`\eta\lambda` each step.
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, bias_correction: bool = True):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         bias_correction=bias_correction)

    def decay_weights(self, param: torch.Tensor, grad: torch.Tensor, group: dict) -> torch.Tensor:
        """Shrink ``param`` in place by the factor 1 - lr * weight_decay; the gradient is unchanged."""
        if group["weight_decay"] != 0:
            param.mul_(1 - group["lr"] * group["weight_decay"])
        return grad


@torch.no_grad()
def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0) -> torch.Tensor:
    r"""Scale all gradients together so that their joint norm is at most ``max_norm``; return the norm before.

    ``max_norm=float("inf")`` only measures the norm.

    The joint norm is that of every gradient concatenated into one vector,
    :math:`\lVert g \rVert = (\sum_i \lVert g_i \rVert_p^p)^{1/p}`. When it
    exceeds ``max_norm``, every gradient is multiplied by
    ``max_norm / (norm + 1e-6)``, so the direction of the step is kept and only its
    length changes. The same rule as ``torch.nn.utils.clip_grad_norm_``.
    """
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    grads = [p.grad for p in parameters if p.grad is not None]
    if not (isinstance(max_norm, Real) and not isinstance(max_norm, bool) and max_norm >= 0):
        # As in PyTorch, float("inf") is allowed and only measures the norm.
        raise ValueError(tr("optim.bad_hyperparameter", optimizer="clip_grad_norm_", name="max_norm", value=max_norm,
                            rule=tr("optim.rule_max_norm")))
    if not grads:
        return torch.tensor(0.0)
    norms = torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])
    total_norm = torch.linalg.vector_norm(norms, norm_type)
    scale = torch.clamp(max_norm / (total_norm + 1e-6), max=1.0)
    for g in grads:
        g.mul_(scale)
    return total_norm


def label(name: str) -> str:
    """Return the display name of the optimizer ``name`` (one of :data:`NAMES`) in the learner's language."""
    if name not in NAMES:
        raise ValueError(tr("optim.unknown_name", name=name, choices=", ".join(NAMES)))
    return tr(f"optim.name_{name}")


def create(name: str, params, lr: float, momentum: float = 0.9, betas: tuple[float, float] = (0.9, 0.999),
           weight_decay: float = 0.0) -> PerParameterOptimizer:
    """Build the optimizer ``name`` (one of :data:`NAMES`) over ``params``.

    ``momentum`` is used by "momentum" and "nesterov", ``betas`` by "adam"
    and "adamw"; the others keep their defaults. AdamW gets PyTorch's default
    weight decay 0.01 when ``weight_decay`` is 0, since without it AdamW is Adam.
    """
    if name == "sgd":
        return SGD(params, lr=lr, weight_decay=weight_decay)
    if name in ("momentum", "nesterov"):
        return SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=name == "nesterov")
    if name == "adagrad":
        return Adagrad(params, lr=lr, weight_decay=weight_decay)
    if name == "rmsprop":
        return RMSprop(params, lr=lr, weight_decay=weight_decay)
    if name == "adam":
        return Adam(params, lr=lr, betas=betas, weight_decay=weight_decay)
    if name == "adamw":
        return AdamW(params, lr=lr, betas=betas, weight_decay=weight_decay or 1e-2)
    raise ValueError(tr("optim.unknown_name", name=name, choices=", ".join(NAMES)))
