# %% [markdown] en
# # 04 · Backpropagation, built from scratch
#
# Every training step of the last notebook called `loss.backward()` and got, for every weight, the derivative of
# the loss with respect to that weight. This notebook builds that machinery yourself and checks every gradient
# against PyTorch. You will
#
# - work the chain rule by hand on a small expression, then draw its **computational graph** with each node's value
#   and gradient,
# - use `oi_helpers.autograd.Value`, a scalar **automatic differentiation** engine of about a hundred lines, and read
#   how it walks the graph without recursion,
# - see two classic bugs: gradients that overwrite instead of accumulating, and gradients never set back to zero,
# - **check gradients** with central differences and against `torch.autograd`,
# - train an MLP on the two-moons data with the scalar engine, then vectorise the same idea on NumPy arrays
#   (`oi_helpers.autograd.Tensor`) and time both against PyTorch,
# - write out backpropagation through a two-layer network line by line, comparing each gradient with autograd.
#
# Everything runs in under a minute on a laptop CPU.
# %% [markdown] zh
# # 04 · 从零实现反向传播
#
# 上一个笔记本的每一步训练都调用了 `loss.backward()`，由它给出损失对每个权重的导数。本笔记本要亲手搭建这套机制，
# 并把每一个梯度都与 PyTorch 对照。你将：
#
# - 在一个小表达式上手算链式法则，再画出它的**计算图**，标出每个节点的值和梯度；
# - 使用 `oi_helpers.autograd.Value`，一个约百行代码的标量**自动微分**引擎，读懂它如何不用递归就能遍历计算图；
# - 认识两个经典错误：梯度被覆盖而不是累加，以及忘记把梯度清零；
# - 用中心差分、再用 `torch.autograd` 做**梯度检验**；
# - 用标量引擎在双月牙数据上训练一个 MLP，再把同样的思路向量化到 NumPy 数组上（`oi_helpers.autograd.Tensor`），
#   并与 PyTorch 比较速度；
# - 逐行写出两层网络的反向传播，把每个梯度与自动微分的结果比较。
#
# 在笔记本电脑的 CPU 上，全部运行不到一分钟。

# %%
# On Google Colab only: install the course package and the libraries Colab lacks, keeping Colab's own torch.
import sys
if "google.colab" in sys.modules:
    !pip install -q "oi-helpers @ git+https://github.com/open-interpreter-course/open-interpreter"

# %% edition en
LANG = "en"

# %% edition zh
LANG = "zh"

# %%
import inspect
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import make_moons
from torch.nn import functional as F

import oi_helpers as oi
from oi_helpers import toy
from oi_helpers.autograd import (MLP, Tensor, TensorMLP, Value, compare_gradients, cross_entropy, draw_graph,
                                 numerical_gradient, topological_order, unbroadcast)
from oi_helpers.exercises import Case

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
torch.set_num_threads(1)  # tiny tensors: a second thread costs more than it saves
notebook_start = time.perf_counter()


def pick(en, zh):
    """Return the English or the Chinese version of a label, for this edition."""
    return zh if LANG == "zh" else en

# %% [markdown] en
# ## 1. The chain rule by hand
#
# Take $L = (a b + c)\, f$ at $a = 2$, $b = -3$, $c = 10$, $f = -2$, and name the intermediate results:
# $e = ab = -6$, $d = e + c = 4$, $L = d f = -8$. The **chain rule** states that the derivative of $L$ with respect
# to an input is the product of the local derivatives along the path from that input to $L$:
#
# $$\frac{\partial L}{\partial f} = d = 4, \qquad
# \frac{\partial L}{\partial d} = f = -2, \qquad
# \frac{\partial L}{\partial c} = \frac{\partial L}{\partial d}\frac{\partial d}{\partial c} = -2 \cdot 1 = -2,$$
#
# $$\frac{\partial L}{\partial e} = -2 \cdot 1 = -2, \qquad
# \frac{\partial L}{\partial a} = \frac{\partial L}{\partial e}\frac{\partial e}{\partial a} = -2 \cdot b = 6, \qquad
# \frac{\partial L}{\partial b} = -2 \cdot a = -4.$$
#
# Working from the output back to the inputs, each step needs only the gradient of the node above and one local
# derivative: that is **backpropagation**. A numerical check nudges one input by $\pm h$ and measures the slope,
# $\dfrac{L(a + h) - L(a - h)}{2h}$ (a **central difference**, with error of order $h^2$).
# %% [markdown] zh
# ## 1. 手算链式法则
#
# 考虑 $L = (a b + c)\, f$，取 $a = 2$、$b = -3$、$c = 10$、$f = -2$，并给中间结果起名：
# $e = ab = -6$，$d = e + c = 4$，$L = d f = -8$。**链式法则**告诉我们：$L$ 对某个输入的导数，
# 等于从该输入到 $L$ 的路径上各个局部导数的乘积：
#
# $$\frac{\partial L}{\partial f} = d = 4, \qquad
# \frac{\partial L}{\partial d} = f = -2, \qquad
# \frac{\partial L}{\partial c} = \frac{\partial L}{\partial d}\frac{\partial d}{\partial c} = -2 \cdot 1 = -2,$$
#
# $$\frac{\partial L}{\partial e} = -2 \cdot 1 = -2, \qquad
# \frac{\partial L}{\partial a} = \frac{\partial L}{\partial e}\frac{\partial e}{\partial a} = -2 \cdot b = 6, \qquad
# \frac{\partial L}{\partial b} = -2 \cdot a = -4.$$
#
# 从输出往输入方向倒着算，每一步只需要上一层节点的梯度和一个局部导数，这就是**反向传播**。
# 数值检验则把某个输入微调 $\pm h$，量出斜率 $\dfrac{L(a + h) - L(a - h)}{2h}$（**中心差分**，误差为 $h^2$ 量级）。

# %%
def L_function(a, b, c, f):
    e = a * b
    d = e + c
    return d * f


a, b, c, f = 2.0, -3.0, 10.0, -2.0
by_hand = {"dL/da": f * b, "dL/db": f * a, "dL/dc": f, "dL/df": a * b + c}
numerical = numerical_gradient(L_function, [a, b, c, f])
assert compare_gradients({name: (by_hand[name], estimate) for name, estimate in zip(by_hand, numerical)})

# %% [markdown] en
# The estimates are close but not exact: a central difference divides a tiny difference of two rounded numbers by
# $2h$, so it carries rounding error of order $10^{-16}/h$.
#
# ## 2. The same expression as a computational graph
#
# `Value` wraps one number. Every arithmetic operation on Values returns a new Value that remembers its operands
# (its `children`) and the local derivative with respect to each of them. Calling `backward()` on the output fills
# in `grad`, the derivative of the output with respect to that node, on every node of the graph.
# %% [markdown] zh
# 数值估计与手算结果很接近，但并不完全相等：中心差分要用两个带舍入误差的数之差除以 $2h$，因此带有 $10^{-16}/h$ 量级的舍入误差。
#
# ## 2. 把同一个表达式画成计算图
#
# `Value` 包装一个数。对 Value 做任何算术运算都会返回一个新的 Value，它记住自己的操作数（即 `children`）以及对每个操作数的局部导数。
# 在输出上调用 `backward()`，计算图中每个节点的 `grad` 就会被填上：输出对该节点的导数。

# %%
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
f = Value(-2.0, label="f")
e = a * b
e.label = "e"
d = e + c
d.label = "d"
L = d * f
L.label = "L"
L.backward()
print(a, b, c, f, sep="\n")
draw_graph(L)
plt.show()
assert (a.grad, b.grad, c.grad, f.grad) == (6.0, -4.0, -2.0, 4.0)

# %% [markdown] en
# ## 3. Inside the engine
#
# Each operation computes its result and its local derivatives side by side. Here is multiplication and tanh from
# the package: the operands go into the new node with $\partial(ab)/\partial a = b$ and $\partial(ab)/\partial b = a$,
# and tanh stores $1 - \tanh^2$, reusing the output it just computed.
# %% [markdown] zh
# ## 3. 引擎内部
#
# 每个运算都把结果和局部导数放在一起计算。下面是课程包中的乘法与 tanh：乘法把操作数连同 $\partial(ab)/\partial a = b$、
# $\partial(ab)/\partial b = a$ 存进新节点；tanh 则存下 $1 - \tanh^2$，直接复用刚算出的输出。

# %%
print(inspect.getsource(Value.__mul__))
print(inspect.getsource(Value.tanh))

# %% [markdown] en
# `backward()` needs an order in which every node comes before the nodes it was computed from, so that a node's
# gradient is complete before it is passed on: a reverse **topological order**. The usual textbook version is a
# recursive depth-first search, which needs one Python stack frame per level of the graph. Python stops at about
# a thousand (`sys.getrecursionlimit()`), and a recurrent network unrolled over a long text is much deeper than
# that. The package's version keeps its own stack of (node, iterator over its children) pairs instead:
# %% [markdown] zh
# `backward()` 需要一种顺序：每个节点都排在“由它算出的节点”之后处理，这样把梯度往下传之前，该节点的梯度已经累加完整。
# 这就是逆**拓扑序**。教科书常见的写法是递归的深度优先搜索，计算图每深一层就要占用一个 Python 栈帧；
# 而 Python 的上限大约是一千层（`sys.getrecursionlimit()`），一个在长文本上展开的循环神经网络远比这深。
# 课程包的写法改为自己维护一个栈，栈里存放（节点，遍历其子节点的迭代器）二元组：

# %%
print(inspect.getsource(topological_order))
print(inspect.getsource(Value.backward))

# %% [markdown] en
# To see the difference, build a chain 20 times deeper than the recursion limit and sort it both ways. Each step
# multiplies by $0.9999$, so the derivative of the end of the chain with respect to its start is $0.9999^n$.
# %% [markdown] zh
# 为了看出差别，我们构造一条比递归上限深 20 倍的链，并用两种方法分别排序。链的每一步都乘以 $0.9999$，
# 所以链尾对链首的导数是 $0.9999^n$。

# %%
def topological_order_recursive(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in node.children:
                visit(child)
            order.append(node)

    visit(root)
    return order


depth = 20 * sys.getrecursionlimit()
x = Value(1.0)
y = x
for _ in range(depth):
    y = y * 0.9999
try:
    topological_order_recursive(y)
except RecursionError as error:
    print(pick(f"recursive sort, {depth} levels: RecursionError ({error})",
               f"递归排序，{depth} 层：RecursionError（超出最大递归深度）"))
y.backward()
print(pick(f"iterative sort: dy/dx = {x.grad:.6f}, expected 0.9999^{depth} = {0.9999 ** depth:.6f}",
           f"迭代排序：dy/dx = {x.grad:.6f}，期望值 0.9999^{depth} = {0.9999 ** depth:.6f}"))
assert math.isclose(x.grad, 0.9999 ** depth)

# %% [markdown] en
# ## 4. A neuron, checked against PyTorch
#
# A neuron with two inputs and tanh: $o = \tanh(x_1 w_1 + x_2 w_2 + b)$. We build it once with Values and once with
# PyTorch tensors in float64, and compare every gradient. The table shows whether the two are exactly equal, close
# (within a relative $10^{-5}$), and the largest absolute difference.
# %% [markdown] zh
# 一个有两个输入、以 tanh 为激活函数的神经元：$o = \tanh(x_1 w_1 + x_2 w_2 + b)$。我们分别用 Value 和 float64 的 PyTorch
# 张量各搭一遍，比较每一个梯度。表格列出两者是否完全相等、是否近似相等（相对误差在 $10^{-5}$ 以内），以及最大绝对差。

# %%
inputs = {"x1": 1.5, "x2": -0.5, "w1": 0.8, "w2": -1.2, "b": -0.3}


def neuron(x1, x2, w1, w2, b):
    return (x1 * w1 + x2 * w2 + b).tanh()


values = {name: Value(number, label=name) for name, number in inputs.items()}
o = neuron(**values)
o.label = "o"
o.backward()

tensors = {name: torch.tensor(number, dtype=torch.float64, requires_grad=True) for name, number in inputs.items()}
neuron(**tensors).backward()
assert compare_gradients({f"do/d{name}": (values[name].grad, tensors[name].grad) for name in inputs})
draw_graph(o)
plt.show()

# %% [markdown] en
# ## 5. Bug 1: overwriting instead of accumulating
#
# When a node is used twice, as $x$ in $y = x \cdot x + x$, gradient flows back to it along every path, and the
# chain rule requires the contributions to **add up**: $\frac{dy}{dx} = 2x + 1$. An engine that assigns `child.grad = ...`
# instead of adding keeps only the path it visits last. Here is such a buggy backward pass, written with the
# engine's public `children` and `local_grads`:
# %% [markdown] zh
# ## 5. 错误一：覆盖而不是累加
#
# 当一个节点被用了不止一次，例如 $y = x \cdot x + x$ 中的 $x$，梯度会沿每一条路径流回它，而链式法则要求把各路贡献**加起来**：
# $\frac{dy}{dx} = 2x + 1$。如果引擎写成 `child.grad = ...` 而不是累加，就只会留下最后访问的那条路径的贡献。
# 下面就是这样一个有错的反向传播，用的是引擎公开的 `children` 和 `local_grads`：

# %%
def backward_overwriting(root):
    """Run a WRONG backward pass, with '=' where the chain rule needs '+='."""
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        for child, local_grad in zip(node.children, node.local_grads):
            child.grad = local_grad * node.grad


x_good, x_bad = Value(3.0), Value(3.0)
(x_good * x_good + x_good).backward()
backward_overwriting(x_bad * x_bad + x_bad)
x_torch = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
(x_torch * x_torch + x_torch).backward()
compare_gradients({pick("engine (+=)", "引擎（+=）"): (x_good.grad, x_torch.grad),
                   pick("overwriting (=)", "覆盖（=）"): (x_bad.grad, x_torch.grad)});
assert x_good.grad == 7.0
assert x_bad.grad != 7.0

# %% [markdown] en
# ## 6. Bug 2: calling backward twice, and never zeroing gradients
#
# Leaves (weights, inputs) **add** each backward pass to the gradient they already hold. PyTorch does the same, and
# it is a feature: it lets you sum gradients over several small batches before one update. The price is that you
# must set gradients back to zero yourself. Call backward twice and every leaf gradient doubles, in both engines
# (PyTorch refuses the second call unless you pass `retain_graph=True`, because it frees the graph after a backward
# pass to save memory):
# %% [markdown] zh
# ## 6. 错误二：调用两次 backward，以及忘记把梯度清零
#
# 叶子节点（权重、输入）会把每次反向传播的结果**加到**它已有的梯度上。PyTorch 也是如此，而且这是有意设计的：
# 可以先把几个小批量的梯度累加起来，再统一更新一次。代价是你必须自己把梯度清零。调用两次 backward，
# 两个引擎里的每个叶子梯度都会翻倍（PyTorch 会拒绝第二次调用，除非传入 `retain_graph=True`，
# 因为它在一次反向传播后就会释放计算图以节省内存）：

# %%
w = Value(3.0)
loss = (w - 1.0) ** 2
loss.backward()
once = w.grad
loss.backward()
w_torch = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
loss_torch = (w_torch - 1.0) ** 2
loss_torch.backward(retain_graph=True)
loss_torch.backward()
print(pick(f"after one backward: {once}, after two: {w.grad}, PyTorch after two: {w_torch.grad.item()}",
           f"一次 backward 后：{once}，两次后：{w.grad}，PyTorch 两次后：{w_torch.grad.item()}"))

# %% [markdown] en
# In a training loop the same accumulation is a bug. Minimise $(w - 3)^2$ by gradient descent from $w = 0$, once
# setting the gradient to zero before each backward pass and once forgetting to: the stale gradients keep pushing
# $w$ past the minimum.
# %% [markdown] zh
# 在训练循环里，同样的累加就是错误。用梯度下降从 $w = 0$ 出发最小化 $(w - 3)^2$：一次在每次反向传播前把梯度清零，
# 一次忘了清零。过时的梯度会一直把 $w$ 推过最小值。

# %%
def descend(zero_grad, steps=40, lr=0.1):
    w = Value(0.0)
    path = [w.data]
    for _ in range(steps):
        if zero_grad:
            w.grad = 0.0
        ((w - 3.0) ** 2).backward()
        w.data -= lr * w.grad
        path.append(w.data)
    return path


fig, ax = plt.subplots(figsize=(6.4, 3.2))
ax.plot(descend(zero_grad=True), marker=".",
        label={"en": "w.grad = 0 before each backward()", "zh": "每次 backward() 前令 w.grad = 0"}[LANG])
ax.plot(descend(zero_grad=False), marker=".", label={"en": "gradients never zeroed", "zh": "从不清零梯度"}[LANG])
ax.axhline(3.0, color="gray", ls="--", lw=1)
ax.set_xlabel(oi.tr("plot.step"))
ax.set_ylabel("$w$")
ax.legend()
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] en
# ## 7. Gradient checking
#
# Before trusting an engine, check it on expressions that mix every operation. We compare its gradients with
# central differences (close, never exact) and with `torch.autograd` (exact or equal to the last few bits).
# `compare_gradients` prints one row per gradient and returns whether all rows are close.
# %% [markdown] zh
# 在信任一个引擎之前，先用混合了各种运算的表达式检验它。我们把它的梯度与中心差分比较（近似相等，但绝不会完全相等），
# 再与 `torch.autograd` 比较（完全相等，或只在最后几位二进制上不同）。`compare_gradients` 每个梯度打印一行，
# 并返回是否所有行都近似相等。

# %%
expressions = {
    "tanh(a*b + c)": lambda a, b, c: (a * b + c).tanh(),
    "exp(a) / (1 + b**2) - c": lambda a, b, c: a.exp() / (1.0 + b ** 2) - c,
    "log(a**2 + 1) * relu(b - c)": lambda a, b, c: (a ** 2 + 1.0).log() * (b - c).relu(),
    "(a - b)**3 / c + a*a": lambda a, b, c: (a - b) ** 3 / c + a * a,
}
point = [0.7, -1.3, 0.4]
versus_numerical, versus_torch = {}, {}
for name, expression in expressions.items():
    leaves = [Value(number) for number in point]
    expression(*leaves).backward()
    estimates = numerical_gradient(lambda *numbers: expression(*map(Value, numbers)).data, point)
    tensors = [torch.tensor(number, dtype=torch.float64, requires_grad=True) for number in point]
    expression(*tensors).backward()
    for variable, leaf, estimate, tensor in zip("abc", leaves, estimates, tensors):
        versus_numerical[f"{name}: d/d{variable}"] = (leaf.grad, estimate)
        versus_torch[f"{name}: d/d{variable}"] = (leaf.grad, tensor.grad)
print(pick("engine vs central differences", "引擎 vs 中心差分"))
assert compare_gradients(versus_numerical, rtol=1e-5, atol=1e-7)
print(pick("\nengine vs torch.autograd", "\n引擎 vs torch.autograd"))
assert compare_gradients(versus_torch, rtol=1e-12, atol=1e-12)

# %% [markdown] en
# ## 8. Training an MLP with the scalar engine
#
# `oi_helpers.autograd.MLP` builds neurons, layers and a multilayer perceptron out of Values. Every weight is one
# Value, and a forward pass on one example builds a graph of about 650 nodes. We train a 2-16-16-1 network on 100
# two-moons points with labels $y = \pm 1$, using the **max-margin (hinge) loss** $\max(0, 1 - y \cdot s)$ on each
# score $s$, averaged, plus a small L2 penalty $10^{-4} \sum w^2$, by full-batch gradient descent.
# %% [markdown] zh
# `oi_helpers.autograd.MLP` 用 Value 搭出神经元、层和多层感知机：每个权重都是一个 Value，对一个样本做一次前向传播
# 就会建出约 650 个节点的计算图。我们在 100 个双月牙数据点上训练一个 2-16-16-1 网络，标签 $y = \pm 1$，
# 损失是每个分数 $s$ 的**最大间隔损失（hinge 损失）** $\max(0, 1 - y \cdot s)$ 的平均值，再加上很小的 L2 惩罚项
# $10^{-4} \sum w^2$，用全批量梯度下降训练。

# %%
print(inspect.getsource(oi.autograd.nn.Neuron.__call__))
X_moons, y_moons01 = make_moons(n_samples=100, noise=0.1, random_state=1)
y_moons = 2 * y_moons01 - 1                                            # labels -1 / +1
rows, labels = X_moons.tolist(), y_moons.tolist()


def scalar_step(model, step, steps):
    """One full-batch step of the scalar engine; returns (loss, accuracy) as floats."""
    scores = [model(row) for row in rows]
    loss = sum((1.0 - label * score).relu() for label, score in zip(labels, scores)) * (1.0 / len(rows))
    loss = loss + 1e-4 * sum(p * p for p in model.parameters())
    model.zero_grad()
    loss.backward()
    lr = 1.0 - 0.9 * step / steps
    for p in model.parameters():
        p.data -= lr * p.grad
    accuracy = np.mean([(score.data > 0) == (label > 0) for label, score in zip(labels, scores)])
    return loss.data, accuracy


scalar_model = MLP([2, 16, 16, 1], seed=0)
print(scalar_model)
STEPS = 40
scalar_losses = []
start = time.perf_counter()
for step in range(STEPS):
    loss_value, train_accuracy = scalar_step(scalar_model, step, STEPS)
    scalar_losses.append(loss_value)
    if step % 10 == 0 or step == STEPS - 1:
        print(f"{pick('step', '步')} {step:>3} | {pick('loss', '损失')} {loss_value:.4f} | "
              f"{pick('accuracy', '准确率')} {train_accuracy:.0%} | {time.perf_counter() - start:.1f} {pick('s', '秒')}")
assert train_accuracy >= 0.9

# %% [markdown] en
# To draw the decision boundary we need the network's output on tens of thousands of grid points. Building a
# graph for each would be slow, and the boundary needs no gradients, so we copy the weights into NumPy matrices
# and run the same forward pass as matrix products.
# %% [markdown] zh
# 画决策边界需要网络在几万个网格点上的输出。为每个点都建一张计算图太慢，而且画边界用不着梯度，
# 所以我们把权重复制成 NumPy 矩阵，用矩阵乘法做同样的前向传播。

# %%
def predict_from_matrices(matrices):
    def predict(points):
        h = points
        for i, (W, b_vector) in enumerate(matrices):
            h = h @ W + b_vector
            if i < len(matrices) - 1:
                h = np.maximum(h, 0.0)
        return (h[:, 0] > 0).astype(int)
    return predict


oi.plot.decision_boundary(predict_from_matrices(scalar_model.weight_matrices()), X_moons, y_moons01,
                          title={"en": f"MLP 2-16-16-1 after {STEPS} steps", "zh": f"MLP 2-16-16-1，训练 {STEPS} 步"}[LANG])
plt.show()

# %% [markdown] en
# ## 9. The same idea on arrays: `Tensor`
#
# A scalar engine spends almost all its time creating Python objects, one per multiply or add. `Tensor` keeps the
# algorithm and changes the unit: a node is a whole NumPy array, and each operation's backward rule is an array
# expression. Two rules are new:
#
# - **matrix multiply**: for $C = AB$, $\;\dfrac{\partial L}{\partial A} = \dfrac{\partial L}{\partial C} B^\top$ and
#   $\dfrac{\partial L}{\partial B} = A^\top \dfrac{\partial L}{\partial C}$;
# - **broadcasting**: when NumPy stretches an input (a bias of shape $(m,)$ added to each row of an $(N, m)$ matrix),
#   every copy contributes to the loss. The input's gradient is therefore the sum over the stretched axes, which
#   brings it back to the input's own shape (`unbroadcast`).
# %% [markdown] zh
# ## 9. 同样的思路用在数组上：`Tensor`
#
# 标量引擎几乎所有时间都花在创建 Python 对象上，每次乘法或加法都要新建一个。`Tensor` 保留算法不变，只是换了计算单位：
# 一个节点就是一整个 NumPy 数组，每个运算的反向规则是一个数组表达式。这里有两条新规则：
#
# - **矩阵乘法**：若 $C = AB$，则 $\dfrac{\partial L}{\partial A} = \dfrac{\partial L}{\partial C} B^\top$，
#   $\dfrac{\partial L}{\partial B} = A^\top \dfrac{\partial L}{\partial C}$；
# - **广播**：NumPy 把某个输入拉伸时（例如把形状为 $(m,)$ 的偏置加到 $(N, m)$ 矩阵的每一行），每一份副本都对损失有贡献，
#   所以该输入的梯度是沿被拉伸的轴求和，再还原成输入本身的形状（`unbroadcast`）。

# %%
# NBVAL_CHECK_OUTPUT
X_small = Tensor(np.arange(12.0).reshape(4, 3), label="X")
W_small = Tensor(np.ones((3, 2)), label="W")
b_small = Tensor(np.zeros(2), label="b")
out = X_small @ W_small + b_small                                      # (4, 3) @ (3, 2) + (2,) -> (4, 2)
out.sum().backward()
print("out", out.shape, "| W.grad", W_small.grad.shape, "| b.grad", b_small.grad.shape)
print("b.grad =", b_small.grad, pick("(one per row of the batch, summed)", "（批量中每行一份，加在一起）"))
print("W.grad =\n", W_small.grad)

# %% [markdown] en
# Checked against PyTorch on a 2-32-3 tanh network with softmax cross-entropy on the spirals data:
# %% [markdown] zh
# 在螺旋线数据上，用一个 2-32-3 的 tanh 网络加 softmax 交叉熵，与 PyTorch 对照：

# %%
X_spirals, y_spirals = toy.spirals(n_per_class=50, n_classes=3, seed=0)
rng = np.random.default_rng(0)
initial = {"W1": rng.normal(size=(2, 32)), "b1": np.zeros(32), "W2": rng.normal(size=(32, 3)) * 0.3,
           "b2": np.zeros(3)}

ours = {name: Tensor(array, label=name) for name, array in initial.items()}
loss = cross_entropy((Tensor(X_spirals) @ ours["W1"] + ours["b1"]).tanh() @ ours["W2"] + ours["b2"], y_spirals)
loss.backward()

theirs = {name: torch.tensor(array, requires_grad=True) for name, array in initial.items()}
loss_torch = F.cross_entropy(torch.tanh(torch.tensor(X_spirals) @ theirs["W1"] + theirs["b1"]) @ theirs["W2"]
                             + theirs["b2"], torch.tensor(y_spirals))
loss_torch.backward()
print(f"{pick('loss: ours', '损失：我们的实现')} {float(loss.data):.10f}, PyTorch {loss_torch.item():.10f}")
assert compare_gradients({f"dL/d{name}": (ours[name].grad, theirs[name].grad) for name in initial},
                         rtol=1e-10, atol=1e-12)

# %% [markdown] en
# `TensorMLP` is the same 2-16-16-1 network as before, and with the same seed it starts from exactly the same
# weights. Training it on the same data with the same hinge loss must therefore give the same losses, step for
# step, up to rounding: the two engines differ only in the order of additions.
# %% [markdown] zh
# `TensorMLP` 与前面的 2-16-16-1 网络结构相同，随机种子相同时初始权重也完全相同。所以用同样的数据、同样的 hinge 损失训练它，
# 每一步的损失都应当与标量引擎一致（至多相差舍入误差，因为两个引擎只是加法的顺序不同）。

# %%
labels_column = y_moons.astype(float)[:, None]                          # (100, 1)


def tensor_step(model, step, steps):
    scores = model(X_moons)                                            # (100, 1)
    loss = (1.0 - scores * labels_column).relu().mean()
    for p in model.parameters():
        loss = loss + 1e-4 * (p * p).sum()
    model.zero_grad()
    loss.backward()
    lr = 1.0 - 0.9 * step / steps
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(loss.data), float(np.mean((scores.data > 0) == (labels_column > 0)))


tensor_model = TensorMLP([2, 16, 16, 1], seed=0)
tensor_losses = [tensor_step(tensor_model, step, STEPS)[0] for step in range(STEPS)]
difference = np.max(np.abs(np.array(tensor_losses) - np.array(scalar_losses)))
print(pick(f"largest difference between the two engines' losses over {STEPS} steps: {difference:.2e}",
           f"{STEPS} 步中两个引擎损失的最大差异：{difference:.2e}"))
assert difference < 1e-9

# %% [markdown] en
# How much faster is it? We time one training step of this network on the 100 points with each engine, and with
# PyTorch (float64, one thread). Timings depend on the machine and on what else it is running.
# %% [markdown] zh
# 快了多少？我们分别用两个引擎和 PyTorch（float64，单线程）对这 100 个点上的这个网络计时一步训练。
# 计时结果取决于机器，也取决于机器上同时在跑什么。

# %%
def torch_model_and_step():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16), torch.nn.ReLU(),
                                torch.nn.Linear(16, 1)).double()
    X_t, y_t = torch.tensor(X_moons), torch.tensor(labels_column)

    def step(_, step, steps):
        loss = torch.relu(1.0 - model(X_t) * y_t).mean() + 1e-4 * sum((p * p).sum() for p in model.parameters())
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= (1.0 - 0.9 * step / steps) * p.grad
    return model, step


def seconds_per_step(model, step_function, repeats):
    start = time.perf_counter()
    for step in range(repeats):
        step_function(model, step, 100)
    return (time.perf_counter() - start) / repeats


timings = {
    pick("Value (scalar engine)", "Value（标量引擎）"): seconds_per_step(MLP([2, 16, 16, 1], seed=0), scalar_step, 3),
    pick("Tensor (NumPy engine)", "Tensor（NumPy 引擎）"): seconds_per_step(TensorMLP([2, 16, 16, 1], seed=0), tensor_step, 50),
    "PyTorch": seconds_per_step(*torch_model_and_step(), 50),
}
slowest = max(timings.values())
for name, seconds in timings.items():
    print(f"{name:<24} {1000 * seconds:>9.2f} {pick('ms per step', '毫秒/步')}   {slowest / seconds:>7.0f}x")

# %% [markdown] en
# The tensor engine is hundreds of times faster than the scalar one on the same arithmetic: a step creates a few
# dozen graph nodes instead of about 65,000, and NumPy runs the loops in compiled code. On a network this small,
# PyTorch and the NumPy engine take about as long as each other, because both spend most of a step on the fixed
# cost of each operation; PyTorch pulls ahead on large matrices and on GPUs.
#
# ## 10. Backpropagation by hand through a two-layer network
#
# Autograd is convenient, but you should be able to write the backward pass of a small network yourself. For the
# network $H = \tanh(XW_1 + \mathbf{b}_1)$, $Z = HW_2 + \mathbf{b}_2$, $\ell = \operatorname{CE}(Z, y)$ averaged
# over $N$ examples, going backwards one line per forward line:
#
# $$\frac{\partial \ell}{\partial Z} = \frac{\operatorname{softmax}(Z) - \operatorname{onehot}(y)}{N}, \quad
# \frac{\partial \ell}{\partial W_2} = H^\top \frac{\partial \ell}{\partial Z}, \quad
# \frac{\partial \ell}{\partial \mathbf{b}_2} = \sum_{\text{rows}} \frac{\partial \ell}{\partial Z}, \quad
# \frac{\partial \ell}{\partial H} = \frac{\partial \ell}{\partial Z} W_2^\top,$$
#
# $$\frac{\partial \ell}{\partial A} = \frac{\partial \ell}{\partial H} \odot (1 - H^2) \;\; (A = XW_1 + \mathbf{b}_1),
# \quad \frac{\partial \ell}{\partial W_1} = X^\top \frac{\partial \ell}{\partial A}, \quad
# \frac{\partial \ell}{\partial \mathbf{b}_1} = \sum_{\text{rows}} \frac{\partial \ell}{\partial A}.$$
#
# Each line below is checked against PyTorch's autograd, including the intermediate gradients, which
# `retain_grad()` keeps.
# %% [markdown] zh
# 张量引擎做同样的运算，却比标量引擎快几百倍：每一步只建几十个计算图节点，而不是约 65,000 个，循环则交给 NumPy
# 的编译代码执行。在这么小的网络上，PyTorch 与 NumPy 引擎用时相当，因为两者每一步的大部分时间都花在每个运算的固定开销上；
# PyTorch 的优势要在大矩阵和 GPU 上才显现出来。
#
# ## 10. 手写两层网络的反向传播
#
# 自动微分很方便，但你应当能自己写出小网络的反向传播。对网络 $H = \tanh(XW_1 + \mathbf{b}_1)$、$Z = HW_2 + \mathbf{b}_2$、
# $\ell = \operatorname{CE}(Z, y)$（对 $N$ 个样本取平均），前向传播每有一行，反向传播就倒着写一行：
#
# $$\frac{\partial \ell}{\partial Z} = \frac{\operatorname{softmax}(Z) - \operatorname{onehot}(y)}{N}, \quad
# \frac{\partial \ell}{\partial W_2} = H^\top \frac{\partial \ell}{\partial Z}, \quad
# \frac{\partial \ell}{\partial \mathbf{b}_2} = \sum_{\text{行}} \frac{\partial \ell}{\partial Z}, \quad
# \frac{\partial \ell}{\partial H} = \frac{\partial \ell}{\partial Z} W_2^\top,$$
#
# $$\frac{\partial \ell}{\partial A} = \frac{\partial \ell}{\partial H} \odot (1 - H^2) \;\; (A = XW_1 + \mathbf{b}_1),
# \quad \frac{\partial \ell}{\partial W_1} = X^\top \frac{\partial \ell}{\partial A}, \quad
# \frac{\partial \ell}{\partial \mathbf{b}_1} = \sum_{\text{行}} \frac{\partial \ell}{\partial A}.$$
#
# 下面每一行都与 PyTorch 的自动微分结果核对，连中间变量的梯度也不放过（`retain_grad()` 会把它们保留下来）。

# %%
X_t = torch.tensor(X_spirals)                                          # (N, 2)
y_t = torch.tensor(y_spirals)                                          # (N,)
W1, b1, W2, b2 = (torch.tensor(initial[name], requires_grad=True) for name in ("W1", "b1", "W2", "b2"))

# Forward, keeping every intermediate.
A = X_t @ W1 + b1                                                      # (N, 32)
H = torch.tanh(A)                                                      # (N, 32)
Z = H @ W2 + b2                                                        # (N, 3)
loss = F.cross_entropy(Z, y_t)
for intermediate in (A, H, Z):
    intermediate.retain_grad()
loss.backward()

# Backward by hand, one line per forward line, in reverse.
N = X_t.shape[0]
dZ = torch.softmax(Z, dim=1).detach()
dZ[torch.arange(N), y_t] -= 1.0
dZ /= N                                                                # (N, 3)
dW2 = H.detach().T @ dZ                                                # (32, 3)
db2 = dZ.sum(dim=0)                                                    # (3,)
dH = dZ @ W2.detach().T                                                # (N, 32)
dA = dH * (1.0 - H.detach() ** 2)                                      # (N, 32)
dW1 = X_t.T @ dA                                                       # (2, 32)
db1 = dA.sum(dim=0)                                                    # (32,)

assert compare_gradients({"dZ": (dZ, Z.grad), "dW2": (dW2, W2.grad), "db2": (db2, b2.grad), "dH": (dH, H.grad),
                          "dA": (dA, A.grad), "dW1": (dW1, W1.grad), "db1": (db1, b1.grad)})

# %% [markdown] en
# ## Summary
#
# - Backpropagation applies the chain rule from the output backwards: each node passes
#   (its gradient) × (local derivative) to each operand, and contributions from several paths **add up**.
# - An engine needs only the forward rule and the local derivatives of each operation, plus a reverse
#   topological order. Computing that order with an explicit stack makes it safe for graphs of any depth.
# - Leaf gradients accumulate across backward passes, in our engines and in PyTorch: zero them before each step.
# - Check gradients twice: against central differences (close) and against a trusted autograd (exact or nearly).
# - Vectorising the same algorithm over arrays makes it hundreds of times faster; broadcasting in the forward pass
#   becomes a sum in the backward pass.
# - For a linear layer $Y = XW + \mathbf{b}$: $\partial W = X^\top \partial Y$, $\partial X = \partial Y\, W^\top$,
#   $\partial \mathbf{b} = $ the row sum of $\partial Y$. For softmax cross-entropy:
#   $\partial Z = (\operatorname{softmax}(Z) - \operatorname{onehot}(y)) / N$.
#
# ## Exercises
# %% [markdown] zh
# ## 小结
#
# - 反向传播从输出往回应用链式法则：每个节点把“自身梯度 × 局部导数”传给每个操作数；来自多条路径的贡献要**相加**。
# - 一个自动微分引擎只需要：每个运算的前向规则和局部导数，再加上逆拓扑序；用显式栈求拓扑序，多深的计算图都不怕。
# - 叶子节点的梯度会在多次反向传播之间累加，我们的引擎和 PyTorch 都是如此：每一步之前都要清零。
# - 梯度要检验两遍：与中心差分比（近似相等），与可信的自动微分比（完全或几乎完全相等）。
# - 把同样的算法向量化到数组上，可以快几百倍；前向传播中的广播，在反向传播中变成求和。
# - 对线性层 $Y = XW + \mathbf{b}$：$\partial W = X^\top \partial Y$，$\partial X = \partial Y\, W^\top$，
#   $\partial \mathbf{b}$ 为 $\partial Y$ 按行求和。对 softmax 交叉熵：$\partial Z = (\operatorname{softmax}(Z) - \operatorname{onehot}(y)) / N$。
#
# ## 练习

# %% [markdown] en
# ### Exercise 1: tanh's backward rule
#
# Write `tanh_backward(out, out_grad)`: given `out` $= \tanh(a)$ (the forward output, not $a$) and the gradient
# `out_grad` $= \partial L / \partial\,\text{out}$, return $\partial L / \partial a$. Both arguments are floats or
# NumPy arrays of the same shape.
# %% [markdown] zh
# ### 练习 1：tanh 的反向规则
#
# 编写 `tanh_backward(out, out_grad)`：已知 `out` $= \tanh(a)$（前向传播的输出，不是 $a$）和梯度
# `out_grad` $= \partial L / \partial\,\text{out}$，返回 $\partial L / \partial a$。两个参数都是浮点数，或形状相同的 NumPy 数组。

# %%
def tanh_backward(out, out_grad):
    raise NotImplementedError


TANH_CASES = [
    Case((0.0, 1.0), 1.0),
    Case((0.5, 2.0), 1.5),
    Case((np.array([0.9, -0.9]), np.array([1.0, -1.0])), np.array([0.19, -0.19])),
]
TANH_HINT = {
    "en": "d tanh(a)/da = 1 - tanh(a)^2, and tanh(a) is `out`. Multiply by the gradient that arrives from above.",
    "zh": "d tanh(a)/da = 1 - tanh(a)^2，而 tanh(a) 就是 `out`。再乘以从上游传来的梯度。",
}
oi.exercises.check({"en": "Exercise 1: tanh's backward rule", "zh": "练习 1：tanh 的反向规则"},
                   tanh_backward, TANH_CASES, hint=TANH_HINT);

# %% solution
def tanh_backward(out, out_grad):
    return (1.0 - out ** 2) * out_grad


oi.exercises.check({"en": "Exercise 1: tanh's backward rule", "zh": "练习 1：tanh 的反向规则"},
                   tanh_backward, TANH_CASES, hint=TANH_HINT);

# %% [markdown] en
# ### Exercise 2: find the bug in a gradient
#
# Someone added a sigmoid operation to the engine with `Value.from_op(data, operands, local_grads, op)`, which
# creates a node from its forward value and its local derivatives. The forward value is right, but the table shows
# that the gradient is wrong. Find the bug and write a correct `sigmoid(x)`.
# %% [markdown] zh
# ### 练习 2：找出梯度中的错误
#
# 有人用 `Value.from_op(data, operands, local_grads, op)`（根据前向值和局部导数创建新节点）给引擎加了一个 sigmoid 运算。
# 前向值是对的，但下面的表格显示梯度错了。找出错误，写一个正确的 `sigmoid(x)`。

# %%
def sigmoid_buggy(x):
    s = 1.0 / (1.0 + math.exp(-x.data))
    return Value.from_op(s, (x,), (s * (1.0 - x.data),), "sigmoid")


x = Value(0.8)
sigmoid_buggy(x).backward()
x_torch = torch.tensor(0.8, dtype=torch.float64, requires_grad=True)
torch.sigmoid(x_torch).backward()
compare_gradients({"d sigmoid / dx": (x.grad, x_torch.grad)})


def sigmoid(x):
    raise NotImplementedError


def sigmoid_value_and_grad(x_data):
    """Run the learner's sigmoid on one Value; return (output, d output / d x)."""
    x = Value(x_data)
    out = sigmoid(x)
    out.backward()
    return out.data, x.grad


SIGMOID_CASES = [
    Case((0.0,), (0.5, 0.25)),
    Case((2.0,), (0.8807970779778823, 0.10499358540350662)),
    Case((-3.0,), (0.04742587317756678, 0.045176659730912144)),
]
SIGMOID_HINT = {
    "en": "The local derivative of the sigmoid is expressed through its output s, not through its input.",
    "zh": "sigmoid 的局部导数要用它的输出 s 来表示，而不是用输入。",
}
oi.exercises.check({"en": "Exercise 2: find the bug in a gradient", "zh": "练习 2：找出梯度中的错误"},
                   sigmoid_value_and_grad, SIGMOID_CASES, hint=SIGMOID_HINT);

# %% solution
def sigmoid(x):
    s = 1.0 / (1.0 + math.exp(-x.data))
    return Value.from_op(s, (x,), (s * (1.0 - s),), "sigmoid")


oi.exercises.check({"en": "Exercise 2: find the bug in a gradient", "zh": "练习 2：找出梯度中的错误"},
                   sigmoid_value_and_grad, SIGMOID_CASES, hint=SIGMOID_HINT);

# %% [markdown] en
# ### Exercise 3: softmax cross-entropy's gradient
#
# Write `cross_entropy_grad(logits, targets)` in NumPy: the gradient of the mean cross-entropy with respect to
# `logits` (shape $(N, C)$), for integer `targets` (shape $(N,)$). The checks compare with PyTorch's autograd,
# including logits large enough to overflow a naive softmax.
# %% [markdown] zh
# ### 练习 3：softmax 交叉熵的梯度
#
# 用 NumPy 编写 `cross_entropy_grad(logits, targets)`：对整数目标 `targets`（形状 $(N,)$），返回平均交叉熵对 `logits`
# （形状 $(N, C)$）的梯度。检查会与 PyTorch 的自动微分结果对比，其中包括大到会让朴素 softmax 溢出的 logits。

# %%
def cross_entropy_grad(logits, targets):
    raise NotImplementedError


def torch_cross_entropy_grad(logits, targets):
    logits_t = torch.tensor(logits, requires_grad=True)
    F.cross_entropy(logits_t, torch.tensor(targets)).backward()
    return logits_t.grad.numpy()


case_rng = np.random.default_rng(7)
CE_INPUTS = [(np.array([[0.0, 0.0]]), np.array([1])),
             (case_rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])),
             (case_rng.normal(size=(3, 6)) * 500.0, np.array([5, 0, 2]))]
CE_CASES = [Case((logits, targets), torch_cross_entropy_grad(logits, targets)) for logits, targets in CE_INPUTS]
CE_HINT = {
    "en": "Softmax each row (subtract the row's max first), subtract 1 at each row's target column, divide by N.",
    "zh": "对每一行做 softmax（先减去该行最大值），在每行的目标列上减 1，最后除以 N。",
}
oi.exercises.check({"en": "Exercise 3: softmax cross-entropy's gradient", "zh": "练习 3：softmax 交叉熵的梯度"},
                   cross_entropy_grad, CE_CASES, hint=CE_HINT);

# %% solution
def cross_entropy_grad(logits, targets):
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    probs[np.arange(len(targets)), targets] -= 1.0
    return probs / len(targets)


oi.exercises.check({"en": "Exercise 3: softmax cross-entropy's gradient", "zh": "练习 3：softmax 交叉熵的梯度"},
                   cross_entropy_grad, CE_CASES, hint=CE_HINT);

# %% [markdown] en
# ### Exercise 4: undo broadcasting
#
# Write `reduce_to_shape(grad, shape)`: `grad` is the gradient of a result that NumPy broadcast from an input of
# shape `shape`; return the input's gradient, of shape `shape`. Sum over the leading axes that broadcasting added,
# then over each axis where `shape` has length 1 (keeping it). Once your version passes, compare it with the
# engine's own rule: `print(inspect.getsource(unbroadcast))`.
# %% [markdown] zh
# ### 练习 4：撤销广播
#
# 编写 `reduce_to_shape(grad, shape)`：`grad` 是某个结果的梯度，该结果由形状为 `shape` 的输入经 NumPy 广播得到；
# 返回该输入的梯度，形状为 `shape`。先对广播在前面添加的轴求和，再对 `shape` 中长度为 1 的每个轴求和（保留该轴）。
# 你的版本通过检查后，再用 `print(inspect.getsource(unbroadcast))` 对照引擎自己的实现。

# %%
def reduce_to_shape(grad, shape):
    raise NotImplementedError


REDUCE_CASES = [
    Case((np.ones((4, 3)), (3,)), np.full(3, 4.0)),
    Case((np.ones((4, 3)), (4, 1)), np.full((4, 1), 3.0)),
    Case((np.arange(24.0).reshape(2, 3, 4), (3, 1)), np.array([[60.0], [92.0], [124.0]])),
    Case((np.ones((2, 2)), ()), np.array(4.0)),
    Case((np.ones((2, 5)), (2, 5)), np.ones((2, 5))),
]
REDUCE_HINT = {
    "en": "grad.ndim - len(shape) leading axes were added: sum them away first. Then sum with keepdims=True over "
          "each axis i where shape[i] == 1.",
    "zh": "广播在前面添加了 grad.ndim - len(shape) 个轴，先把它们求和消掉；再对每个 shape[i] == 1 的轴 i 以 keepdims=True 求和。",
}
oi.exercises.check({"en": "Exercise 4: undo broadcasting", "zh": "练习 4：撤销广播"},
                   reduce_to_shape, REDUCE_CASES, hint=REDUCE_HINT);

# %% solution
def reduce_to_shape(grad, shape):
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    for axis, length in enumerate(shape):
        if length == 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


oi.exercises.check({"en": "Exercise 4: undo broadcasting", "zh": "练习 4：撤销广播"},
                   reduce_to_shape, REDUCE_CASES, hint=REDUCE_HINT);

# %%
print(pick(f"notebook ran in {time.perf_counter() - notebook_start:.0f} s",
           f"笔记本运行用时 {time.perf_counter() - notebook_start:.0f} 秒"))
