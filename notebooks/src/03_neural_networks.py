# %% [markdown] en
# # 03 · Neural networks from a single neuron up
#
# A neural network is a stack of very simple parts: each **neuron** takes a weighted sum of its inputs, adds a bias
# and passes the result through a nonlinear **activation function**. In this notebook you will
#
# - compute a neuron, a layer and a **multilayer perceptron** (MLP) by hand in NumPy, then with PyTorch, and check
#   that both give the same numbers,
# - plot the common activation functions (sigmoid, tanh, ReLU, GELU) and their derivatives,
# - turn scores into probabilities with **softmax**, measure them with **cross-entropy**, and see why the naive
#   formula overflows while the log-sum-exp form does not,
# - train small networks on 2-D data and watch the decision boundary bend, and see what width and depth buy when
#   fitting a 1-D function,
# - train a first text classifier: is a string a first name or an ordinary English word?
#
# Backpropagation, which computes the gradients every training step needs, is the subject of the next notebook;
# here PyTorch computes them for us. Everything runs in well under a minute on a laptop CPU.
# %% [markdown] zh
# # 03 · 从单个神经元到神经网络
#
# 神经网络由非常简单的部件堆叠而成：每个**神经元**先对输入做加权求和、加上偏置，再把结果送进一个非线性的**激活函数**。
# 本笔记本将带你：
#
# - 先用 NumPy 手算一个神经元、一层神经元和一个**多层感知机**（MLP），再用 PyTorch 计算，核对两者结果一致；
# - 画出常用激活函数（sigmoid、tanh、ReLU、GELU）及其导数；
# - 用 **softmax** 把分数变成概率，用**交叉熵**衡量预测的好坏，并看清朴素公式为何会溢出、log-sum-exp 写法为何不会；
# - 在二维数据上训练小网络，观察决策边界如何一步步弯曲；再拟合一个一维函数，比较网络的宽度与深度各自带来什么；
# - 训练第一个文本分类器：一个字符串是英文人名，还是普通英文单词？
#
# 每一步训练都要用到梯度，而计算梯度的反向传播是下一个笔记本的主题；本笔记本先让 PyTorch 替我们算梯度。
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
import math
import re
import time
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import make_moons
from torch.nn import functional as F

import oi_helpers as oi
from oi_helpers import toy
from oi_helpers.exercises import Case

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
# The networks here are tiny: one CPU thread runs them fastest, because splitting a 16-column
# matrix product across threads costs more than it saves.
torch.set_num_threads(1)
notebook_start = time.perf_counter()


def pick(en, zh):
    """Return the English or the Chinese version of a label, for this edition."""
    return zh if LANG == "zh" else en

# %% [markdown] en
# ## 1. One neuron
#
# A neuron with inputs $x_1, \dots, x_n$ has one weight $w_i$ per input and a bias $b$. It computes
#
# $$z = w_1 x_1 + \dots + w_n x_n + b = \mathbf{w} \cdot \mathbf{x} + b, \qquad a = \varphi(z),$$
#
# where $z$ is the **pre-activation** and $\varphi$ the activation function. With $\varphi$ the identity this is
# linear regression; with the sigmoid $\sigma(z) = 1 / (1 + e^{-z})$ it is logistic regression.
# %% [markdown] zh
# ## 1. 一个神经元
#
# 设神经元的输入为 $x_1, \dots, x_n$，每个输入对应一个权重 $w_i$，另有一个偏置 $b$。它计算
#
# $$z = w_1 x_1 + \dots + w_n x_n + b = \mathbf{w} \cdot \mathbf{x} + b, \qquad a = \varphi(z),$$
#
# 其中 $z$ 称为**预激活值**，$\varphi$ 是激活函数。若 $\varphi$ 是恒等函数，这就是线性回归；
# 若 $\varphi$ 是 sigmoid 函数 $\sigma(z) = 1 / (1 + e^{-z})$，这就是逻辑回归。

# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


x = np.array([0.5, -1.0, 2.0])      # three inputs
w = np.array([0.8, 0.2, -0.5])      # one weight per input
b = 0.1

z = w @ x + b
print(f"z = {z:.4f}, sigmoid(z) = {sigmoid(z):.4f}")

# %% [markdown] en
# ## 2. A layer: many neurons, one matrix product
#
# A **layer** of $m$ neurons that all see the same $n$ inputs stacks their weight vectors as the columns of a
# matrix $W$ of shape $(n, m)$. Feeding a whole batch at once, with one example per row of $X$ (shape
# $(N, n)$), gives every pre-activation of every example in one matrix product:
#
# $$Z = X W + \mathbf{b}, \qquad A = \varphi(Z), \qquad X: (N, n),\; W: (n, m),\; \mathbf{b}: (m,),\; Z, A: (N, m).$$
#
# Adding $\mathbf{b}$, of shape $(m,)$, to every row of $XW$ is NumPy's (and PyTorch's) **broadcasting**.
# %% [markdown] zh
# ## 2. 一层：许多神经元，一次矩阵乘法
#
# 一**层**有 $m$ 个神经元，它们都接收同样的 $n$ 个输入。把它们的权重向量并排作为矩阵 $W$ 的各列，$W$ 的形状就是
# $(n, m)$。若一次送入一整批样本，让 $X$ 的每一行是一个样本（形状 $(N, n)$），那么一次矩阵乘法就算出了所有样本、
# 所有神经元的预激活值：
#
# $$Z = X W + \mathbf{b}, \qquad A = \varphi(Z), \qquad X: (N, n),\; W: (n, m),\; \mathbf{b}: (m,),\; Z, A: (N, m).$$
#
# 把形状为 $(m,)$ 的 $\mathbf{b}$ 加到 $XW$ 的每一行上，用的是 NumPy（以及 PyTorch）的**广播**机制。

# %%
rng = np.random.default_rng(0)
X = rng.normal(size=(4, 3))          # a batch of 4 examples with 3 features each
W = rng.normal(size=(3, 5))          # a layer of 5 neurons
b = np.zeros(5)

Z = X @ W + b                        # (4, 3) @ (3, 5) + (5,) -> (4, 5)
A = np.maximum(Z, 0.0)               # ReLU, elementwise
print("X", X.shape, "W", W.shape, "b", b.shape, "->", "Z", Z.shape)
# Row 0 of Z is what the single-neuron formula gives for example 0, neuron by neuron.
assert np.allclose(Z[0], [W[:, j] @ X[0] + b[j] for j in range(5)])

# %% [markdown] en
# ## 3. A multilayer perceptron, in NumPy and in PyTorch
#
# Stacking layers, each one's output being the next one's input, gives a multilayer perceptron. Without the
# nonlinearity between layers the stack would collapse into a single matrix product ($XW_1W_2 = X(W_1W_2)$), so
# a deep linear network is no more expressive than one layer. Below, a 3-8-8-2 MLP with ReLU hidden layers.
#
# PyTorch's `nn.Linear(n, m)` stores its weight as $(m, n)$ and computes $XW^\top + \mathbf{b}$, so we copy our
# matrices in transposed. Both versions must agree to floating-point precision.
# %% [markdown] zh
# ## 3. 多层感知机：NumPy 版与 PyTorch 版
#
# 把层一层层叠起来，前一层的输出作为后一层的输入，就得到多层感知机。如果层与层之间没有非线性，整叠网络会塌缩成一次矩阵乘法
# （$XW_1W_2 = X(W_1W_2)$），再深的线性网络也不比一层强。下面是一个 3-8-8-2 的 MLP，隐藏层用 ReLU。
#
# PyTorch 的 `nn.Linear(n, m)` 把权重存成 $(m, n)$ 的形状，计算的是 $XW^\top + \mathbf{b}$，所以我们要把自己的矩阵转置后再复制进去。
# 两个版本的结果应当在浮点精度内一致。

# %%
sizes = [3, 8, 8, 2]
params = [(rng.normal(size=(n_in, n_out)) / math.sqrt(n_in), np.zeros(n_out))
          for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def mlp_numpy(X, params):
    """Forward pass: X (N, sizes[0]) -> scores (N, sizes[-1]); ReLU after every layer but the last."""
    for i, (W, b) in enumerate(params):
        X = X @ W + b
        if i < len(params) - 1:
            X = np.maximum(X, 0.0)
    return X


torch_mlp = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2)).double()
linears = [layer for layer in torch_mlp if isinstance(layer, nn.Linear)]
with torch.no_grad():
    for layer, (W, b) in zip(linears, params):
        layer.weight.copy_(torch.from_numpy(W.T))
        layer.bias.copy_(torch.from_numpy(b))

out_numpy = mlp_numpy(X, params)
out_torch = torch_mlp(torch.from_numpy(X)).detach().numpy()
print(pick("output shape", "输出形状"), out_numpy.shape,
      pick("| max difference NumPy vs PyTorch:", "| NumPy 与 PyTorch 的最大差异："), np.abs(out_numpy - out_torch).max())
assert np.allclose(out_numpy, out_torch)

# %% [markdown] en
# ## 4. Activation functions and their derivatives
#
# | name | $\varphi(z)$ | $\varphi'(z)$ |
# |---|---|---|
# | sigmoid | $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ | $\sigma(z)\,(1 - \sigma(z))$ |
# | tanh | $\tanh z$ | $1 - \tanh^2 z$ |
# | ReLU | $\max(0, z)$ | $1$ if $z > 0$, else $0$ |
# | GELU | $z\,\Phi(z)$ | $\Phi(z) + z\,\phi(z)$ |
#
# $\Phi$ and $\phi$ are the cumulative distribution and the density of the standard normal distribution. Training
# multiplies derivatives like these layer after layer (next notebook), so their size matters: the sigmoid's
# derivative is at most $0.25$, so ten sigmoid layers can shrink a gradient by $0.25^{10} \approx 10^{-6}$
# (**vanishing gradients**), while ReLU passes gradients of positive inputs through unchanged. We check each
# formula against PyTorch's automatic derivative, then plot.
# %% [markdown] zh
# ## 4. 激活函数及其导数
#
# | 名称 | $\varphi(z)$ | $\varphi'(z)$ |
# |---|---|---|
# | sigmoid | $\sigma(z) = \dfrac{1}{1 + e^{-z}}$ | $\sigma(z)\,(1 - \sigma(z))$ |
# | tanh | $\tanh z$ | $1 - \tanh^2 z$ |
# | ReLU | $\max(0, z)$ | $z > 0$ 时为 $1$，否则为 $0$ |
# | GELU | $z\,\Phi(z)$ | $\Phi(z) + z\,\phi(z)$ |
#
# 其中 $\Phi$ 和 $\phi$ 分别是标准正态分布的累积分布函数和概率密度函数。训练时这些导数会一层接一层地连乘（见下一个笔记本），
# 所以它们的大小很关键：sigmoid 的导数最大只有 $0.25$，十层 sigmoid 就可能把梯度缩小到 $0.25^{10} \approx 10^{-6}$
# （**梯度消失**）；而 ReLU 对正输入的梯度原样传递。下面先用 PyTorch 的自动求导逐一核对这些导数公式，再画图。

# %%
def normal_cdf(z):
    return 0.5 * (1.0 + torch.erf(z / math.sqrt(2.0)))


def normal_pdf(z):
    return torch.exp(-0.5 * z ** 2) / math.sqrt(2.0 * math.pi)


activations = {
    # name: (function, derivative written out by hand)
    "sigmoid": (torch.sigmoid, lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z))),
    "tanh": (torch.tanh, lambda z: 1 - torch.tanh(z) ** 2),
    "ReLU": (torch.relu, lambda z: (z > 0).double()),
    "GELU": (F.gelu, lambda z: normal_cdf(z) + z * normal_pdf(z)),
}

z = torch.linspace(-4, 4, 401, dtype=torch.float64, requires_grad=True)
fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(10, 3.6))
for name, (function, derivative) in activations.items():
    value = function(z)
    (autograd_derivative,) = torch.autograd.grad(value.sum(), z)
    assert torch.allclose(autograd_derivative, derivative(z.detach())), name
    ax_f.plot(z.detach(), value.detach(), label=name)
    ax_d.plot(z.detach(), autograd_derivative, label=name)
ax_f.set_title("$\\varphi(z)$")
ax_d.set_title("$\\varphi'(z)$")
for ax in (ax_f, ax_d):
    ax.set_xlabel("$z$")
    ax.grid(alpha=0.3)
    ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown] en
# ## 5. Softmax and cross-entropy
#
# A classifier's last layer outputs one score per class, the **logits** $z_1, \dots, z_C$. Softmax turns them into
# probabilities, and the cross-entropy loss of an example whose true class is $y$ is minus the log of the
# probability given to it:
#
# $$p_k = \operatorname{softmax}(\mathbf{z})_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad
# \ell(\mathbf{z}, y) = -\log p_y = -z_y + \log \sum_j e^{z_j}.$$
#
# Computed literally, $e^{z}$ overflows to infinity once $z > 709$ in float64 (and $z > 88$ in float32), and then
# $\infty / \infty$ gives NaN. Subtracting the largest logit $m = \max_j z_j$ changes nothing mathematically,
# because the factor $e^{-m}$ cancels, but keeps every exponent at most $0$:
#
# $$\log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m} \qquad \text{(log-sum-exp)}.$$
# %% [markdown] zh
# ## 5. softmax 与交叉熵
#
# 分类器的最后一层为每个类别输出一个分数，即 **logits** $z_1, \dots, z_C$。softmax 把它们变成概率；
# 对真实类别为 $y$ 的样本，交叉熵损失就是模型给真实类别的概率取对数再取负：
#
# $$p_k = \operatorname{softmax}(\mathbf{z})_k = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad
# \ell(\mathbf{z}, y) = -\log p_y = -z_y + \log \sum_j e^{z_j}.$$
#
# 如果照字面计算，float64 中只要 $z > 709$（float32 中 $z > 88$），$e^{z}$ 就会溢出为无穷大，接着 $\infty / \infty$ 得到 NaN。
# 先减去最大的 logit $m = \max_j z_j$，数学上结果不变（因子 $e^{-m}$ 会约掉），却能保证所有指数都不超过 $0$：
#
# $$\log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m} \qquad \text{（log-sum-exp 技巧）}.$$

# %%
# NBVAL_CHECK_OUTPUT
def softmax_naive(z):
    e = np.exp(z)
    return e / e.sum()


def softmax_stable(z):
    e = np.exp(z - z.max())
    return e / e.sum()


logits = np.array([1000.0, 1001.0, 1002.0])
with np.errstate(over="ignore", invalid="ignore"):  # the overflow is the point of this cell
    print(pick("naive: ", "朴素写法："), softmax_naive(logits))
print(pick("stable:", "稳定写法："), softmax_stable(logits).round(4))
print(pick("same as for [0, 1, 2]:", "与 [0, 1, 2] 的结果相同："), softmax_stable(np.array([0.0, 1.0, 2.0])).round(4))

# %% [markdown] en
# Now the loss of a whole batch: logits of shape $(N, C)$, integer targets of shape $(N,)$, averaged over the
# batch. Our NumPy version must match `torch.nn.functional.cross_entropy`, even with logits in the thousands.
# %% [markdown] zh
# 接下来计算整批样本的损失：logits 的形状为 $(N, C)$，整数目标的形状为 $(N,)$，对整批取平均。
# 我们的 NumPy 版本必须与 `torch.nn.functional.cross_entropy` 一致，即使 logits 大到上千也一样。

# %%
def cross_entropy_numpy(logits, targets):
    """Mean cross-entropy in nats: logits (N, C), targets (N,) integer class ids."""
    m = logits.max(axis=1, keepdims=True)                                   # (N, 1)
    log_sum_exp = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))         # (N,)
    return np.mean(log_sum_exp - logits[np.arange(len(targets)), targets])


batch_logits = rng.normal(size=(6, 4)) * 1000.0
batch_targets = rng.integers(0, 4, size=6)
ours = cross_entropy_numpy(batch_logits, batch_targets)
reference = F.cross_entropy(torch.from_numpy(batch_logits), torch.from_numpy(batch_targets)).item()
print(f"{pick('ours', '我们的实现')} {ours:.6f} | PyTorch {reference:.6f}")
assert math.isclose(ours, reference, rel_tol=1e-9)

# %% [markdown] en
# ## 6. Training on 2-D data: watching the decision boundary bend
#
# The two-moons data set has two interleaved half circles, one per class, so no straight line separates them. We
# train a 2-16-16-2 MLP with full-batch Adam on the cross-entropy loss, saving the weights at a few steps, and shade
# the plane by the class the network predicts: the **decision boundary** is where the colour changes.
#
# `train_classifier` is the whole training loop: forward pass, loss, `backward()` to get the gradients, and one
# optimizer step.
# %% [markdown] zh
# ## 6. 在二维数据上训练：看决策边界一步步弯曲
#
# 双月牙数据集由两个交错的半圆组成，每个半圆是一个类别，任何直线都无法把它们分开。我们用全批量的 Adam 优化器、
# 以交叉熵为损失，训练一个 2-16-16-2 的 MLP，并在几个步数上保存权重；然后按网络预测的类别给平面着色，
# 颜色变化之处就是**决策边界**。
#
# `train_classifier` 就是完整的训练循环：前向传播、计算损失、调用 `backward()` 求梯度、优化器更新一步。

# %%
def train_classifier(model, X, y, steps, lr=0.02, snapshot_steps=()):
    """Full-batch Adam on the cross-entropy loss. Returns the final loss and {step: copy of the weights}."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    snapshots = {}
    for step in range(steps + 1):
        if step in snapshot_steps:
            snapshots[step] = {name: value.clone() for name, value in model.state_dict().items()}
        if step == steps:
            break
        loss = F.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item(), snapshots


def predict_classes(model):
    """Wrap a torch classifier as a function from a NumPy array (n, 2) to class ids (n,)."""
    def predict(points):
        with torch.no_grad():
            return model(torch.tensor(points, dtype=torch.float32)).argmax(dim=1).numpy()
    return predict


def accuracy(model, X, y):
    with torch.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


X_moons, y_moons = make_moons(n_samples=300, noise=0.2, random_state=0)
X_moons_t = torch.tensor(X_moons, dtype=torch.float32)
y_moons_t = torch.tensor(y_moons)

oi.seed(0)
moons_model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 2))
start = time.perf_counter()
snapshot_steps = (0, 10, 40, 200)
final_loss, snapshots = train_classifier(moons_model, X_moons_t, y_moons_t, steps=200, snapshot_steps=snapshot_steps)
training_accuracy = accuracy(moons_model, X_moons_t, y_moons_t)
print(pick(f"trained in {time.perf_counter() - start:.1f} s, final loss {final_loss:.3f}, "
           f"training accuracy {training_accuracy:.1%}",
           f"训练用时 {time.perf_counter() - start:.1f} 秒，最终损失 {final_loss:.3f}，"
           f"训练集准确率 {training_accuracy:.1%}"))

fig, axes = plt.subplots(1, len(snapshot_steps), figsize=(14, 3.4))
for ax, step in zip(axes, snapshot_steps):
    moons_model.load_state_dict(snapshots[step])
    oi.plot.decision_boundary(predict_classes(moons_model), X_moons, y_moons, ax=ax,
                              title={"en": f"step {step}", "zh": f"第 {step} 步"}[LANG])
plt.tight_layout()
plt.show()
assert accuracy(moons_model, X_moons_t, y_moons_t) > 0.95

# %% [markdown] en
# Three interleaved spirals are harder. A **linear** classifier (no hidden layer, so every boundary between two
# classes is a straight line) cannot do much better than chance, $1/3$; a network with two hidden layers of 64
# ReLU units separates the arms.
# %% [markdown] zh
# 三条交错的螺旋线更难。**线性**分类器（没有隐藏层，任意两类之间的边界都是直线）的准确率比随机猜测的 $1/3$ 好不了多少；
# 而有两个隐藏层、每层 64 个 ReLU 单元的网络能把各条螺旋臂分开。

# %%
X_spirals, y_spirals = toy.spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0)
X_spirals_t = torch.tensor(X_spirals, dtype=torch.float32)
y_spirals_t = torch.tensor(y_spirals)

oi.seed(0)
linear_model = nn.Linear(2, 3)
deep_model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.8))
spiral_accuracy = {}
for ax, (name, model) in zip(axes, [("linear", linear_model), ("MLP 2-64-64-3", deep_model)]):
    title = {"en": name, "zh": {"linear": "线性模型"}.get(name, name)}[LANG]
    train_classifier(model, X_spirals_t, y_spirals_t, steps=500, lr=0.01)
    spiral_accuracy[name] = accuracy(model, X_spirals_t, y_spirals_t)
    oi.plot.decision_boundary(predict_classes(model), X_spirals, y_spirals, ax=ax,
                              title=f"{title}: {spiral_accuracy[name]:.0%}")
plt.tight_layout()
plt.show()
assert spiral_accuracy["linear"] < 0.7
assert spiral_accuracy["MLP 2-64-64-3"] > 0.95

# %% [markdown] en
# ## 7. What width and depth buy: fitting a 1-D function
#
# A network with one hidden layer of enough units can approximate any continuous function on an interval (the
# universal approximation theorem), but the theorem does not tell how many units are enough. We fit
# $f(x) = \sin 2x + \tfrac12 \sin 5x$ on $[-3, 3]$ with tanh networks of different shapes, all trained the same way
# (1,000 full-batch Adam steps on the mean squared error), and compare the error with the parameter count.
# %% [markdown] zh
# ## 7. 宽度与深度各带来什么：拟合一维函数
#
# 只要隐藏单元足够多，一个单隐藏层网络就能在区间上任意逼近任何连续函数（万能逼近定理）；但定理没说“足够多”是多少。
# 我们在 $[-3, 3]$ 上拟合 $f(x) = \sin 2x + \tfrac12 \sin 5x$，用不同形状的 tanh 网络，训练方式完全相同
# （以均方误差为损失，全批量 Adam 训练 1,000 步），再把误差与参数量放在一起比较。

# %%
x_1d = torch.linspace(-3, 3, 200).unsqueeze(1)                         # (200, 1)
f_1d = torch.sin(2 * x_1d) + 0.5 * torch.sin(5 * x_1d)                  # (200, 1)


def tanh_mlp(sizes):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.Tanh()]
    return nn.Sequential(*layers[:-1])


shapes = {"1-2-1": [1, 2, 1], "1-8-1": [1, 8, 1], "1-64-1": [1, 64, 1], "1-8-8-8-1": [1, 8, 8, 8, 1]}
fits = {}
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.plot(x_1d, f_1d, color="black", lw=3, alpha=0.3, label="$f(x)$")
for name, sizes_1d in shapes.items():
    oi.seed(0)
    model = tanh_mlp(sizes_1d)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(1000):
        loss = F.mse_loss(model(x_1d), f_1d)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    n_params = sum(p.numel() for p in model.parameters())
    fits[name] = loss.item()
    print(f"{name:<10} {n_params:>4} {pick('parameters', '个参数')}   {pick('mean squared error', '均方误差')} {loss.item():.5f}")
    ax.plot(x_1d, model(x_1d).detach(), label=name)
ax.set_xlabel("$x$")
ax.legend(ncol=5, fontsize=8)
ax.grid(alpha=0.3)
plt.show()
assert fits["1-2-1"] > 10 * fits["1-64-1"]

# %% [markdown] en
# Two hidden units can only make a couple of bends, so the fit misses most of the wiggles; more units fit more of
# them. Compare the last two rows: a deeper network of similar size composes its bends instead of adding them up,
# which often reaches a lower error with fewer parameters. Rerun with another seed and the exact numbers change;
# the gap between two units and many does not.
# %% [markdown] zh
# 两个隐藏单元只能拐一两个弯，拟合曲线错过了大部分起伏；单元越多，能跟上的起伏越多。再比较最后两行：参数量相近时，
# 更深的网络把各层的弯折“复合”起来，而不是简单相加，往往能用更少的参数达到更低的误差。换一个随机种子重跑，
# 具体数字会变，但“两个单元”与“许多单元”之间的差距不会变。

# %% [markdown] en
# ## 8. A first text task: first name or ordinary word?
#
# Text has to become numbers before a network can read it. A simple choice is a **bag of character bigrams**:
# mark the start and end of the string with `^` and `$`, then count each pair of neighbouring characters, so
# `"anna"` becomes `^a`, `an`, `nn`, `na`, `a$`. Each string is a vector with one count per bigram in the vocabulary.
#
# The task: tell a first name (from the 32,033 US first names of the `names` data set) from an ordinary English
# word (the lowercase words of the English side of the Tatoeba English–Chinese sentence pairs, `cmn-eng`). Strings
# in both lists (`"grace"`, `"bill"`) are dropped, and the classes are balanced. Endings carry much of the signal:
# `-ing`, `-ed` and `-s` mark words, `-a`, `-ie` and `-lyn` mark names.
# %% [markdown] zh
# ## 8. 第一个文本任务：人名还是普通单词？
#
# 网络读文本之前，先得把文本变成数字。一个简单的办法是**字符二元组词袋**：用 `^` 和 `$` 标记字符串的开头和结尾，
# 再统计每一对相邻字符出现的次数，例如 `"anna"` 变成 `^a`、`an`、`nn`、`na`、`a$`。于是每个字符串都成了一个向量，
# 词表中的每个二元组对应一个计数。
#
# 任务是区分英文名（来自 `names` 数据集中的 32,033 个美国常用名）和普通英文单词（取自 Tatoeba 英汉句对 `cmn-eng`
# 英文一侧的小写单词）。两份名单里都有的字符串（如 `"grace"`、`"bill"`）被剔除，两类样本数量相同。
# 词尾携带了大量信息：`-ing`、`-ed`、`-s` 多半是单词，`-a`、`-ie`、`-lyn` 多半是人名。

# %%
all_names = set(oi.data.load_names())
# Keep words written in lowercase somewhere, so proper nouns such as "Tom" or "Boston" stay out.
lowercase_words = {word for pair in oi.data.load_cmn_eng()
                   for word in re.findall(r"[A-Za-z]+", pair["en"]) if word.islower()}
words = sorted(lowercase_words - all_names)
names = sorted(all_names - lowercase_words)
rng = np.random.default_rng(0)
names = sorted(rng.choice(names, size=len(words), replace=False))
strings = names + words
labels = np.array([0] * len(names) + [1] * len(words))                 # 0 = name, 1 = word
order = rng.permutation(len(strings))
n_train = int(0.8 * len(strings))
train_index, val_index = order[:n_train], order[n_train:]
print(pick(f"{len(names)} names and {len(words)} words; {n_train} for training, {len(val_index)} for validation",
           f"{len(names)} 个人名、{len(words)} 个单词；{n_train} 个用于训练，{len(val_index)} 个用于验证"))
print(pick("names:", "人名："), ", ".join(rng.choice(names, 8)), pick("| words:", "| 单词："), ", ".join(rng.choice(words, 8)))


def bigrams(text):
    padded = f"^{text}$"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


bigram_vocab = sorted({bigram for i in train_index for bigram in bigrams(strings[i])})
bigram_id = {bigram: i for i, bigram in enumerate(bigram_vocab)}


def featurize(texts):
    """Bag of character bigrams: (len(texts), len(bigram_vocab)) float32 counts; unseen bigrams are ignored."""
    features = np.zeros((len(texts), len(bigram_vocab)), dtype=np.float32)
    for row, text in enumerate(texts):
        for bigram in bigrams(text):
            if bigram in bigram_id:
                features[row, bigram_id[bigram]] += 1
    return features


X_text = torch.from_numpy(featurize(strings))
y_text = torch.from_numpy(labels)
print(pick(f"feature matrix {tuple(X_text.shape)} | vocabulary of {len(bigram_vocab)} bigrams",
           f"特征矩阵 {tuple(X_text.shape)} | 词表含 {len(bigram_vocab)} 个字符二元组"))

# %% [markdown] en
# We compare logistic regression (a single linear layer, which can only add up evidence from each bigram) with an
# MLP with one hidden layer of 64 ReLU units, which can also react to combinations of bigrams. Both train with
# mini-batches of 256 for 8 epochs and are scored on the held-out 20%.
# %% [markdown] zh
# 我们比较两个模型：逻辑回归（只有一个线性层，只能把每个二元组提供的证据简单相加），以及含一个 64 单元 ReLU 隐藏层的 MLP
# （还能对二元组的组合作出反应）。两者都以 256 为批量大小训练 8 轮，并在留出的 20% 数据上评估。

# %%
def train_text_classifier(model, epochs=8, batch_size=256, lr=0.01):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(0)
    train_t = torch.from_numpy(train_index)
    for epoch in range(epochs):
        for batch in train_t[torch.randperm(len(train_t), generator=generator)].split(batch_size):
            loss = F.cross_entropy(model(X_text[batch]), y_text[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    val = torch.from_numpy(val_index)
    return accuracy(model, X_text[val], y_text[val])


oi.seed(0)
text_models = {
    "logistic regression": nn.Linear(len(bigram_vocab), 2),
    "MLP, 64 hidden units": nn.Sequential(nn.Linear(len(bigram_vocab), 64), nn.ReLU(), nn.Linear(64, 2)),
}
model_labels = {"logistic regression": pick("logistic regression", "逻辑回归"),
                "MLP, 64 hidden units": pick("MLP, 64 hidden units", "MLP，64 个隐藏单元")}
text_accuracy = {}
for name, model in text_models.items():
    start = time.perf_counter()
    text_accuracy[name] = train_text_classifier(model)
    print(f"{model_labels[name]:<22} {pick('validation accuracy', '验证集准确率')} {text_accuracy[name]:.1%}   "
          f"({time.perf_counter() - start:.1f} {pick('s', '秒')})")
assert text_accuracy["MLP, 64 hidden units"] > 0.85

# %% [markdown] en
# The hidden layer helps only a little here: most of the evidence sits in single bigrams, especially the first and
# last, and a linear model already adds those up. Which strings does the MLP get wrong, and what does it make of
# strings it has never seen?
# %% [markdown] zh
# 在这个任务上，隐藏层带来的提升很有限：大部分证据就在单个二元组里（尤其是开头和结尾的二元组），线性模型已经能把它们加起来。
# MLP 在哪些字符串上出错？对从没见过的字符串，它又怎么判断？

# %%
mlp_text = text_models["MLP, 64 hidden units"]


def word_probability(texts):
    with torch.no_grad():
        return F.softmax(mlp_text(torch.from_numpy(featurize(texts))), dim=1)[:, 1].numpy()


val_strings = [strings[i] for i in val_index]
val_prob = word_probability(val_strings)
mistakes = [(text, p) for text, p, label in zip(val_strings, val_prob, labels[val_index]) if (p > 0.5) != label]
print(pick("mistakes (P(word)):", "分错的字符串（P(单词)）："), ", ".join(f"{text} {p:.2f}" for text, p in mistakes[:12]))
probes = ["london", "keyboard", "olivia", "running", "xiaoming", "jennifer", "beautifully", "tokyo"]
for text, p in zip(probes, word_probability(probes)):
    print(f"  {text:<12} {pick('P(word)', 'P(单词)')} = {p:.2f}")

# %% [markdown] en
# Many mistakes are reasonable: names that look like words and words that look like names. The probes show the
# limits of bigram evidence: a place name such as "tokyo" is neither class, and the model must still pick one.
# %% [markdown] zh
# 许多错误情有可原：有些人名长得像单词，有些单词长得像人名。几个探针词展示了二元组证据的局限：“tokyo” 这样的地名两类都不属于，
# 模型却仍然必须二选一。

# %% [markdown] en
# ## Summary
#
# - A neuron computes $\varphi(\mathbf{w} \cdot \mathbf{x} + b)$; a layer does it for many neurons and many
#   examples at once as $\varphi(XW + \mathbf{b})$, with $X: (N, n)$ and $W: (n, m)$.
# - Without nonlinear activations, stacked layers collapse into one linear map. Sigmoid and tanh saturate (small
#   derivatives far from 0); ReLU and GELU do not for positive inputs.
# - Softmax turns logits into probabilities; cross-entropy is $-\log p_y$. Compute it with log-sum-exp
#   (subtract the largest logit first), as `F.cross_entropy` does, or large logits overflow.
# - Hidden layers bend decision boundaries: a linear classifier fails on spirals, a small MLP does not. More width
#   fits more detail; depth composes features.
# - Text becomes a network input through features such as a bag of character bigrams.
#
# Next: how `loss.backward()` computes all those gradients — backpropagation, built from scratch.
#
# ## Exercises
# %% [markdown] zh
# ## 小结
#
# - 一个神经元计算 $\varphi(\mathbf{w} \cdot \mathbf{x} + b)$；一层神经元用 $\varphi(XW + \mathbf{b})$ 一次算完许多神经元、许多样本，
#   其中 $X: (N, n)$，$W: (n, m)$。
# - 没有非线性激活函数，层叠得再多也会塌缩成一个线性映射。sigmoid 和 tanh 会饱和（远离 0 处导数很小）；ReLU 和 GELU 对正输入不会。
# - softmax 把 logits 变成概率；交叉熵就是 $-\log p_y$。要像 `F.cross_entropy` 那样用 log-sum-exp（先减去最大的 logit）计算，
#   否则大的 logits 会溢出。
# - 隐藏层让决策边界弯曲：线性分类器对付不了螺旋线，小小的 MLP 却可以。更宽能拟合更多细节；更深能把特征层层复合。
# - 文本要通过特征（例如字符二元组词袋）才能成为网络的输入。
#
# 下一个笔记本：`loss.backward()` 是怎么算出所有这些梯度的？我们将从零实现反向传播。
#
# ## 练习

# %% [markdown] en
# ### Exercise 1: the sigmoid's derivative
#
# Write `sigmoid_derivative(z)`, which returns $\sigma'(z)$ elementwise for a NumPy array `z`. Use the identity in
# the table of section 4 rather than a numerical difference.
# %% [markdown] zh
# ### 练习 1：sigmoid 的导数
#
# 编写 `sigmoid_derivative(z)`，对 NumPy 数组 `z` 逐元素返回 $\sigma'(z)$。请使用第 4 节表格中的恒等式，不要用数值差分。

# %%
def sigmoid_derivative(z):
    raise NotImplementedError


SIGMOID_CASES = [
    Case((np.array([0.0]),), np.array([0.25])),
    Case((np.array([-2.0, 2.0]),), np.array([0.1049935854035065, 0.10499358540350662])),
    Case((np.array([[10.0, -30.0]]),), np.array([[4.5395807735907655e-05, 9.357622968838423e-14]])),
]
SIGMOID_HINT = {
    "en": "Compute s = 1 / (1 + np.exp(-z)) first; the derivative is s times (1 - s). It must keep the shape of z.",
    "zh": "先算 s = 1 / (1 + np.exp(-z))；导数等于 s 乘以 (1 - s)。返回值的形状要与 z 相同。",
}
oi.exercises.check({"en": "Exercise 1: the sigmoid's derivative", "zh": "练习 1：sigmoid 的导数"},
                   sigmoid_derivative, SIGMOID_CASES, hint=SIGMOID_HINT);

# %% solution
def sigmoid_derivative(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


oi.exercises.check({"en": "Exercise 1: the sigmoid's derivative", "zh": "练习 1：sigmoid 的导数"},
                   sigmoid_derivative, SIGMOID_CASES, hint=SIGMOID_HINT);

# %% [markdown] en
# ### Exercise 2: log-sum-exp
#
# Write `logsumexp(z)`, which returns $\log \sum_j e^{z_j}$ for a 1-D NumPy array `z`, without overflow or underflow
# for entries as large as $\pm 1000$.
# %% [markdown] zh
# ### 练习 2：log-sum-exp
#
# 编写 `logsumexp(z)`，对一维 NumPy 数组 `z` 返回 $\log \sum_j e^{z_j}$。当元素大到 $\pm 1000$ 时也不能上溢或下溢。

# %%
def logsumexp(z):
    raise NotImplementedError


LOGSUMEXP_CASES = [
    Case((np.array([0.0, 0.0, 0.0]),), 1.0986122886681098),
    Case((np.array([1.0, 2.0, 3.0]),), 3.40760596444438),
    Case((np.array([1000.0, 1000.0]),), 1000.6931471805599),
    Case((np.array([-1000.0, -1000.0]),), -999.3068528194401),
]
LOGSUMEXP_HINT = {
    "en": "Subtract m = z.max() before exponentiating, and add m back after the log.",
    "zh": "取指数之前先减去 m = z.max()，取完对数后再把 m 加回来。",
}
oi.exercises.check({"en": "Exercise 2: log-sum-exp", "zh": "练习 2：log-sum-exp"},
                   logsumexp, LOGSUMEXP_CASES, hint=LOGSUMEXP_HINT);

# %% solution
def logsumexp(z):
    m = z.max()
    return float(m + np.log(np.exp(z - m).sum()))


oi.exercises.check({"en": "Exercise 2: log-sum-exp", "zh": "练习 2：log-sum-exp"},
                   logsumexp, LOGSUMEXP_CASES, hint=LOGSUMEXP_HINT);

# %% [markdown] en
# ### Exercise 3: counting parameters
#
# Write `count_parameters(sizes)`: the number of weights and biases of an MLP whose layer widths are `sizes`
# (input first, output last), such as `[2, 16, 16, 1]`. Check your answer on the models above with
# `sum(p.numel() for p in model.parameters())`.
# %% [markdown] zh
# ### 练习 3：数一数参数
#
# 编写 `count_parameters(sizes)`：对各层宽度为 `sizes`（第一个是输入，最后一个是输出）的 MLP，例如 `[2, 16, 16, 1]`，
# 返回其权重与偏置的总数。可以用 `sum(p.numel() for p in model.parameters())` 在上面的模型上核对你的答案。

# %%
def count_parameters(sizes):
    raise NotImplementedError


PARAMETER_CASES = [
    Case(([2, 16, 16, 1],), 337),
    Case(([1, 8, 8, 8, 1],), 169),
    Case(([3, 1],), 4),
    Case(([len(bigram_vocab), 64, 2],), 64 * len(bigram_vocab) + 64 + 64 * 2 + 2),
]
PARAMETER_HINT = {
    "en": "A layer from n inputs to m outputs has an (n, m) weight matrix and m biases. Pair up neighbouring widths.",
    "zh": "从 n 个输入到 m 个输出的一层有一个 (n, m) 的权重矩阵和 m 个偏置。把相邻的两个宽度配成一对来算。",
}
oi.exercises.check({"en": "Exercise 3: counting parameters", "zh": "练习 3：数一数参数"},
                   count_parameters, PARAMETER_CASES, hint=PARAMETER_HINT);

# %% solution
def count_parameters(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


oi.exercises.check({"en": "Exercise 3: counting parameters", "zh": "练习 3：数一数参数"},
                   count_parameters, PARAMETER_CASES, hint=PARAMETER_HINT);

# %%
print(pick(f"notebook ran in {time.perf_counter() - notebook_start:.0f} s",
           f"笔记本运行用时 {time.perf_counter() - notebook_start:.0f} 秒"))
