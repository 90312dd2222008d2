# %% [markdown] en
# # 06 · Optimizers: momentum, AdaGrad, RMSProp, Adam
#
# Chapter 5 trained models with the plain update $\theta \leftarrow \theta - \eta g$. Language models are almost never trained that way: they use Adam or AdamW, with a learning-rate schedule and gradient clipping. This notebook builds each of those pieces and checks it against PyTorch. You will
#
# 1. read SGD with momentum and Nesterov momentum, AdaGrad, RMSProp, Adam and AdamW as short `torch.optim.Optimizer` subclasses, each beside its update rule;
# 2. prove that each gives the same parameters as PyTorch's own optimizer, step for step, and that its state can be saved and resumed;
# 3. watch every optimizer on four loss surfaces (a narrow valley, the Rosenbrock function, a saddle point, noisy gradients) and play with them in an interactive playground;
# 4. build the common learning-rate schedules, compare them with `torch.optim.lr_scheduler`, and see why language models clip their gradients;
# 5. train the same small GPT with every optimizer and compare loss and time.
#
# Everything runs in under a minute on a laptop CPU.
# %% [markdown] zh
# # 06 · 优化器：动量、AdaGrad、RMSProp 与 Adam
#
# 第 5 章用最朴素的更新 $\theta \leftarrow \theta - \eta g$ 训练模型。语言模型几乎从不这样训练：它们用 Adam 或 AdamW，再配上学习率调度和梯度裁剪。本笔记本把这些部件逐一搭起来，并与 PyTorch 对照检验。你将：
#
# 1. 阅读带动量和 Nesterov 动量的 SGD、AdaGrad、RMSProp、Adam 与 AdamW 的实现——它们都是简短的 `torch.optim.Optimizer` 子类，每个都与其更新公式并排给出；
# 2. 证明每个优化器与 PyTorch 自带的对应实现逐步得到相同的参数，并且其状态可以保存后继续训练；
# 3. 在四种损失曲面（狭长山谷、Rosenbrock 函数、鞍点、带噪声的梯度）上观察各个优化器，并在交互式演示中亲手调节；
# 4. 实现常用的学习率调度，与 `torch.optim.lr_scheduler` 对照，并弄清语言模型为什么要做梯度裁剪；
# 5. 用每一种优化器训练同一个小型 GPT，比较损失和耗时。
#
# 在笔记本电脑的 CPU 上，全部运行用不了一分钟。
# %%
# On Google Colab only: install the course package and the libraries Colab lacks, keeping Colab's own torch.
import sys
if "google.colab" in sys.modules:
    !pip install -q "oi-helpers @ git+https://github.com/open-interpreter-course/open-interpreter"
# %% edition en
LANG = "en"
# %% edition zh
LANG = "zh"
# %% [markdown] en
# ## Setting up
#
# Besides the usual first cell, we import the chapter's modules: `optim` (the optimizers), `schedules` (learning-rate schedules), `surfaces` (loss surfaces and paths) and `widgets` (the playground).
# The models are small, so we train on the CPU with one thread, which for models this size is faster than two.
# `show_source` prints the code of a function from the package, so you can read each optimizer beside its formula.
# %% [markdown] zh
# ## 准备工作
#
# 除了每个笔记本开头的常规设置，我们还导入本章的模块：`optim`（优化器）、`schedules`（学习率调度）、`surfaces`（损失曲面与优化路径）和 `widgets`（交互式演示）。
# 模型都很小，所以我们在 CPU 上用单线程训练；对这种规模的模型，单线程比双线程还快。
# `show_source` 会显示软件包中某个函数的源代码，方便你把每个优化器的代码和公式对照着读。
# %%
import copy
import inspect
import math
import time
from collections import Counter
from functools import partial

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from IPython.display import Markdown, display

import oi_helpers as oi
from oi_helpers import data, models, optim, schedules, surfaces
from oi_helpers.exercises import Case
from oi_helpers.train import BatchSampler, evaluate, lm_loss, windows
from oi_helpers.widgets import Playground

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
device = oi.device()
torch.set_num_threads(1)


def localized(en: str, zh: str) -> str:
    """Return the text for this edition's language (plot labels and printed lines)."""
    return en if LANG == "en" else zh


def show_source(function) -> None:
    """Display the source code of a function or method as a Python code block."""
    display(Markdown(f"```python\n{inspect.getsource(function)}```"))
# %% [markdown] en
# ## 1. What an optimizer is, to PyTorch
#
# A `torch.optim.Optimizer` contains
#
# - `param_groups`: a list of dicts, each with its `params` and its own hyper-parameters (`lr`, `momentum`, ...), so different parts of a model can train at different rates;
# - `state`: a dict from each parameter to whatever the optimizer remembers about it (a momentum buffer, running averages, a step count);
# - `step()`: one update of every parameter from its `.grad`.
#
# `state_dict()` and `load_state_dict()` save and restore the hyper-parameters and the state, so training can resume where it stopped.
#
# All the course optimizers share the `step` below. It loops over groups and parameters and hands each one, with its gradient and state, to the optimizer's `update` method. Everything that differs between optimizers is in `update`.
# %% [markdown] zh
# ## 1. 在 PyTorch 眼中，优化器是什么
#
# 一个 `torch.optim.Optimizer` 包含：
#
# - `param_groups`：一个字典列表，每组有自己的 `params` 和超参数（`lr`、`momentum` 等），因此模型的不同部分可以用不同的学习率训练；
# - `state`：一个字典，记录优化器对每个参数需要记住的东西（动量缓冲、滑动平均、步数等）；
# - `step()`：根据每个参数的 `.grad` 把所有参数更新一次。
#
# `state_dict()` 和 `load_state_dict()` 负责保存和恢复超参数与状态，训练因此可以从中断处继续。
#
# 课程实现的所有优化器共用下面这个 `step`：它遍历每组参数，把每个参数连同其梯度和状态交给优化器的 `update` 方法。各个优化器的不同之处全都在 `update` 里。
# %%
show_source(optim.PerParameterOptimizer.step)
# %% [markdown] en
# ## 2. SGD with momentum and Nesterov momentum
#
# Plain SGD steps along the current gradient. **Momentum** keeps a running sum $b$ of past gradients, so that directions where gradients agree build up speed and directions where they alternate cancel out. **Nesterov momentum** looks one step ahead: it adds the momentum term to the gradient once more before stepping. **Weight decay** $\lambda$ adds $\lambda\theta$ to the gradient (L2 regularization).
#
# $$
# \begin{aligned}
# g &\leftarrow g + \lambda\theta \\
# b &\leftarrow \mu b + (1 - \tau) g \qquad (b = g \text{ at the first step}) \\
# d &= \begin{cases} g + \mu b & \text{Nesterov} \\ b & \text{momentum} \\ g & \text{plain SGD} \end{cases} \\
# \theta &\leftarrow \theta - \eta d
# \end{aligned}
# $$
#
# Here $\mu$ is the momentum (typically 0.9) and $\tau$ the dampening (usually 0). With $\mu = 0.9$, a constant gradient builds up to a step ten times as long as plain SGD's.
# %% [markdown] zh
# ## 2. 带动量与 Nesterov 动量的 SGD
#
# 朴素 SGD 沿着当前梯度迈步。**动量**维护过去梯度的累积 $b$：各步梯度方向一致时越走越快，来回摆动的方向则相互抵消。**Nesterov 动量**往前多看一步：迈步前把动量项再加到梯度上一次。**权重衰减** $\lambda$ 把 $\lambda\theta$ 加到梯度上（即 L2 正则化）。
#
# $$
# \begin{aligned}
# g &\leftarrow g + \lambda\theta \\
# b &\leftarrow \mu b + (1 - \tau) g \qquad (\text{第一步时 } b = g) \\
# d &= \begin{cases} g + \mu b & \text{Nesterov} \\ b & \text{动量} \\ g & \text{朴素 SGD} \end{cases} \\
# \theta &\leftarrow \theta - \eta d
# \end{aligned}
# $$
#
# 其中 $\mu$ 是动量系数（通常取 0.9），$\tau$ 是阻尼（通常为 0）。$\mu = 0.9$ 时，在恒定梯度下步长最终会累积到朴素 SGD 的十倍。
# %%
show_source(optim.SGD.update)
# %% [markdown] en
# ## 3. AdaGrad
#
# AdaGrad gives every coordinate its own learning rate: it divides by the square root of the sum of that coordinate's squared gradients so far. Rare features with small gradients get large steps; frequent ones get small steps. Because the sum only grows, the steps shrink forever, which is good for convex problems and often too slow for neural networks.
#
# $$
# \begin{aligned}
# g &\leftarrow g + \lambda\theta \\
# s &\leftarrow s + g^2 \\
# \theta &\leftarrow \theta - \frac{\eta}{1 + (t - 1)\,\delta}\cdot\frac{g}{\sqrt{s} + \epsilon}
# \end{aligned}
# $$
#
# All operations are element-wise; $\delta$ is an optional learning-rate decay and $t$ the step count.
# %% [markdown] zh
# ## 3. AdaGrad
#
# AdaGrad 给每个坐标各自的学习率：用该坐标至今所有梯度平方之和的平方根去除。梯度小的稀有特征步子大，频繁出现的特征步子小。由于平方和只增不减，步长会一直缩小：这对凸问题是好事，但训练神经网络时往往太慢。
#
# $$
# \begin{aligned}
# g &\leftarrow g + \lambda\theta \\
# s &\leftarrow s + g^2 \\
# \theta &\leftarrow \theta - \frac{\eta}{1 + (t - 1)\,\delta}\cdot\frac{g}{\sqrt{s} + \epsilon}
# \end{aligned}
# $$
#
# 所有运算都逐元素进行；$\delta$ 是可选的学习率衰减，$t$ 是步数。
# %%
show_source(optim.Adagrad.update)
# %% [markdown] en
# ## 4. RMSProp
#
# RMSProp replaces AdaGrad's ever-growing sum by an exponential moving average $v$ of squared gradients, so the scale adapts to recent gradients and the steps do not vanish. The *centered* variant subtracts the squared mean gradient $\bar g^2$, estimating the variance instead of the raw second moment.
#
# $$
# \begin{aligned}
# v &\leftarrow \alpha v + (1 - \alpha) g^2, \qquad \bar g \leftarrow \alpha \bar g + (1 - \alpha) g \\
# \tilde v &= \begin{cases} v - \bar g^2 & \text{centered} \\ v & \text{otherwise} \end{cases} \\
# b &\leftarrow \mu b + \frac{g}{\sqrt{\tilde v} + \epsilon}, \qquad \theta \leftarrow \theta - \eta b \qquad (\mu = 0:\ \theta \leftarrow \theta - \eta\,\tfrac{g}{\sqrt{\tilde v} + \epsilon})
# \end{aligned}
# $$
# %% [markdown] zh
# ## 4. RMSProp
#
# RMSProp 把 AdaGrad 不断增长的平方和换成梯度平方的指数滑动平均 $v$，这样缩放尺度只跟随最近的梯度，步长不会消失。*中心化*（centered）版本再减去平均梯度的平方 $\bar g^2$，估计的是方差而不是原始的二阶矩。
#
# $$
# \begin{aligned}
# v &\leftarrow \alpha v + (1 - \alpha) g^2, \qquad \bar g \leftarrow \alpha \bar g + (1 - \alpha) g \\
# \tilde v &= \begin{cases} v - \bar g^2 & \text{中心化} \\ v & \text{其他情况} \end{cases} \\
# b &\leftarrow \mu b + \frac{g}{\sqrt{\tilde v} + \epsilon}, \qquad \theta \leftarrow \theta - \eta b \qquad (\mu = 0 \text{ 时}:\ \theta \leftarrow \theta - \eta\,\tfrac{g}{\sqrt{\tilde v} + \epsilon})
# \end{aligned}
# $$
# %%
show_source(optim.RMSprop.update)
# %% [markdown] en
# ## 5. Adam, and why it corrects its bias
#
# Adam combines momentum (a moving average $m$ of gradients) with RMSProp's scaling (a moving average $v$ of squared gradients):
#
# $$
# \begin{aligned}
# m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g^2 \\
# \hat m &= \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t} \\
# \theta &\leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}
# \end{aligned}
# $$
#
# Both averages start at zero, so early on they are too small: after one step $m = (1 - \beta_1) g$, a tenth of the gradient. Dividing by $1 - \beta^t$ undoes exactly that shrinkage when the gradient is constant. Without the correction, the step is $\frac{1 - \beta_1^t}{\sqrt{1 - \beta_2^t}}$ times the corrected one. With the usual $\beta_1 = 0.9$, $\beta_2 = 0.999$ that factor is about 3 at the first step and over 6 around step 12, and takes thousands of steps to return to 1, just when the model is most fragile.
# `Adam(..., bias_correction=False)` drops the correction so you can see this; PyTorch's Adam always corrects.
# %% [markdown] zh
# ## 5. Adam，以及它为什么要做偏差修正
#
# Adam 把动量（梯度的滑动平均 $m$）和 RMSProp 的缩放（梯度平方的滑动平均 $v$）结合在一起：
#
# $$
# \begin{aligned}
# m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g^2 \\
# \hat m &= \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t} \\
# \theta &\leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}
# \end{aligned}
# $$
#
# 两个滑动平均都从 0 开始，所以训练初期它们偏小：第一步后 $m = (1 - \beta_1) g$，只有梯度的十分之一。梯度恒定时，除以 $1 - \beta^t$ 恰好抵消这种缩小。如果不做修正，步长是修正后的 $\frac{1 - \beta_1^t}{\sqrt{1 - \beta_2^t}}$ 倍。取常用的 $\beta_1 = 0.9$、$\beta_2 = 0.999$ 时，这个倍数在第一步约为 3，在第 12 步前后超过 6，要过几千步才回到 1——而训练初期恰恰是模型最脆弱的时候。
# `Adam(..., bias_correction=False)` 去掉了修正，方便你观察这一现象；PyTorch 的 Adam 总是做修正。
# %%
show_source(optim.Adam.update)

steps = np.arange(1, 3001)
for beta1, beta2 in ((0.9, 0.999), (0.9, 0.99), (0.9, 0.95)):
    factor = (1 - beta1 ** steps) / np.sqrt(1 - beta2 ** steps)
    plt.semilogx(steps, factor, label=f"β1 = {beta1}, β2 = {beta2}")
plt.axhline(1, color="gray", linestyle=":")
plt.xlabel(localized("step t", "步数 t"))
plt.ylabel(localized("uncorrected step / corrected step", "未修正步长 / 修正后步长"))
plt.grid(alpha=0.3, which="both")
plt.legend()
plt.show()
# %% [markdown] en
# ## 6. AdamW: weight decay that is not rescaled
#
# In Adam, weight decay as L2 regularization adds $\lambda\theta$ to the gradient, which is then divided by $\sqrt{\hat v}$: weights whose gradients are large are hardly decayed at all. **AdamW** (Loshchilov and Hutter) applies the decay to the weights directly, before Adam's update, so every weight shrinks by the same fraction $\eta\lambda$ per step:
#
# $$\theta \leftarrow \theta - \eta\lambda\theta, \quad\text{then Adam's update with } \lambda = 0.$$
#
# It is the default optimizer for Transformers, and the one `oi_helpers.train` uses. In code, AdamW is Adam with a different `decay_weights`:
# %% [markdown] zh
# ## 6. AdamW：不被缩放的权重衰减
#
# 在 Adam 中，以 L2 正则化形式实现的权重衰减把 $\lambda\theta$ 加到梯度上，随后又被 $\sqrt{\hat v}$ 除掉：梯度大的权重几乎得不到衰减。**AdamW**（Loshchilov 与 Hutter 提出）在 Adam 更新之前直接对权重做衰减，于是每一步每个权重都按相同比例 $\eta\lambda$ 缩小：
#
# $$\theta \leftarrow \theta - \eta\lambda\theta, \quad\text{然后做 } \lambda = 0 \text{ 的 Adam 更新}$$
#
# 它是训练 Transformer 的默认优化器，`oi_helpers.train` 用的也是它。在代码中，AdamW 就是换了一个 `decay_weights` 的 Adam：
# %%
show_source(optim.Adam.decay_weights)
show_source(optim.AdamW.decay_weights)
# %% [markdown] en
# ## 7. Proof: the same numbers as PyTorch
#
# Now the claim that matters: each course optimizer is *the same algorithm* as PyTorch's. We train a tiny GPT (one layer) on real text twice, once with the course optimizer and once with PyTorch's, from the same initial weights, on the same batches, for 40 steps, and compare every parameter.
# We also stop the course optimizer halfway, save its `state_dict`, load it into a brand-new optimizer and a copy of the model, and finish the run: a correct state round trip continues exactly.
#
# The comparison runs in float64, where the only differences left are rounding at the $10^{-15}$ level. In float32 the two implementations also agree, to about $10^{-6}$: they evaluate the same formulas in a slightly different order (PyTorch computes moving averages with `lerp`, for example), which rounds differently. The test suite repeats this check for 300 steps, with parameter groups and with PyTorch's own state loaded into the course optimizers.
#
# The text here is also the corpus for the rest of the notebook: Tiny Shakespeare, as characters.
# %% [markdown] zh
# ## 7. 证明：与 PyTorch 得到相同的数字
#
# 现在来检验最关键的一点：课程实现的每个优化器与 PyTorch 中的对应实现是*同一个算法*。我们在真实文本上把一个很小的 GPT（只有一层）训练两次，一次用课程的优化器，一次用 PyTorch 的，初始权重相同、批次相同，各训练 40 步，然后逐个比较所有参数。
# 我们还在半途停下课程的优化器，保存它的 `state_dict`，载入一个全新的优化器和模型副本后把剩下的步数训练完：状态的保存与恢复如果正确，训练就会严丝合缝地继续下去。
#
# 比较用 float64 进行，剩下的差异只是 $10^{-15}$ 量级的舍入误差。用 float32 时两者同样一致，误差约为 $10^{-6}$：它们以略微不同的顺序计算同样的公式（例如 PyTorch 用 `lerp` 计算滑动平均），舍入方式因而不同。测试套件会把这项检查扩展到 300 步，并覆盖参数分组以及把 PyTorch 的状态载入课程优化器的情形。
#
# 这里的文本也是本笔记本后面各节的语料：约五千首唐诗，按字处理。为了让模型保持小巧、训练得快，只保留最常见的 500 个汉字（约占全文字数的七成），其余的字统一映射为同一个"罕见字"编号 0。
# %% edition en
corpus = data.load_shakespeare()
# %% edition zh
corpus = "\n".join("".join(poem["paragraphs"]) for poem in data.load_tang_poems())
# %%
# The 500 most frequent characters get ids 1..500; any other character shares id 0.
vocabulary = [c for c, _ in Counter(corpus).most_common(500)]
char_to_id = {c: i + 1 for i, c in enumerate(vocabulary)}
token_ids = torch.tensor([char_to_id.get(c, 0) for c in corpus[:300_000]])
train_ids, val_ids = token_ids[:270_000], token_ids[270_000:]
vocab_size = len(vocabulary) + 1
print(f"{localized('characters', '字符数')}: {len(token_ids):,}, vocab_size: {vocab_size}, "
      f"{localized('share of rare characters (id 0)', '罕见字（编号 0）所占比例')}: {(token_ids == 0).float().mean():.3f}")

PAIRS = {
    "sgd": (optim.SGD, torch.optim.SGD, {"lr": 0.1}),
    "momentum": (optim.SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "weight_decay": 1e-4}),
    "nesterov": (optim.SGD, torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    "adagrad": (optim.Adagrad, torch.optim.Adagrad, {"lr": 0.05}),
    "rmsprop": (optim.RMSprop, torch.optim.RMSprop, {"lr": 1e-3, "momentum": 0.5}),
    "adam": (optim.Adam, torch.optim.Adam, {"lr": 3e-3, "weight_decay": 1e-4}),
    "adamw": (optim.AdamW, torch.optim.AdamW, {"lr": 3e-3, "weight_decay": 0.1}),
}
tiny_config = models.GPTConfig(vocab_size=vocab_size, n_layer=1, n_head=2, n_embd=16, block_size=16)
tiny_sampler = BatchSampler(train_ids, tiny_config.block_size, batch_size=8, seed=0)
tiny_batches = [tiny_sampler.sample() for _ in range(40)]      # every run trains on these batches, in this order


def tiny_run(optimizer_class, hyper, steps, start=None):
    """Train a tiny float64 GPT; start=(model, optimizer state) resumes. Returns the model and optimizer state."""
    torch.manual_seed(0)
    model = models.GPT(tiny_config).double()
    optimizer = optimizer_class(model.parameters(), **hyper)
    first_step = 0
    if start is not None:
        model.load_state_dict(start[0])
        optimizer.load_state_dict(start[1])
        first_step = start[2]
    for X, y in tiny_batches[first_step:steps]:
        loss = lm_loss(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model, copy.deepcopy(optimizer.state_dict())


def max_difference(model_a, model_b):
    return max((a - b).abs().max().item() for a, b in zip(model_a.parameters(), model_b.parameters()))


torch.manual_seed(0)
initial_model = models.GPT(tiny_config).double()    # the same weights tiny_run starts from
rows = []
for name, (course_class, torch_class, hyper) in PAIRS.items():
    ours, _ = tiny_run(course_class, hyper, 40)
    reference, _ = tiny_run(torch_class, hyper, 40)
    halfway, halfway_state = tiny_run(course_class, hyper, 20)
    resumed, _ = tiny_run(course_class, hyper, 40, start=(copy.deepcopy(halfway.state_dict()), halfway_state, 20))
    rows.append({"optimizer": optim.label(name), "hyper-parameters": str(hyper),
                 localized("largest parameter change", "参数的最大变化"): f"{max_difference(ours, initial_model):.3f}",
                 localized("max |course - PyTorch|", "最大 |课程 - PyTorch|"): f"{max_difference(ours, reference):.1e}",
                 localized("max |resumed - PyTorch|", "最大 |恢复后 - PyTorch|"): f"{max_difference(resumed, reference):.1e}"})
    assert max_difference(ours, reference) < 1e-9, name
    assert max_difference(resumed, reference) < 1e-9, name
pd.DataFrame(rows)
# %% [markdown] en
# Every parameter moved by a visible amount (third column), and the course optimizers land on PyTorch's numbers up to float64 rounding, also after a save and a restore halfway.
# %% [markdown] zh
# 每个参数都有明显的变化（第三列），而课程实现的优化器与 PyTorch 的结果只差 float64 的舍入误差，中途保存、恢复之后也是如此。
# %% [markdown] en
# ## 8. Loss surfaces: watching the optimizers move
#
# On a two-dimensional loss we can draw every step. `oi_helpers.surfaces` has four, each a function of a point $(x, y)$ written in torch:
#
# - an **ill-conditioned quadratic**: a long narrow valley, turned 30°, with curvatures 50 times apart;
# - the **Rosenbrock valley** $(1 - x)^2 + 100\,(y - x^2)^2$, a curved valley with its minimum at $(1, 1)$;
# - a **saddle point** $x^2 + y^4/4 - y^2/2$: the start lies almost exactly on the ridge $y = 0$, with minima at $(0, \pm 1)$;
# - a **bowl with noisy gradients**: each gradient gets Gaussian noise, as a mini-batch gradient does.
#
# Each optimizer uses a learning rate that works well for it on that surface (stored in `surface.lrs`), with momentum 0.9 and Adam's usual betas. The black square is the start, the stars are the minima.
# %% [markdown] zh
# ## 8. 损失曲面：看优化器如何移动
#
# 在二维损失函数上，每一步都可以画出来。`oi_helpers.surfaces` 提供了四种曲面，每个都是用 torch 写的关于点 $(x, y)$ 的函数：
#
# - **病态二次函数**：一条旋转了 30° 的狭长山谷，两个方向的曲率相差 50 倍；
# - **Rosenbrock 山谷** $(1 - x)^2 + 100\,(y - x^2)^2$：一条弯曲的山谷，最小值在 $(1, 1)$；
# - **鞍点** $x^2 + y^4/4 - y^2/2$：起点几乎正好落在山脊 $y = 0$ 上，两个最小值在 $(0, \pm 1)$；
# - **梯度带噪声的碗形曲面**：每个梯度都叠加了高斯噪声，就像小批量梯度那样。
#
# 每个优化器在每个曲面上都使用适合它的学习率（存放在 `surface.lrs` 中），动量取 0.9，Adam 的 beta 取常用值。黑色方块是起点，星号是最小值。
# %%
all_paths = {key: [surfaces.run_path(surface, name) for name in optim.NAMES]
             for key, surface in surfaces.SURFACES.items()}
fig, axes = plt.subplots(2, 2, figsize=(10, 8.5))
for ax, (key, paths) in zip(axes.flat, all_paths.items()):
    surfaces.draw_paths(key, paths, ax=ax)
fig.tight_layout()
plt.show()

# Mean loss over each path's last 20 steps: on the noisy surface a single final value is mostly noise.
table = pd.DataFrame({surfaces.SURFACES[key].label: {path.label: path.losses[-20:].mean() for path in paths}
                      for key, paths in all_paths.items()})
table.round(4)
# %% [markdown] en
# A few things to look for (the table gives each path's mean loss over its last 20 steps):
#
# - **Quadratic**: plain SGD's learning rate is capped by the steep direction (curvature 2, so $\eta < 1$; here 0.8): it zigzags across the valley at first, and along the valley (curvature 0.04) each step removes only about 3% of the remaining distance. Momentum builds up speed along the valley but, with $\mu = 0.9$, also keeps swinging across it for a while; Nesterov's look-ahead damps the swing sooner. The adaptive methods rescale $x$ and $y$ separately, which cannot straighten a valley turned 30°: here they do no better than SGD.
# - **Rosenbrock**: the valley floor is nearly flat and the walls are steep. SGD makes little progress in 500 steps; momentum and Adam follow the curved floor to the minimum.
# - **Saddle**: at the start the gradient along $y$ is about $10^{-3}$. SGD moves $\eta g$ and needs many steps to leave the ridge; the adaptive methods divide by $\sqrt{v} \approx |g|$ and move at full speed in $y$ at once.
# - **Noisy gradients**: with a constant learning rate no optimizer settles at the minimum. Each keeps jittering around it, at a distance set by its learning rate and the noise, so the last column stays well above 0. AdaGrad, whose steps shrink as its sum of squared gradients grows, ends among the closest: this is why learning rates are decayed at the end of training (section 10).
#
# Below, the same paths on the Rosenbrock surface after 10, 50 and 500 steps: a few frames of the animation.
# %% [markdown] zh
# 值得留意的几点（表中给出每条路径最后 20 步的平均损失）：
#
# - **二次函数**：朴素 SGD 的学习率受陡峭方向的限制（曲率为 2，所以 $\eta < 1$，这里取 0.8）：它起初在山谷两侧来回"之"字形摆动，而沿山谷方向（曲率 0.04）每一步只能缩短剩余距离的 3% 左右。动量沿山谷方向越走越快，但在 $\mu = 0.9$ 时也会在山谷两侧来回摆动一阵；Nesterov 动量向前多看一步，摆动衰减得更快。自适应方法分别缩放 $x$ 和 $y$ 两个坐标，而这条山谷旋转了 30°，逐坐标缩放无法把它"扳正"：在这里它们并不比 SGD 好。
# - **Rosenbrock**：谷底几乎是平的，谷壁却很陡。SGD 走 500 步也没前进多少；动量法和 Adam 则沿着弯曲的谷底一路走到最小值。
# - **鞍点**：起点处沿 $y$ 方向的梯度只有约 $10^{-3}$。SGD 每步只移动 $\eta g$，要很多步才能离开山脊；自适应方法除以 $\sqrt{v} \approx |g|$，一开始就在 $y$ 方向上全速前进。
# - **带噪声的梯度**：学习率恒定时，没有哪个优化器能停在最小值上。它们都在最小值附近不停抖动，抖动幅度由各自的学习率和噪声决定，所以表格最后一列明显大于 0。AdaGrad 的梯度平方和越积越大，步长随之缩小，因此它是离最小值最近的几个之一——这正是训练后期要降低学习率的原因（见第 10 节）。
#
# 下面是 Rosenbrock 曲面上同样的路径在第 10、50、500 步时的样子，相当于动画中的几帧。
# %%
figure = surfaces.draw_frames("rosenbrock", all_paths["rosenbrock"], frames=(10, 50, 500))
plt.show()
# %% [markdown] en
# ## 9. The playground
#
# Pick a surface, one or more optimizers, the momentum, Adam's betas and the starting point; the paths redraw when you release a slider. By default each optimizer uses the surface's own learning rate for it; tick "One learning rate for all" to set it yourself. "Show up to step" replays a path step by step.
#
# Things to try: raise SGD's learning rate on the quadratic until it diverges; set momentum to 0.99; start the saddle run exactly at $y = 0$; set Adam's $\beta_2$ to 0.5.
#
# The playground needs a running kernel: in a saved copy of this notebook (on GitHub, for instance) it does not appear.
# %% [markdown] zh
# ## 9. 交互式演示
#
# 选择曲面、一个或多个优化器、动量、Adam 的 beta 以及起点；松开滑块后路径会重新绘制。默认情况下，每个优化器使用该曲面为它准备的学习率；勾选"所有优化器使用同一学习率"即可自己设定。"显示到第几步"可以一步一步回放路径。
#
# 可以试试：在二次函数上不断调高 SGD 的学习率，直到它发散；把动量设为 0.99；让鞍点上的起点恰好位于 $y = 0$；把 Adam 的 $\beta_2$ 设为 0.5。
#
# 交互式演示需要正在运行的内核：在保存下来的笔记本副本中（例如 GitHub 上）不会显示。
# %%
playground = Playground(surface="quadratic", optimizers=("sgd", "momentum", "adam"))
playground
# %% [markdown] en
# ## 10. Learning-rate schedules
#
# Large steps help early, when the loss is far from its minimum. Small steps help late, when gradient noise (section 8, noisy gradients) keeps the parameters jittering. A **schedule** sets the learning rate at each step $t$. `oi_helpers.schedules` has the four most used, as plain functions of $t$:
#
# - **step decay**: multiply by $\gamma$ every few steps;
# - **cosine decay**: $\eta_t = \eta_{\min} + \frac12(\eta - \eta_{\min})(1 + \cos\frac{\pi t}{T})$;
# - **linear warm-up, then cosine**: start small and ramp up linearly for $W$ steps, then decay. Adam's early steps are unreliable (its averages have seen few gradients), and Transformers in particular train badly without warm-up;
# - **one-cycle**: rise from $\eta/25$ to $\eta$ over 30% of training, then fall far below the start, while the momentum moves the opposite way.
#
# `Scheduler` applies such a function to an optimizer, with the same calling convention as PyTorch's schedulers. We drive one optimizer with ours and one with PyTorch's equivalent, and compare the learning rates step by step.
# %% [markdown] zh
# ## 10. 学习率调度
#
# 训练初期损失离最小值还远，大步长有利；后期梯度噪声（见第 8 节的噪声梯度）会让参数不停抖动，小步长有利。**学习率调度**规定第 $t$ 步的学习率。`oi_helpers.schedules` 以关于 $t$ 的普通函数实现了最常用的四种：
#
# - **阶梯衰减**：每隔若干步乘以 $\gamma$；
# - **余弦衰减**：$\eta_t = \eta_{\min} + \frac12(\eta - \eta_{\min})(1 + \cos\frac{\pi t}{T})$；
# - **线性预热后余弦衰减**：先从很小的学习率开始，在 $W$ 步内线性增大，再逐渐衰减。Adam 的最初几步并不可靠（它的滑动平均只见过寥寥几个梯度），Transformer 尤其是不预热就训练不好；
# - **单周期（one-cycle）**：在前 30% 的训练中从 $\eta/25$ 升到 $\eta$，随后降到远低于起点的水平，动量则反向变化。
#
# `Scheduler` 把这样的函数作用到优化器上，调用方式与 PyTorch 的调度器相同。我们用课程的调度器和 PyTorch 中对应的调度器各驱动一个优化器，逐步比较学习率。
# %%
TOTAL = 100
lr_scheduler = torch.optim.lr_scheduler
schedule_pairs = {
    localized("step decay", "阶梯衰减"): (
        partial(schedules.step_decay, step_size=30, gamma=0.5),
        lambda o: lr_scheduler.StepLR(o, step_size=30, gamma=0.5)),
    localized("cosine", "余弦衰减"): (
        partial(schedules.cosine, total_steps=TOTAL, min_lr=0.01),
        lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=TOTAL, eta_min=0.01)),
    localized("warm-up + cosine", "预热 + 余弦"): (
        partial(schedules.warmup_cosine, warmup_steps=10, total_steps=TOTAL, start_factor=0.1, min_lr=0.01),
        lambda o: lr_scheduler.SequentialLR(o, [lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=10),
                                                 lr_scheduler.CosineAnnealingLR(o, T_max=TOTAL - 10, eta_min=0.01)],
                                            milestones=[10])),
    localized("one-cycle", "单周期"): (
        partial(schedules.one_cycle, total_steps=TOTAL),
        lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=TOTAL)),
}


def scheduled_lrs(make_scheduler, steps=TOTAL):
    """Learning rates of steps 0 .. steps - 1 for an SGD optimizer with base lr 1.0 driven by make_scheduler."""
    optimizer = optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return np.array(lrs)


fig, axes = plt.subplots(1, 4, figsize=(15, 3.2), sharey=True)
for ax, (label, (ours, theirs)) in zip(axes, schedule_pairs.items()):
    course = scheduled_lrs(lambda o: schedules.Scheduler(o, ours))
    reference = scheduled_lrs(theirs)
    ax.plot(course, label="oi_helpers.schedules")
    ax.plot(np.arange(TOTAL)[::4], reference[::4], "o", markersize=3, label="torch.optim.lr_scheduler")
    ax.set_title(f"{label}\nmax |Δ| = {np.abs(course - reference).max():.1e}")
    ax.set_xlabel(localized("step", "步"))
    ax.grid(alpha=0.3)
    assert np.allclose(course, reference, rtol=1e-9, atol=1e-12), label
axes[0].set_ylabel(localized("learning rate / base rate", "学习率 / 基础学习率"))
axes[0].legend(fontsize=8)
fig.tight_layout()
plt.show()
# %% [markdown] en
# The two agree to rounding error over the whole run. They differ after the end: past `T_max`, PyTorch's `CosineAnnealingLR` keeps following the cosine back up (it is periodic), while `schedules.cosine` stays at the minimum. Run past the planned number of steps and PyTorch's learning rate starts to climb again:
# %% [markdown] zh
# 在整个训练过程中两者只差舍入误差。区别出现在计划步数之后：超过 `T_max` 后，PyTorch 的 `CosineAnnealingLR` 会沿着余弦曲线重新上升（它是周期性的），而 `schedules.cosine` 则停留在最小值。如果训练超出了计划的步数，PyTorch 的学习率就会重新变大：
# %%
beyond = 2 * TOTAL
course = scheduled_lrs(lambda o: schedules.Scheduler(o, partial(schedules.cosine, total_steps=TOTAL, min_lr=0.01)), beyond)
reference = scheduled_lrs(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=TOTAL, eta_min=0.01), beyond)
plt.figure(figsize=(6, 3))
plt.plot(course, label="schedules.cosine")
plt.plot(reference, "--", label="CosineAnnealingLR")
plt.axvline(TOTAL, color="gray", linestyle=":")
plt.xlabel(localized("step", "步"))
plt.ylabel(localized("learning rate", "学习率"))
plt.legend()
plt.grid(alpha=0.3)
plt.show()
# %% [markdown] en
# ## 11. Gradient clipping, and why language models need it
#
# Loss surfaces of neural networks have steep walls, and a step that lands on one (after a rare token, an unusual sequence, or simply a step that went too far) gets a gradient many times larger than usual. That gradient throws the weights far away, where the next gradient can be larger still: within a few steps the loss can become NaN.
# **Gradient clipping** rescales all gradients together whenever their joint norm exceeds a threshold $c$:
# $$g \leftarrow g \cdot \min\Big(1, \frac{c}{\lVert g\rVert}\Big).$$
# The direction is kept; only the length of rare huge steps is capped. `optim.clip_grad_norm_` implements it (and matches `torch.nn.utils.clip_grad_norm_`, in the tests).
#
# We now introduce the model of the rest of the notebook: a small GPT (one Transformer block, 32-dimensional embeddings) that predicts the next character from the previous 32, trained on batches of 48 windows.
# With SGD, momentum 0.9 and the aggressive learning rate 1.0, we train once without clipping and once clipping at $c = 1$, and record the gradient norm at every step.
# At this learning rate one step onto a steep wall produces a larger gradient, which throws the next step further still: without clipping, the norm can grow by orders of magnitude within a few steps.
# %% [markdown] zh
# ## 11. 梯度裁剪，以及语言模型为什么需要它
#
# 神经网络的损失曲面上有陡峭的"悬崖"。某一步一旦踏上悬崖（遇到罕见的字、不寻常的序列，或者只是上一步迈得太远），得到的梯度就会比平时大许多倍。这个梯度把权重甩到很远的地方，那里的梯度可能更大——几步之内损失就可能变成 NaN。
# **梯度裁剪**在所有梯度的整体范数超过阈值 $c$ 时，把它们一起按比例缩小：
# $$g \leftarrow g \cdot \min\Big(1, \frac{c}{\lVert g\rVert}\Big)$$
# 方向保持不变，只是限制了少数超大步子的长度。`optim.clip_grad_norm_` 实现了这一操作（测试中已与 `torch.nn.utils.clip_grad_norm_` 对照）。
#
# 下面引入本笔记本后面都要用到的模型：一个小型 GPT（一个 Transformer 块，32 维嵌入），根据前 32 个字预测下一个字，每批 48 个文本窗口。
# 我们用 SGD、动量 0.9 和激进的学习率 1.0 训练两次，一次不裁剪、一次以 $c = 1$ 裁剪，并记录每一步的梯度范数。
# 学习率这么大时，一步踏上陡峭的谷壁就会得到更大的梯度，下一步又被甩得更远：不裁剪的话，梯度范数可能在几步之内增长好几个数量级。
# %%
lm_config = models.GPTConfig(vocab_size=vocab_size, n_layer=1, n_head=2, n_embd=32, block_size=32)
LM_STEPS = 200


def train_lm(make_optimizer, steps=LM_STEPS, max_norm=float("inf"), seed=0):
    """Train a fresh small GPT; returns a dict of per-step "loss", "grad_norm", "seconds" and the final "val_loss".

    Every run starts from the same weights and trains on the same batches. Training stops early if the loss is NaN or inf.
    """
    torch.manual_seed(seed)
    model = models.GPT(lm_config)
    optimizer = make_optimizer(model.parameters())
    sampler = BatchSampler(train_ids, lm_config.block_size, batch_size=48, seed=seed)
    history = {"loss": [], "grad_norm": [], "seconds": []}
    for _ in range(steps):
        start = time.perf_counter()
        X, y = sampler.sample()
        loss = lm_loss(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        grad_norm = optim.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        history["seconds"].append(time.perf_counter() - start)
        history["loss"].append(loss.item())
        history["grad_norm"].append(grad_norm.item())
        if not math.isfinite(loss.item()):
            break
    history["val_loss"] = evaluate(model, val_ids, lm_config.block_size, max_windows=64) \
        if math.isfinite(history["loss"][-1]) else float("nan")
    return history


torch.manual_seed(0)
print(localized("parameters:", "参数个数："), f"{models.GPT(lm_config).num_parameters():,}")
aggressive = partial(optim.SGD, lr=1.0, momentum=0.9)
unclipped = train_lm(aggressive)
clipped = train_lm(aggressive, max_norm=1.0)
print(localized(f"without clipping: {len(unclipped['loss'])} steps, last loss {unclipped['loss'][-1]:.3f}",
                f"不裁剪：训练了 {len(unclipped['loss'])} 步，最后的损失为 {unclipped['loss'][-1]:.3f}"))
clipped_steps = sum(norm > 1.0 for norm in clipped["grad_norm"])
print(localized(f"clipping at 1.0: {len(clipped['loss'])} steps, validation loss {clipped['val_loss']:.3f}; "
                f"{clipped_steps} of the steps were clipped",
                f"以 1.0 裁剪：训练了 {len(clipped['loss'])} 步，验证损失为 {clipped['val_loss']:.3f}；"
                f"其中 {clipped_steps} 步被裁剪"))

fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
for history, label in ((unclipped, localized("no clipping", "不裁剪")), (clipped, localized("clip at 1.0", "以 1.0 裁剪"))):
    axes[0].plot(history["loss"], label=label)
    axes[1].semilogy(history["grad_norm"], label=label)
axes[1].axhline(1.0, color="gray", linestyle=":", label=localized("threshold c = 1", "阈值 c = 1"))
axes[0].set_ylim(0, 8)
axes[0].set_ylabel(localized("training loss (nats per character)", "训练损失（奈特/字）"))
axes[1].set_ylabel(localized("gradient norm before clipping", "裁剪前的梯度范数"))
for ax in axes:
    ax.set_xlabel(localized("step", "步"))
    ax.grid(alpha=0.3)
    ax.legend()
fig.tight_layout()
plt.show()
assert math.isfinite(clipped["val_loss"])
assert clipped["val_loss"] < clipped["loss"][0]
# %% [markdown] en
# In the clipped run only a few steps exceed the threshold (the count is printed above), so almost every step is an ordinary SGD step. Clipping only shortens the few that would have started the runaway. In practice language models are trained with AdamW, warm-up and clipping at 1.0 together, as `oi_helpers.train` does.
# %% [markdown] zh
# 在裁剪的那次训练中，被裁剪的步并不少（上面打印了具体步数），大约占一半：学习率 1.0 对这个模型来说实在太大。被裁剪的步方向不变，只是长度被限制住了，所以训练没有失控，损失照样下降。实践中，语言模型同时使用 AdamW、学习率预热和阈值为 1.0 的梯度裁剪，`oi_helpers.train` 也是这样做的。
# %% [markdown] en
# ## 12. A real comparison
#
# Finally, the same small GPT, the same batches and the same 200 steps with every optimizer, plus Adam without bias correction. Each learning rate comes from a coarse sweep (factors of about 3) of this model on the corpora of both editions of this notebook (Tiny Shakespeare and Tang poems), taking a value near the best for both, so every optimizer is shown close to its best. There is no clipping and no schedule. We report the validation loss at the end and the median time per step (forward, backward and update together).
# %% [markdown] zh
# 最后，用每一种优化器（外加不做偏差修正的 Adam）训练同一个小型 GPT：批次相同，都训练 200 步。每个优化器的学习率来自对这个模型的粗略扫描（大约按 3 倍间隔），扫描在本笔记本两个版本的语料（唐诗和 Tiny Shakespeare）上都做过，取对两者都接近最优的值，因此每个优化器都接近其最佳状态。不裁剪，也不用学习率调度。我们报告最终的验证损失和每步耗时的中位数（前向、反向与参数更新合计）。
# %%
COMPARISON = {
    optim.label("sgd"): partial(optim.SGD, lr=0.3),
    optim.label("momentum"): partial(optim.SGD, lr=0.1, momentum=0.9),
    optim.label("nesterov"): partial(optim.SGD, lr=0.3, momentum=0.9, nesterov=True),
    optim.label("adagrad"): partial(optim.Adagrad, lr=0.01),
    optim.label("rmsprop"): partial(optim.RMSprop, lr=1e-3),
    optim.label("adam"): partial(optim.Adam, lr=3e-3),
    localized("Adam, no bias correction", "Adam（无偏差修正）"): partial(optim.Adam, lr=3e-3, bias_correction=False),
    optim.label("adamw"): partial(optim.AdamW, lr=3e-3, weight_decay=0.1),
}
comparison = {label: train_lm(make_optimizer) for label, make_optimizer in COMPARISON.items()}

# For scale: counting models need no training. Score them on the same validation windows as evaluate().
X_windows, y_windows = windows(val_ids, lm_config.block_size, max_windows=64)          # (64, 32) each
train_list = train_ids.tolist()
unigram_counts = Counter(train_list)
bigram_counts = Counter(zip(train_list, train_list[1:]))
unigram_loss = -np.mean([math.log((unigram_counts[t] + 1) / (len(train_list) + vocab_size))
                         for t in y_windows.flatten().tolist()])
bigram_loss = -np.mean([math.log((bigram_counts[c, t] + 1) / (unigram_counts[c] + vocab_size))
                        for c, t in zip(X_windows.flatten().tolist(), y_windows.flatten().tolist())])
print(localized(f"Counting baselines on the same validation windows (add-one smoothing): "
                f"unigram {unigram_loss:.3f}, bigram {bigram_loss:.3f}",
                f"同一批验证窗口上的计数基线（加一平滑）：一元 {unigram_loss:.3f}，二元 {bigram_loss:.3f}"))


def moving_average(values, window=10):
    return np.convolve(values, np.ones(window) / window, mode="valid")


fig, ax = plt.subplots(figsize=(9, 4.5))
for label, history in comparison.items():
    ax.plot(np.arange(len(moving_average(history["loss"]))) + 10, moving_average(history["loss"]), label=label,
            linestyle="--" if "bias" in label or "偏差" in label else "-")
ax.set_xlabel(localized("step", "步"))
ax.set_ylabel(localized("training loss, mean of 10 steps", "训练损失（10 步平均）"))
ax.grid(alpha=0.3)
ax.legend(ncol=2, fontsize=9)
plt.show()

results = pd.DataFrame({
    localized("validation loss", "验证损失"): {label: h["val_loss"] for label, h in comparison.items()},
    localized("ms per step", "每步毫秒数"): {label: 1000 * np.median(h["seconds"]) for label, h in comparison.items()},
}).round(3)
results.sort_values(localized("validation loss", "验证损失"))
# %% [markdown] en
# Adam and AdamW reach the lowest validation loss. Adam without bias correction ends last, about level with plain SGD: its oversized early steps (section 5) cost it the lead. Momentum, Nesterov momentum, RMSProp and AdaGrad land in between. For scale, the counting baselines printed above need no training at all. After 200 steps the best runs are about level with the add-one bigram model: they have learned roughly which character tends to follow which, and little more yet.
#
# Per step, plain SGD does the least work: one or two element-wise operations per parameter tensor, against five or six for Adam. On a model this small that difference can show in the table (timings also vary with whatever else the machine is running); on large models the forward and backward passes dominate and it fades. Adam's lasting cost is memory: two extra buffers the size of the model.
# %% [markdown] zh
# 在唐诗上，各优化器之间的差距比英文版小得多。对照上面打印的计数基线：所有优化器都还不如二元计数模型，大多只比一元模型（只统计字频）好一点，不做偏差修正的 Adam 甚至没有超过一元模型。也就是说，200 步内模型主要学会的是字频，"哪个字后面常跟哪个字"才刚开始学。汉字词表（这里是 500 个字）比英文字母大得多，要学好字与字之间的搭配，需要多得多的数据和训练步数。排名大致仍然是：Nesterov 动量、Adam 和 AdamW 在前，朴素 SGD 和不做偏差修正的 Adam 垫底。
#
# 每一步里，朴素 SGD 的工作量最小：每个参数张量只需一两次逐元素运算，Adam 则要五六次。模型这么小时，这点差别可能在表格里显现出来（计时还会受机器上其他程序的影响）；对大模型来说，前向和反向传播占了绝大部分时间，这点差别就微不足道了。Adam 长期的代价是内存：额外两个与模型一样大的缓冲区。
# %% headline
best = min(comparison, key=lambda label: comparison[label]["val_loss"])
print(localized(f"Validation loss after {LM_STEPS} steps: {best} {comparison[best]['val_loss']:.3f}, "
                f"SGD {comparison[optim.label('sgd')]['val_loss']:.3f}",
                f"训练 {LM_STEPS} 步后的验证损失：{best} {comparison[best]['val_loss']:.3f}，"
                f"SGD {comparison[optim.label('sgd')]['val_loss']:.3f}"))
# %%
# Checkpoints: Adam beats plain SGD, and its bias correction helps.
val = {label: history["val_loss"] for label, history in comparison.items()}
assert val[optim.label("adam")] < val[optim.label("sgd")]
assert val[optim.label("adam")] < val[localized("Adam, no bias correction", "Adam（无偏差修正）")]
# %% [markdown] en
# ## Summary
#
# - A PyTorch optimizer consists of parameter groups, per-parameter state and a `step`. The course optimizers put each update rule in one short `update` method and match PyTorch's results to rounding error, including across a save and a restore.
# - Momentum smooths the path and speeds up along consistent directions; AdaGrad, RMSProp and Adam scale each coordinate by its own gradient history, which escapes flat regions and saddles quickly.
# - Adam's bias correction fixes the too-small averages of the first steps; AdamW decouples weight decay from the adaptive scaling and is the standard choice for Transformers.
# - Schedules shrink the learning rate over training (often after a warm-up); clipping the gradient norm guards against the rare huge gradients of language models.
#
# The next chapters train language models with exactly these tools.
# %% [markdown] zh
# ## 小结
#
# - PyTorch 的优化器由参数组、每个参数的状态和 `step` 组成；课程实现的优化器把每条更新规则写在一个简短的 `update` 方法里，与 PyTorch 的结果只差舍入误差，保存并恢复状态之后也是如此。
# - 动量让路径更平滑，并在方向一致时加速；AdaGrad、RMSProp 和 Adam 按各坐标自己的梯度历史缩放步长，因而能很快离开平坦区域和鞍点。
# - Adam 的偏差修正弥补了训练最初几步中滑动平均偏小的问题；AdamW 把权重衰减与自适应缩放解耦，是训练 Transformer 的标准选择。
# - 学习率调度让学习率在训练中逐渐减小（常常先预热）；梯度范数裁剪防止语言模型中偶发的超大梯度造成破坏。
#
# 接下来的几章就用这些工具训练语言模型。
# %% [markdown] en
# ## Exercises
#
# ### Exercise 1: momentum's update
#
# Write `momentum_step(param, grad, buffer, lr, momentum)` for SGD with momentum (no dampening, no weight decay). `buffer` is `None` at the first step. Return the new parameter and the new buffer, as PyTorch's SGD computes them.
# %% [markdown] zh
# ## 练习
#
# ### 练习 1：动量的更新
#
# 为带动量的 SGD（无阻尼、无权重衰减）编写 `momentum_step(param, grad, buffer, lr, momentum)`。第一步时 `buffer` 为 `None`。按 PyTorch 的 SGD 的算法返回新的参数和新的缓冲。
# %%
def momentum_step(param, grad, buffer, lr, momentum):
    raise NotImplementedError


def reference_momentum_steps(grads, lr, momentum):
    """Parameters and buffers after each gradient in grads, from PyTorch's SGD, starting at param = 1."""
    param = torch.nn.Parameter(torch.ones(2))
    optimizer = torch.optim.SGD([param], lr=lr, momentum=momentum)
    results = []
    for grad in grads:
        param.grad = grad.clone()
        optimizer.step()
        results.append([param.detach().clone(), optimizer.state[param]["momentum_buffer"].clone()])
    return results


grads = [torch.tensor([0.5, -1.0]), torch.tensor([0.5, 2.0]), torch.tensor([0.0, 0.0])]
expected = reference_momentum_steps(grads, lr=0.1, momentum=0.9)
momentum_cases = [
    Case((torch.ones(2), grads[0], None, 0.1, 0.9), expected[0]),
    Case((expected[0][0], grads[1], expected[0][1], 0.1, 0.9), expected[1]),
    Case((expected[1][0], grads[2], expected[1][1], 0.1, 0.9), expected[2]),
]
oi.exercises.check(localized("Exercise 1: momentum step", "练习 1：动量更新"),
                   lambda *args: list(momentum_step(*args)), momentum_cases,
                   hint={"en": "First step: buffer = grad.clone(). Later: buffer = momentum * buffer + grad. Then param - lr * buffer.",
                         "zh": "第一步：buffer = grad.clone()；之后：buffer = momentum * buffer + grad；然后参数减去 lr * buffer。"});
# %% solution
def momentum_step(param, grad, buffer, lr, momentum):
    buffer = grad.clone() if buffer is None else momentum * buffer + grad
    return param - lr * buffer, buffer


oi.exercises.check(localized("Exercise 1: momentum step", "练习 1：动量更新"),
                   lambda *args: list(momentum_step(*args)), momentum_cases);
# %% [markdown] en
# ### Exercise 2: who escapes the saddle first?
#
# On the saddle surface, start at $(1.5, 0.001)$ and give SGD, SGD with momentum (0.9) and Adam the **same** learning rate, 0.05. Which one first reaches $|y| > 0.5$? Predict before you run anything: set `answer` to `"sgd"`, `"momentum"` or `"adam"`. (You can check with `surfaces.run_path("saddle", name, lr=0.05)`.)
# %% [markdown] zh
# ### 练习 2：谁先逃离鞍点？
#
# 在鞍点曲面上，从 $(1.5, 0.001)$ 出发，给 SGD、带动量（0.9）的 SGD 和 Adam **相同**的学习率 0.05。哪一个最先到达 $|y| > 0.5$？先别运行任何代码，做出预测：把 `answer` 设为 `"sgd"`、`"momentum"` 或 `"adam"`。（之后可以用 `surfaces.run_path("saddle", name, lr=0.05)` 检验。）
# %%
answer = ...
oi.exercises.check_value(localized("Exercise 2: escaping the saddle", "练习 2：逃离鞍点"), answer, "adam",
                         hint={"en": "Near the ridge the gradient along y is tiny. Which optimizer's step does not shrink with the gradient?",
                               "zh": "在山脊附近，沿 y 方向的梯度非常小。哪个优化器的步长不会随梯度一起变小？"});
# %% solution
def escape_step(name, lr=0.05):
    """First step at which the path leaves the ridge (|y| > 0.5), or None."""
    path = surfaces.run_path("saddle", name, lr=lr, steps=300)
    leaving = np.nonzero(np.abs(path.positions[:, 1]) > 0.5)[0]
    return int(leaving[0]) if len(leaving) else None


escape_steps = {name: escape_step(name) for name in ("sgd", "momentum", "adam")}
print(escape_steps)
answer = min(escape_steps, key=lambda name: escape_steps[name] or math.inf)
oi.exercises.check_value(localized("Exercise 2: escaping the saddle", "练习 2：逃离鞍点"), answer, "adam");
# %% [markdown] en
# ### Exercise 3: fix an exploding loss
#
# Section 11's run (SGD, learning rate 1.0, momentum 0.9, no clipping) blew up. Write `stable_settings()` returning a dict with keys `"lr"`, `"momentum"` and `"max_norm"` (use `float("inf")` for no clipping) such that 100 steps of `train_lm` finish. The mean training loss of the last 10 steps must be at least 0.5 below the first step's loss. Change as little as you can.
# %% [markdown] zh
# ### 练习 3：修好爆炸的损失
#
# 第 11 节中的那次训练（SGD，学习率 1.0，动量 0.9，不裁剪）发生了爆炸。编写 `stable_settings()`，返回一个含 `"lr"`、`"momentum"` 和 `"max_norm"` 三个键的字典（不裁剪时用 `float("inf")`），使 `train_lm` 能跑完 100 步，且最后 10 步的平均训练损失比第一步的损失至少低 0.5。改动越少越好。
# %%
def stable_settings():
    raise NotImplementedError


def trains_without_exploding(settings):
    """True when 100 steps with these settings finish and the mean loss of the last 10 is 0.5 below the first loss."""
    history = train_lm(partial(optim.SGD, lr=settings["lr"], momentum=settings["momentum"]), steps=100,
                       max_norm=settings["max_norm"])
    last = history["loss"][-10:]
    return len(history["loss"]) == 100 and all(math.isfinite(x) for x in last) \
        and sum(last) / len(last) < history["loss"][0] - 0.5


oi.exercises.check(localized("Exercise 3: fix the exploding loss", "练习 3：修好爆炸的损失"),
                   lambda: trains_without_exploding(stable_settings()), [Case((), True)],
                   hint={"en": "Either clip the gradient norm (max_norm around 1) or lower the learning rate by a factor of ten.",
                         "zh": "要么裁剪梯度范数（max_norm 取 1 左右），要么把学习率降低到十分之一。"});
# %% solution
def stable_settings():
    return {"lr": 1.0, "momentum": 0.9, "max_norm": 1.0}


oi.exercises.check(localized("Exercise 3: fix the exploding loss", "练习 3：修好爆炸的损失"),
                   lambda: trains_without_exploding(stable_settings()), [Case((), True)]);
# %% [markdown] en
# ### Exercise 4: Adam's first step
#
# Write `adam_first_update(grad, lr, eps=1e-8)` that returns the change in a parameter after Adam's very first step (fresh state, bias correction on, no weight decay), for any betas. Then look at your formula: how does the size of the first step depend on the size of the gradient?
# %% [markdown] zh
# ### 练习 4：Adam 的第一步
#
# 编写 `adam_first_update(grad, lr, eps=1e-8)`，返回 Adam 第一步（全新状态，做偏差修正，无权重衰减）后参数的变化量，对任意 beta 都成立。然后看看你的公式：第一步的大小与梯度的大小有什么关系？
# %%
def adam_first_update(grad, lr, eps=1e-8):
    raise NotImplementedError


def reference_first_update(grad, lr, betas):
    param = torch.nn.Parameter(torch.zeros_like(grad))
    optimizer = torch.optim.Adam([param], lr=lr, betas=betas)
    param.grad = grad.clone()
    optimizer.step()
    return param.detach().clone()


first_update_cases = [Case((grad, lr), reference_first_update(grad, lr, betas))
                      for grad, lr, betas in ((torch.tensor([3.0, -0.001, 0.0]), 0.1, (0.9, 0.999)),
                                              (torch.tensor([1e3, -5.0]), 0.01, (0.5, 0.9)))]
oi.exercises.check(localized("Exercise 4: Adam's first step", "练习 4：Adam 的第一步"), adam_first_update,
                   first_update_cases,
                   hint={"en": "After one step m_hat = g and v_hat = g², so the update is -lr * g / (|g| + eps).",
                         "zh": "第一步后 m_hat = g，v_hat = g²，所以更新量是 -lr * g / (|g| + eps)。"});
# %% solution
def adam_first_update(grad, lr, eps=1e-8):
    # m_hat = g and v_hat = g^2 after one step: the step has length lr whatever the gradient's size.
    return -lr * grad / (grad.abs() + eps)


oi.exercises.check(localized("Exercise 4: Adam's first step", "练习 4：Adam 的第一步"), adam_first_update,
                   first_update_cases);
