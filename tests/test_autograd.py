"""The scalar and tensor autograd engines, checked against PyTorch in float64."""
from __future__ import annotations

import sys

import matplotlib
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays, mutually_broadcastable_shapes

from oi_helpers.autograd import (MLP, Tensor, TensorMLP, Value, compare_gradients, cross_entropy, draw_graph,
                                 numerical_gradient, topological_order, unbroadcast)

matplotlib.use("Agg")

TOLERANCE = 1e-6


def close(ours, theirs) -> bool:
    return bool(np.allclose(ours, theirs, rtol=TOLERANCE, atol=TOLERANCE))


# --- random expression graphs --------------------------------------------------------------

# Each operation: how to apply it to Values, and to torch tensors. Operands that
# would leave a function's domain are first mapped into it (log of x^2 + 0.5).
UNARY = {
    "neg": (lambda a: -a, lambda a: -a),
    "tanh": (lambda a: a.tanh(), torch.tanh),
    "relu": (lambda a: a.relu(), torch.relu),
    "exp_tanh": (lambda a: a.tanh().exp(), lambda a: torch.exp(torch.tanh(a))),
    "log": (lambda a: (a * a + 0.5).log(), lambda a: torch.log(a * a + 0.5)),
    "square": (lambda a: a ** 2, lambda a: a ** 2),
    "cube": (lambda a: a ** 3, lambda a: a ** 3),
    "sqrt": (lambda a: (a * a + 0.25) ** 0.5, lambda a: (a * a + 0.25) ** 0.5),
    "inverse": (lambda a: 1.0 / (a * a + 1.0), lambda a: 1.0 / (a * a + 1.0)),
}
BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / (b * b + 1.0), lambda a, b: a / (b * b + 1.0)),
}
WITH_CONSTANT = {
    "add_c": (lambda a, c: a + c, lambda a, c: a + c),
    "radd_c": (lambda a, c: c + a, lambda a, c: c + a),
    "rsub_c": (lambda a, c: c - a, lambda a, c: c - a),
    "sub_c": (lambda a, c: a - c, lambda a, c: a - c),
    "mul_c": (lambda a, c: a * c, lambda a, c: a * c),
    "rmul_c": (lambda a, c: c * a, lambda a, c: c * a),
    "div_c": (lambda a, c: a / (c * c + 1.0), lambda a, c: a / (c * c + 1.0)),
    "rdiv_c": (lambda a, c: c / (a * a + 1.0), lambda a, c: c / (a * a + 1.0)),
}

finite = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False, allow_infinity=False)


@st.composite
def programs(draw):
    """A random expression: leaf values, then operations whose operands are any earlier node (reuse allowed)."""
    leaves = draw(st.lists(finite, min_size=1, max_size=4))
    steps = []
    for index in range(draw(st.integers(min_value=1, max_value=25))):
        available = len(leaves) + index
        kind = draw(st.sampled_from(["unary", "binary", "constant"]))
        if kind == "unary":
            steps.append((kind, draw(st.sampled_from(sorted(UNARY))), draw(st.integers(0, available - 1)), None))
        elif kind == "binary":
            steps.append((kind, draw(st.sampled_from(sorted(BINARY))), draw(st.integers(0, available - 1)),
                          draw(st.integers(0, available - 1))))
        else:
            steps.append((kind, draw(st.sampled_from(sorted(WITH_CONSTANT))), draw(st.integers(0, available - 1)),
                          draw(finite)))
    return leaves, steps


def run_program(leaves, steps, make_leaf, engine: int):
    """Build the expression with one engine (0: Value, 1: torch); returns (leaf nodes, output)."""
    inputs = [make_leaf(x) for x in leaves]
    nodes = list(inputs)
    for kind, name, first, second in steps:
        if kind == "unary":
            nodes.append(UNARY[name][engine](nodes[first]))
        elif kind == "binary":
            nodes.append(BINARY[name][engine](nodes[first], nodes[second]))
        else:
            nodes.append(WITH_CONSTANT[name][engine](nodes[first], second))
    # The output mixes the last node with a reused earlier one, so several paths reach the leaves.
    output = nodes[-1] * nodes[len(nodes) // 2] + nodes[-1]
    return inputs, output


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_value_gradients_match_torch(program):
    leaves, steps = program
    values, output = run_program(leaves, steps, Value, 0)
    tensors, reference = run_program(leaves, steps, lambda x: torch.tensor(x, dtype=torch.float64,
                                                                           requires_grad=True), 1)
    assert close(output.data, reference.item())
    output.backward()
    reference.backward()
    for value, tensor in zip(values, tensors):
        expected = 0.0 if tensor.grad is None else tensor.grad.item()
        assert close(value.grad, expected), (value.grad, expected)


def test_value_reused_node_accumulates():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0


def test_value_same_operand_twice():
    x = Value(-1.5)
    (x + x).backward()
    assert x.grad == 2.0


def test_value_backward_twice_doubles_leaf_grads():
    a, b = Value(2.0), Value(-3.0)
    product = a * b
    out = (product + 1.0).tanh()
    out.backward()
    first_a, first_product = a.grad, product.grad
    out.backward()
    assert a.grad == pytest.approx(2 * first_a)
    assert product.grad == pytest.approx(first_product)  # intermediates are recomputed, not summed


def test_value_deep_chain_no_recursion_error():
    depth = 20 * sys.getrecursionlimit()
    x = Value(0.5)
    y = x
    for _ in range(depth):
        y = y * 1.0 + 0.0
    y = y.tanh()
    y.backward()
    assert x.grad == pytest.approx(1 - np.tanh(0.5) ** 2)


def test_value_constants_create_no_nodes():
    x = Value(2.0)
    y = 3.0 * x + 1.0
    assert len(topological_order(y)) == 3
    assert all(isinstance(node, Value) for node in topological_order(y))


def test_value_relu_derivative_at_zero():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_value_pow_rejects_value_exponent():
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(3.0)


def test_value_log_rejects_non_positive():
    with pytest.raises(ValueError, match="positive"):
        Value(0.0).log()


def test_topological_order_children_first():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    position = {node: i for i, node in enumerate(order)}
    assert len(order) == 5
    for node in order:
        for child in node.children:
            assert position[child] < position[node]


# --- tensor engine ---------------------------------------------------------------------------

def as_torch(array: np.ndarray) -> torch.Tensor:
    return torch.tensor(array, dtype=torch.float64, requires_grad=True)


values = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=150, deadline=None)
@given(st.data(), mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4),
       st.sampled_from(["add", "sub", "mul", "div"]))
def test_tensor_broadcast_gradients(data, shapes, op):
    left_shape, right_shape = shapes.input_shapes
    left = data.draw(arrays(np.float64, left_shape, elements=values))
    right = data.draw(arrays(np.float64, right_shape, elements=values))
    if op == "div":
        right = right * right + 1.0
    functions = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b,
                 "mul": lambda a, b: a * b, "div": lambda a, b: a / b}
    a, b = Tensor(left), Tensor(right)
    out = (functions[op](a, b) * functions[op](a, b)).sum()
    out.backward()
    at, bt = as_torch(left), as_torch(right)
    reference = (functions[op](at, bt) * functions[op](at, bt)).sum()
    reference.backward()
    assert a.grad.shape == left_shape
    assert b.grad.shape == right_shape
    assert close(out.data, reference.item())
    assert close(a.grad, at.grad.numpy())
    assert close(b.grad, bt.grad.numpy())


@pytest.mark.parametrize("grad_shape, shape, expected", [
    ((3, 4), (4,), np.full(4, 3.0)),
    ((3, 4), (3, 1), np.full((3, 1), 4.0)),
    ((2, 3, 4), (1, 4), np.full((1, 4), 6.0)),
    ((2, 3), (), np.array(6.0)),
    ((3, 4), (3, 4), np.ones((3, 4))),
])
def test_unbroadcast_sums_stretched_axes(grad_shape, shape, expected):
    result = unbroadcast(np.ones(grad_shape), shape)
    assert result.shape == shape
    assert np.array_equal(result, expected)


def test_tensor_matmul_batched_broadcast():
    rng = np.random.default_rng(1)
    x_data, w_data = rng.normal(size=(2, 3, 4)), rng.normal(size=(4, 5))
    x, w = Tensor(x_data), Tensor(w_data)
    (x @ w).tanh().sum().backward()
    xt, wt = as_torch(x_data), as_torch(w_data)
    torch.tanh(xt @ wt).sum().backward()
    assert w.grad.shape == (4, 5)
    assert close(x.grad, xt.grad.numpy())
    assert close(w.grad, wt.grad.numpy())


def test_tensor_matmul_rejects_vectors():
    with pytest.raises(ValueError, match="at least 2 axes"):
        Tensor(np.ones(3)) @ Tensor(np.ones((3, 2)))


@pytest.mark.parametrize("axis, keepdims", [(None, False), (0, False), (1, True), ((0, 2), False), (-1, False)])
def test_tensor_sum_and_mean(axis, keepdims):
    rng = np.random.default_rng(2)
    data = rng.normal(size=(2, 3, 4))
    weights = rng.normal(size=np.sum(data, axis=axis, keepdims=keepdims).shape)
    for reduction in ("sum", "mean"):
        x = Tensor(data)
        (getattr(x, reduction)(axis=axis, keepdims=keepdims) * weights).sum().backward()
        xt = as_torch(data)
        dims = tuple(range(3)) if axis is None else axis
        (getattr(xt, reduction)(dim=dims, keepdim=keepdims) * torch.tensor(weights)).sum().backward()
        assert close(x.grad, xt.grad.numpy()), reduction


def test_tensor_elementwise_functions():
    rng = np.random.default_rng(3)
    data = rng.normal(size=(4, 3))
    x = Tensor(data)
    out = (x.relu() + x.tanh() * x.exp() + (x * x + 0.5).log() + (x ** 3) - x.T.T + x.reshape(3, 4).reshape(4, 3))
    out.mean().backward()
    xt = as_torch(data)
    reference = (torch.relu(xt) + torch.tanh(xt) * torch.exp(xt) + torch.log(xt * xt + 0.5) + xt ** 3
                 - xt.T.T + xt.reshape(3, 4).reshape(4, 3))
    reference.mean().backward()
    assert close(x.grad, xt.grad.numpy())


def test_tensor_cross_entropy_matches_torch():
    rng = np.random.default_rng(4)
    logits_data = rng.normal(size=(6, 5)) * 30.0  # large logits: the naive softmax would overflow in float32
    targets = np.array([0, 4, 2, 2, 1, 3])
    logits = Tensor(logits_data)
    loss = cross_entropy(logits, targets)
    loss.backward()
    logits_t = as_torch(logits_data)
    reference = torch.nn.functional.cross_entropy(logits_t, torch.tensor(targets))
    reference.backward()
    assert close(loss.data, reference.item())
    assert close(logits.grad, logits_t.grad.numpy())


@pytest.mark.parametrize("targets", [np.array([0, 3]), np.array([0.0, 1.0]), np.array([0, 1, 2]), np.array([-1, 0])])
def test_tensor_cross_entropy_rejects_bad_targets(targets):
    with pytest.raises(ValueError):
        cross_entropy(Tensor(np.zeros((2, 3))), targets)


def test_tensor_deep_chain_no_recursion_error():
    x = Tensor(np.array([0.1, -0.2]))
    y = x
    for _ in range(5 * sys.getrecursionlimit()):
        y = y + 0.0
    y.sum().backward()
    assert np.array_equal(x.grad, np.ones(2))


def test_tensor_backward_twice_doubles_leaf_grads():
    w = Tensor(np.array([[1.0, -2.0]]))
    out = (w * 3.0).sum()
    out.backward()
    out.backward()
    assert np.array_equal(w.grad, np.array([[6.0, 6.0]]))


# --- networks, checks and drawing ------------------------------------------------------------

def test_mlp_parameter_count():
    assert len(MLP([2, 16, 16, 1]).parameters()) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1


def test_mlp_rejects_bad_sizes():
    with pytest.raises(ValueError, match="layer widths"):
        MLP([2])
    with pytest.raises(ValueError, match="layer widths"):
        MLP([2, 0, 1])
    with pytest.raises(ValueError, match="activation"):
        MLP([2, 1], activation="sigmoid")


def test_mlp_and_tensor_mlp_agree():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(7, 3))
    scalar = MLP([3, 5, 4, 2], seed=11)
    tensor = TensorMLP([3, 5, 4, 2], seed=11)
    for (W, b), (W_t, b_t) in zip(scalar.weight_matrices(), tensor.layers):
        assert np.array_equal(W, W_t.data)
        assert np.array_equal(b, b_t.data)
    out_scalar = np.array([[v.data for v in scalar(x)] for x in X.tolist()])
    assert close(out_scalar, tensor(X).data)


def test_mlp_gradients_match_tensor_mlp():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(4, 2))
    scalar = MLP([2, 3, 1], activation="tanh", seed=3)
    tensor = TensorMLP([2, 3, 1], activation="tanh", seed=3)
    loss = sum(scalar(x) ** 2 for x in X.tolist()) * 0.25
    loss.backward()
    ((tensor(X) ** 2).mean()).backward()
    W1 = np.array([[w.grad for w in n.w] for n in scalar.layers[0].neurons]).T
    assert close(W1, tensor.layers[0][0].grad)


def test_numerical_gradient_matches_known_derivatives():
    dx, dy = numerical_gradient(lambda x, y: x * y + x ** 2, [2.0, 3.0])
    assert dx == pytest.approx(7.0, abs=1e-6)
    assert dy == pytest.approx(2.0, abs=1e-6)
    (dW,) = numerical_gradient(lambda W: float((W ** 2).sum()), [np.array([[1.0, -2.0]])])
    assert dW.shape == (1, 2)
    assert np.allclose(dW, [[2.0, -4.0]], atol=1e-6)


def test_compare_gradients_reports_mismatch(capsys):
    assert compare_gradients({"w": (np.ones(3), torch.ones(3, dtype=torch.float64))})
    assert not compare_gradients({"w": (np.ones(3), np.ones(3) + 1e-3)})
    assert not compare_gradients({"w": (np.ones(3), np.ones((3, 1)))})
    output = capsys.readouterr().out
    assert "shapes differ" in output
    assert "1.00e-03" in output


def test_draw_graph_small_and_too_large():
    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    out = (a * b + a).tanh()
    out.backward()
    ax = draw_graph(out)
    labels = [text.get_text() for text in ax.texts if text.get_text()]  # arrows are empty annotations
    assert len(labels) == 2 + 3 * 2  # two leaves; each of three results has a box and an operation circle
    assert "tanh" in labels
    x = Value(1.0)
    for _ in range(40):
        x = x * 1.0 + 1.0
    with pytest.raises(ValueError, match="smaller expression"):
        draw_graph(x)
    matplotlib.pyplot.close("all")


def test_value_from_op_custom_operation():
    x = Value(0.5)
    y = Value(2.0)
    square = Value.from_op(x.data ** 2, (x,), (2 * x.data,), "square")
    product = Value.from_op(square.data * y.data, (square, y), (y.data, square.data), "*")
    product.backward()
    assert x.grad == pytest.approx(2 * 0.5 * 2.0)
    assert y.grad == pytest.approx(0.25)
    with pytest.raises(ValueError, match="one or two operands"):
        Value.from_op(1.0, (x, y), (1.0,), "bad")


def test_value_pow_rejects_complex_result():
    with pytest.raises(ValueError, match="not a real number"):
        Value(-2.0) ** 0.5
    assert (Value(-2.0) ** 3).data == -8.0


@pytest.mark.parametrize("data", ["x", None, True, [1.0], np.zeros(2)])
def test_value_rejects_non_numbers(data):
    with pytest.raises(TypeError, match="real number"):
        Value(data)


def test_value_stores_numbers_as_float():
    assert type(Value(3).data) is float
    assert type(Value(np.float32(0.5)).data) is float
    assert repr(Value(2)) == "Value(data=2, grad=0)"


@pytest.mark.parametrize("divide", [lambda: Value(2.0) / 0, lambda: Value(2.0) / Value(0.0), lambda: 2.0 / Value(0.0)])
def test_value_division_by_zero_message(divide):
    with pytest.raises(ZeroDivisionError, match="Division by zero"):
        divide()


def test_value_exp_overflow_message():
    with pytest.raises(OverflowError, match=r"exp\(1000\) is too large"):
        Value(1000.0).exp()
    assert Value(700.0).exp().data > 1e300


def test_value_pow_overflow_and_zero_base():
    with pytest.raises(OverflowError, match="too large"):
        Value(10.0) ** 1000
    with pytest.raises(ZeroDivisionError, match="base 0"):
        Value(0.0) ** -1
    with pytest.raises(ZeroDivisionError, match="base 0"):
        Value(0.0) ** 0.5
    assert (Value(0.0) ** 2).data == 0.0


def test_value_comparisons_use_data():
    assert Value(1.0) > 0
    assert Value(1.0) >= 1
    assert Value(-1.0) < Value(0.5)
    assert not Value(2.0) <= 1.5
    assert 0 < Value(1.0)


def test_value_errors_translated():
    import oi_helpers

    oi_helpers.set_language("zh")
    with pytest.raises(TypeError, match="实数"):
        Value(None)
    with pytest.raises(ZeroDivisionError, match="除数为零"):
        Value(1.0) / 0
    with pytest.raises(OverflowError, match="溢出"):
        Value(1000.0).exp()
