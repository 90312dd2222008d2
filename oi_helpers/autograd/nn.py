"""Multi-layer perceptrons built on the course's own autograd engines.

:class:`MLP` is made of scalar :class:`~oi_helpers.autograd.scalar.Value`
objects, one per weight, so every multiply and add is a node in the graph.
:class:`TensorMLP` has one :class:`~oi_helpers.autograd.tensor.Tensor` per
weight matrix and bias. Both initialise weights uniformly in [-1, 1) from
their own NumPy generator and ReLU every layer but the last.
"""
from __future__ import annotations

import numpy as np

from ..i18n import tr
from .scalar import Value
from .tensor import Tensor

ACTIVATIONS = ("relu", "tanh")


def _check_sizes(sizes) -> list[int]:
    sizes = list(sizes)
    if len(sizes) < 2 or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise ValueError(tr("autograd.bad_sizes", sizes=sizes))
    return [int(n) for n in sizes]


def _check_activation(activation: str) -> str:
    if activation not in ACTIVATIONS:
        raise ValueError(tr("autograd.bad_activation", value=repr(activation), choices=", ".join(ACTIVATIONS)))
    return activation


class Neuron:
    """One neuron: ``activation(w · x + b)`` with ``n_inputs`` weights and a bias, all Values."""

    def __init__(self, n_inputs: int, activation: str | None, rng: np.random.Generator):
        self.w = [Value(float(w)) for w in rng.uniform(-1.0, 1.0, n_inputs)]
        self.b = Value(0.0)
        self.activation = activation

    def __call__(self, x) -> Value:
        """Return the neuron's output for ``x``, a sequence of ``n_inputs`` floats or Values."""
        total = self.b
        for w, xi in zip(self.w, x):
            total = total + w * xi
        if self.activation == "relu":
            return total.relu()
        if self.activation == "tanh":
            return total.tanh()
        return total

    def parameters(self) -> list[Value]:
        return self.w + [self.b]


class Layer:
    """``n_outputs`` neurons that each see the same ``n_inputs`` inputs."""

    def __init__(self, n_inputs: int, n_outputs: int, activation: str | None, rng: np.random.Generator):
        self.neurons = [Neuron(n_inputs, activation, rng) for _ in range(n_outputs)]

    def __call__(self, x) -> list[Value]:
        return [neuron(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """A multi-layer perceptron of scalar Values, for example ``MLP([2, 16, 16, 1])``.

    ``sizes`` lists the width of the input, of each hidden layer and of the
    output. Hidden layers use ``activation`` ("relu" or "tanh"); the last layer
    is linear. Calling the model on one example (a sequence of floats) returns
    a list of output Values, or the single Value when the output width is 1.
    """

    def __init__(self, sizes, activation: str = "relu", seed: int = 0):
        self.sizes = _check_sizes(sizes)
        activation = _check_activation(activation)
        rng = np.random.default_rng(seed)
        last = len(self.sizes) - 2
        self.layers = [Layer(n_in, n_out, activation if i < last else None, rng)
                       for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0

    def weight_matrices(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Return each layer's weights as NumPy arrays: ``W`` of shape (n_inputs, n_outputs) and ``b`` of shape (n_outputs,)."""
        return [(np.array([[w.data for w in n.w] for n in layer.neurons]).T,
                 np.array([n.b.data for n in layer.neurons]))
                for layer in self.layers]

    def __repr__(self) -> str:
        return f"MLP(sizes={self.sizes}, parameters={len(self.parameters())})"


class TensorMLP:
    """A multi-layer perceptron of Tensors: ``X`` of shape (batch, sizes[0]) to (batch, sizes[-1]).

    Same architecture and, for the same seed, the same initial weights as
    :class:`MLP`, with one
    weight matrix ``W`` of shape (n_inputs, n_outputs) and one bias ``b`` of
    shape (n_outputs,) per layer.
    """

    def __init__(self, sizes, activation: str = "relu", seed: int = 0):
        self.sizes = _check_sizes(sizes)
        self.activation = _check_activation(activation)
        rng = np.random.default_rng(seed)
        # Drawn neuron by neuron, as MLP draws them, so the same seed gives the same weights.
        self.layers = [(Tensor(rng.uniform(-1.0, 1.0, (n_out, n_in)).T), Tensor(np.zeros(n_out)))
                       for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]

    def __call__(self, X) -> Tensor:
        x = X if isinstance(X, Tensor) else Tensor(X)
        for i, (W, b) in enumerate(self.layers):
            x = x @ W + b
            if i < len(self.layers) - 1:
                x = x.relu() if self.activation == "relu" else x.tanh()
        return x

    def parameters(self) -> list[Tensor]:
        return [p for layer in self.layers for p in layer]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = np.zeros_like(p.data)

    def __repr__(self) -> str:
        count = sum(p.data.size for p in self.parameters())
        return f"TensorMLP(sizes={self.sizes}, parameters={count})"
