"""Automatic differentiation built from scratch, to check against PyTorch.

``Value`` is a scalar engine (one graph node per number) and ``Tensor`` the
same reverse-mode algorithm on NumPy arrays. ``MLP`` and ``TensorMLP`` are
small networks built on them; :mod:`.check` compares gradients and
:mod:`.draw` draws a computational graph with matplotlib.
"""
from .check import compare_gradients, numerical_gradient
from .draw import draw_graph
from .graph import topological_order
from .nn import MLP, TensorMLP
from .scalar import Value
from .tensor import Tensor, cross_entropy, unbroadcast

__all__ = ["MLP", "Tensor", "TensorMLP", "Value", "compare_gradients", "cross_entropy", "draw_graph",
           "numerical_gradient", "topological_order", "unbroadcast"]
