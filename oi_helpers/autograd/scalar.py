"""A scalar reverse-mode automatic differentiation engine.

Each :class:`Value` stores one number and, unless it is a leaf, the one or
two operands it was computed from together with the local derivatives
d(this)/d(operand), computed in the forward pass right next to the forward
rule. ``backward()`` walks the graph from the output in reverse topological
order and applies the chain rule: each operand's gradient grows by local
derivative times this node's gradient.

Plain numbers mixed into an expression (``x * 2.0``) are constants: they get
no node of their own, because nothing needs their gradient.

Inputs outside an operation's domain (division by zero, ``exp`` of a number
above about 709.78, ``0 ** -1``) raise an error that names the operation and
the value, translated for the learner, rather than returning inf or NaN.

Speed: operands sit in two slots (``_a``, ``_b``) rather than in a tuple, so
each operation allocates one object that Python's cyclic garbage collector
tracks instead of three. A graph also contains no reference cycles, so
reference counting frees it as soon as the last reference to its output goes
away.
"""
from __future__ import annotations

import math
import numbers

from ..i18n import tr
from .graph import topological_order


class Value:
    """One scalar in a computational graph, with its gradient.

    ``data`` is the value (a float), ``grad`` is d(output)/d(this value) after
    ``output.backward()``, ``op`` names the operation that produced it ("" for
    a leaf) and ``label`` is an optional name used when drawing the graph.
    ``_a`` and ``_b`` are the operands (None when absent), ``_da`` and ``_db``
    the local derivatives d(self)/d(_a) and d(self)/d(_b).

    ``data`` must be a real number (int, float or a NumPy scalar, not bool),
    and is stored as a float. ``<``, ``<=``, ``>`` and ``>=`` compare ``data``
    and return a plain bool, which is not part of the graph. ``==`` stays
    identity, so nodes can be keys of sets and dicts.
    """

    __slots__ = ("data", "grad", "op", "label", "_a", "_da", "_b", "_db")

    def __init__(self, data, _a=None, _da=0.0, _b=None, _db=0.0, op: str = "", label: str = ""):
        if type(data) is not float:  # the exact-type test keeps the common case fast
            if isinstance(data, bool) or not isinstance(data, numbers.Real):
                raise TypeError(tr("autograd.value_type", kind=type(data).__name__, value=repr(data)))
            data = float(data)
        self.data = data
        self.grad = 0.0
        self.op = op
        self.label = label
        self._a = _a
        self._da = _da
        self._b = _b
        self._db = _db

    @classmethod
    def from_op(cls, data, operands: tuple, local_grads: tuple, op: str) -> "Value":
        """Return a new node computed from one or two ``operands``, with d(new)/d(operand) in ``local_grads``.

        This is how a new operation joins the engine: compute the forward value
        and the local derivatives, and ``backward()`` does the rest. Example::

            def square(x: Value) -> Value:
                return Value.from_op(x.data ** 2, (x,), (2 * x.data,), "square")
        """
        if len(operands) not in (1, 2) or len(local_grads) != len(operands):
            raise ValueError(tr("autograd.bad_operands", operands=len(operands), local_grads=len(local_grads)))
        if len(operands) == 1:
            return cls(data, operands[0], local_grads[0], None, 0.0, op)
        return cls(data, operands[0], local_grads[0], operands[1], local_grads[1], op)

    @property
    def children(self) -> tuple:
        """The operands this value was computed from: (), (a,) or (a, b)."""
        if self._a is None:
            return ()
        if self._b is None:
            return (self._a,)
        return (self._a, self._b)

    @property
    def local_grads(self) -> tuple:
        """The local derivatives d(self)/d(child), one per entry of ``children``."""
        if self._a is None:
            return ()
        if self._b is None:
            return (self._da,)
        return (self._da, self._db)

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- comparisons of data, outside the graph ----------------------------------------
    def __lt__(self, other):
        return self.data < _data_of(other)

    def __le__(self, other):
        return self.data <= _data_of(other)

    def __gt__(self, other):
        return self.data > _data_of(other)

    def __ge__(self, other):
        return self.data >= _data_of(other)

    # --- arithmetic: forward rule, then the local derivatives -------------------------
    def __add__(self, other):
        if isinstance(other, Value):
            # d(a + b)/da = 1, d(a + b)/db = 1
            return Value(self.data + other.data, self, 1.0, other, 1.0, "+")
        return Value(self.data + other, self, 1.0, None, 0.0, "+")

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, Value):
            # d(a - b)/da = 1, d(a - b)/db = -1
            return Value(self.data - other.data, self, 1.0, other, -1.0, "-")
        return Value(self.data - other, self, 1.0, None, 0.0, "-")

    def __rsub__(self, other):
        # c - a: d/da = -1
        return Value(other - self.data, self, -1.0, None, 0.0, "-")

    def __neg__(self):
        return Value(-self.data, self, -1.0, None, 0.0, "neg")

    def __mul__(self, other):
        if isinstance(other, Value):
            # d(a*b)/da = b, d(a*b)/db = a
            return Value(self.data * other.data, self, other.data, other, self.data, "*")
        return Value(self.data * other, self, other, None, 0.0, "*")

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, Value):
            if other.data == 0:
                raise ZeroDivisionError(tr("autograd.division_by_zero", numerator=self.data, denominator=other.data))
            # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            return Value(self.data / other.data, self, 1.0 / other.data, other, -self.data / other.data ** 2, "/")
        if other == 0:
            raise ZeroDivisionError(tr("autograd.division_by_zero", numerator=self.data, denominator=other))
        return Value(self.data / other, self, 1.0 / other, None, 0.0, "/")

    def __rtruediv__(self, other):
        if self.data == 0:
            raise ZeroDivisionError(tr("autograd.division_by_zero", numerator=other, denominator=self.data))
        # c / a: d/da = -c/a^2
        return Value(other / self.data, self, -other / self.data ** 2, None, 0.0, "/")

    def __pow__(self, exponent):
        if not isinstance(exponent, (int, float)) or isinstance(exponent, bool):
            raise TypeError(tr("autograd.pow_exponent", kind=type(exponent).__name__))
        try:
            out = self.data ** exponent
            if isinstance(out, complex):  # a negative base with a fractional exponent
                raise ValueError(tr("autograd.pow_domain", base=self.data, exponent=exponent))
            # d(a^n)/da = n * a^(n-1)
            local_grad = exponent * self.data ** (exponent - 1)
        except ZeroDivisionError:  # 0 ** n with n < 0, or the derivative of 0 ** n with 0 < n < 1
            raise ZeroDivisionError(tr("autograd.pow_zero", exponent=exponent)) from None
        except OverflowError:
            raise OverflowError(tr("autograd.overflow", expression=f"{self.data:g} ** {exponent:g}")) from None
        return Value(out, self, local_grad, None, 0.0, f"**{exponent:g}")

    # --- functions of one value -------------------------------------------------------
    def exp(self):
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(tr("autograd.overflow", expression=f"exp({self.data:g})")) from None
        return Value(out, self, out, None, 0.0, "exp")  # d(e^a)/da = e^a

    def log(self):
        if self.data <= 0:
            raise ValueError(tr("autograd.log_domain", value=self.data))
        return Value(math.log(self.data), self, 1.0 / self.data, None, 0.0, "log")  # d(ln a)/da = 1/a

    def tanh(self):
        out = math.tanh(self.data)
        return Value(out, self, 1.0 - out * out, None, 0.0, "tanh")  # d(tanh a)/da = 1 - tanh(a)^2

    def relu(self):
        if self.data > 0:
            return Value(self.data, self, 1.0, None, 0.0, "relu")
        return Value(0.0, self, 0.0, None, 0.0, "relu")  # the derivative at exactly 0 is taken as 0, as in PyTorch

    # --- reverse mode -----------------------------------------------------------------
    def backward(self) -> None:
        """Fill ``grad`` of every node this value depends on with d(self)/d(node).

        Leaves (nodes with no operands, such as weights and inputs) add to the
        gradient they already hold, as PyTorch does, so gradients from several
        backward calls sum up until you set them back to zero. Intermediate
        nodes are reset to zero first, so their ``grad`` after the call is
        d(self)/d(node) for this call alone.
        """
        order = topological_order(self)
        for node in order:
            if node._a is not None:
                node.grad = 0.0
        self.grad += 1.0
        for node in reversed(order):
            a = node._a
            if a is None:  # a leaf
                continue
            grad = node.grad
            a.grad += node._da * grad
            b = node._b
            if b is not None:
                b.grad += node._db * grad


def _data_of(other) -> float:
    """Return the number a comparison with a Value uses: ``other.data`` for a Value, else ``other`` itself."""
    return other.data if isinstance(other, Value) else other
