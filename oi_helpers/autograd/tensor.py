"""A reverse-mode automatic differentiation engine on NumPy arrays.

The same idea as the scalar engine, vectorised: a :class:`Tensor` wraps a
float64 array, remembers the tensors it was computed from and a function that
maps the gradient of the output to the gradients of those inputs. Each
operation below defines that backward function right after its forward rule.

Broadcasting: when NumPy stretched an input to a larger shape in the forward
pass (a bias of shape (n,) added to every row of a (batch, n) matrix), each
copy contributed to the output. The input's gradient is therefore the sum of
the gradients of all copies, which :func:`unbroadcast` computes.
"""
from __future__ import annotations

import numpy as np

from ..i18n import tr
from .graph import topological_order


def unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``grad`` down to ``shape``, undoing NumPy broadcasting.

    Broadcasting adds leading axes and stretches axes of length 1, so the
    gradient is summed over the added leading axes, then over every axis
    where ``shape`` has length 1 (keeping that axis).
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _as_tensor(value) -> "Tensor":
    return value if isinstance(value, Tensor) else Tensor(value)


class Tensor:
    """An array in a computational graph, with its gradient.

    ``data`` is a float64 NumPy array and ``grad`` an array of the same shape
    holding d(output)/d(data) after ``output.backward()``. ``op`` names the
    operation that produced the tensor ("" for a leaf) and ``label`` is an
    optional name used when drawing the graph.
    """

    __slots__ = ("data", "grad", "children", "_backward", "op", "label")

    def __init__(self, data, children: tuple = (), _backward=None, op: str = "", label: str = ""):
        self.data = np.asarray(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self.children = children
        # Maps the output's gradient to one gradient per child, each of that child's shape.
        self._backward = _backward
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Tensor({name}shape={self.data.shape}, op={self.op!r})"

    @property
    def shape(self) -> tuple:
        return self.data.shape

    # --- elementwise arithmetic with broadcasting ------------------------------------
    def __add__(self, other):
        other = _as_tensor(other)
        a, b = self, other

        def backward(grad):
            return unbroadcast(grad, a.data.shape), unbroadcast(grad, b.data.shape)

        return Tensor(a.data + b.data, (a, b), backward, "+")

    __radd__ = __add__

    def __sub__(self, other):
        other = _as_tensor(other)
        a, b = self, other

        def backward(grad):
            return unbroadcast(grad, a.data.shape), unbroadcast(-grad, b.data.shape)

        return Tensor(a.data - b.data, (a, b), backward, "-")

    def __rsub__(self, other):
        return _as_tensor(other) - self

    def __neg__(self):
        return Tensor(-self.data, (self,), lambda grad: (-grad,), "neg")

    def __mul__(self, other):
        other = _as_tensor(other)
        a, b = self, other

        def backward(grad):
            return unbroadcast(grad * b.data, a.data.shape), unbroadcast(grad * a.data, b.data.shape)

        return Tensor(a.data * b.data, (a, b), backward, "*")

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _as_tensor(other)
        a, b = self, other

        def backward(grad):
            return (unbroadcast(grad / b.data, a.data.shape),
                    unbroadcast(-grad * a.data / b.data ** 2, b.data.shape))

        return Tensor(a.data / b.data, (a, b), backward, "/")

    def __rtruediv__(self, other):
        return _as_tensor(other) / self

    def __pow__(self, exponent):
        if not isinstance(exponent, (int, float)) or isinstance(exponent, bool):
            raise TypeError(tr("autograd.pow_exponent", kind=type(exponent).__name__))
        a = self

        def backward(grad):
            return (grad * exponent * a.data ** (exponent - 1),)

        return Tensor(a.data ** exponent, (a,), backward, f"**{exponent:g}")

    # --- matrix multiply ----------------------------------------------------------------
    def __matmul__(self, other):
        other = _as_tensor(other)
        a, b = self, other
        if a.data.ndim < 2 or b.data.ndim < 2:
            raise ValueError(tr("autograd.matmul_ndim", left=a.data.shape, right=b.data.shape))

        def backward(grad):
            # C = A @ B, so dA = dC @ B^T and dB = A^T @ dC; batch axes may have broadcast.
            grad_a = grad @ np.swapaxes(b.data, -1, -2)
            grad_b = np.swapaxes(a.data, -1, -2) @ grad
            return unbroadcast(grad_a, a.data.shape), unbroadcast(grad_b, b.data.shape)

        return Tensor(a.data @ b.data, (a, b), backward, "@")

    # --- reductions ------------------------------------------------------------------------
    def sum(self, axis=None, keepdims: bool = False):
        a = self

        def backward(grad):
            # Every input element contributed once to its sum: copy the gradient back along ``axis``.
            if axis is not None and not keepdims:
                grad = np.expand_dims(grad, axis)
            return (np.broadcast_to(grad, a.data.shape),)

        return Tensor(a.data.sum(axis=axis, keepdims=keepdims), (a,), backward, "sum")

    def mean(self, axis=None, keepdims: bool = False):
        total = self.sum(axis=axis, keepdims=keepdims)
        return total * (total.data.size / self.data.size)

    # --- elementwise functions ------------------------------------------------------------
    def relu(self):
        a = self
        return Tensor(np.maximum(a.data, 0.0), (a,), lambda grad: (grad * (a.data > 0),), "relu")

    def tanh(self):
        out = np.tanh(self.data)
        return Tensor(out, (self,), lambda grad: (grad * (1.0 - out * out),), "tanh")

    def exp(self):
        out = np.exp(self.data)
        return Tensor(out, (self,), lambda grad: (grad * out,), "exp")

    def log(self):
        if np.any(self.data <= 0):
            raise ValueError(tr("autograd.log_domain", value=float(self.data.min())))
        a = self
        return Tensor(np.log(a.data), (a,), lambda grad: (grad / a.data,), "log")

    # --- shape -------------------------------------------------------------------------------
    def reshape(self, *shape):
        a = self
        return Tensor(a.data.reshape(*shape), (a,), lambda grad: (grad.reshape(a.data.shape),), "reshape")

    @property
    def T(self):
        return Tensor(self.data.T, (self,), lambda grad: (grad.T,), "T")

    # --- reverse mode ------------------------------------------------------------------------
    def backward(self) -> None:
        """Fill ``grad`` of every tensor this one depends on with d(self)/d(tensor).

        A non-scalar output is treated as the sum of its elements (its
        gradient is seeded with ones). As in the scalar engine, leaves add to
        the gradient they already hold, and intermediate tensors are reset
        to zero first.
        """
        order = topological_order(self)
        for node in order:
            if node.children:
                node.grad = np.zeros_like(node.data)
        self.grad = self.grad + 1.0
        for node in reversed(order):
            if node._backward is None:
                continue
            for child, grad in zip(node.children, node._backward(node.grad)):
                child.grad = child.grad + grad


def cross_entropy(logits: Tensor, targets) -> Tensor:
    """Return the mean softmax cross-entropy, in nats, of ``logits`` (N, C) against integer ``targets`` (N,).

    The forward pass subtracts each row's maximum before exponentiating
    (log-sum-exp), so large logits do not overflow. Its gradient with respect
    to the logits is (softmax(logits) - one_hot(targets)) / N.
    """
    logits = _as_tensor(logits)
    targets = np.asarray(targets)
    if logits.data.ndim != 2 or targets.shape != (logits.data.shape[0],):
        raise ValueError(tr("autograd.cross_entropy_shapes", logits=logits.data.shape, targets=targets.shape))
    if not np.issubdtype(targets.dtype, np.integer) or targets.min() < 0 or targets.max() >= logits.data.shape[1]:
        raise ValueError(tr("autograd.bad_targets", classes=logits.data.shape[1]))
    n = logits.data.shape[0]
    shifted = logits.data - logits.data.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))   # (N, C)
    loss = -log_probs[np.arange(n), targets].mean()

    def backward(grad):
        dlogits = np.exp(log_probs)                                            # softmax, (N, C)
        dlogits[np.arange(n), targets] -= 1.0
        return (dlogits * (grad / n),)

    return Tensor(loss, (logits,), backward, "cross_entropy")
