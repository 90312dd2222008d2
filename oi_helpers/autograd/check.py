"""Gradient checks: central differences, and a table comparing two sets of gradients."""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..i18n import tr


def _to_array(value) -> np.ndarray:
    """Convert a float, NumPy array or torch tensor to a float64 array."""
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def numerical_gradient(f: Callable, inputs, eps: float = 1e-6) -> list:
    """Estimate the gradient of ``f`` at ``inputs`` by central differences.

    ``inputs`` is a list of floats or NumPy arrays and ``f(*inputs)`` returns
    a number. For every element x of every input, the estimate is
    (f(x + eps) - f(x - eps)) / (2 eps), whose error shrinks like eps^2 until
    floating-point rounding, of order 1e-16 / eps, takes over. Returns one
    float or array per input, shaped like that input.
    """
    arrays = [np.array(x, dtype=np.float64) for x in inputs]
    gradients = []
    for index, array in enumerate(arrays):
        gradient = np.zeros_like(array)
        for position in np.ndindex(array.shape):
            original = array[position]
            array[position] = original + eps
            f_plus = f(*[a if a.ndim else float(a) for a in arrays])
            array[position] = original - eps
            f_minus = f(*[a if a.ndim else float(a) for a in arrays])
            array[position] = original
            gradient[position] = (float(f_plus) - float(f_minus)) / (2 * eps)
        gradients.append(gradient if np.ndim(inputs[index]) else float(gradient))
    return gradients


def compare_gradients(results: dict, rtol: float = 1e-5, atol: float = 1e-8, show: bool = True) -> bool:
    """Print, for each named gradient, whether ours equals the reference exactly, closely, and the max difference.

    ``results`` maps a name to a pair (ours, reference). Each side may be a
    float, a NumPy array or a torch tensor (pass ``x.grad``, not ``x``).
    "close" means ``np.allclose(ours, reference,
    rtol, atol)``. Returns True when every pair is close.
    """
    rows = []
    all_close = True
    for name, (ours, reference) in results.items():
        a, b = _to_array(ours), _to_array(reference)
        if a.shape != b.shape:
            rows.append((name, False, False, tr("autograd.shape_mismatch", ours=a.shape, reference=b.shape)))
            all_close = False
            continue
        exact = bool(np.array_equal(a, b))
        near = bool(np.allclose(a, b, rtol=rtol, atol=atol))
        difference = float(np.max(np.abs(a - b))) if a.size else 0.0
        rows.append((name, exact, near, f"{difference:.2e}"))
        all_close = all_close and near
    if show:
        _print_table(rows)
    return all_close


def _print_table(rows) -> None:
    yes, no = tr("autograd.yes"), tr("autograd.no")
    header = (tr("autograd.col_gradient"), tr("autograd.col_exact"), tr("autograd.col_close"), tr("autograd.col_max_diff"))
    cells = [header] + [(name, yes if exact else no, yes if near else no, diff) for name, exact, near, diff in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(4)]
    for row in cells:
        print("  ".join(_pad(text, width) for text, width in zip(row, widths)).rstrip())


def _width(text: str) -> int:
    """Return the display width of ``text``: CJK characters take two columns in a monospaced font."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
