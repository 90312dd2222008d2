# %% [markdown] en
# # 05 · Gradient descent and stochastic gradient descent
#
# Every model in this course learns the same way: compute the gradient of the loss, take a small step against it, repeat.
# This notebook looks closely at that loop on a real task, sentiment classification of movie-review phrases, where each step takes milliseconds and every effect is easy to see. You will
#
# 1. train linear and logistic regression by **full-batch gradient descent**, by **stochastic gradient descent** (one example per step) and by **mini-batches**, and compare them per step and per example seen;
# 2. watch a learning rate that is too small, one that is right, and one that diverges, predict the boundary from the curvature of the loss, and find a good value automatically with a **learning-rate range test**;
# 3. measure how the noise of a mini-batch gradient shrinks as the batch grows;
# 4. see why we shuffle every epoch, and use a held-out set to decide when to stop.
#
# The whole notebook runs in well under a minute on a laptop CPU.
# %% [markdown] zh
# # 05 · 梯度下降与随机梯度下降
#
# 本课程中的每个模型都用同一种方式学习：算出损失函数的梯度，沿梯度的反方向走一小步，然后不断重复。
# 本笔记本在一个真实任务——酒店评论的情感分析——上仔细考察这个循环。这里每一步只要几毫秒，各种现象都看得一清二楚。你将：
#
# 1. 分别用**全批量梯度下降**、**随机梯度下降**（每步一个样本）和**小批量**训练线性回归与逻辑回归，并按步数、按已见样本数比较它们；
# 2. 观察学习率太小、合适和导致发散的三种情形，用损失函数的曲率预言发散的临界值，并用**学习率范围测试**自动找出合适的学习率；
# 3. 测量小批量梯度的噪声如何随批量大小的增大而减小；
# 4. 弄清为什么每一轮都要打乱数据，以及如何借助留出的验证集决定何时停止训练。
#
# 整个笔记本在笔记本电脑的 CPU 上不到一分钟即可运行完毕。
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
# The next cell checks the installed `oi_helpers`, sets the language of messages and plot labels, and seeds every random number generator so your numbers match the saved ones.
# The models here have at most a thousand weights, so everything runs on the CPU, on one thread: for operations this small, a second thread costs more to coordinate than it saves.
# %% [markdown] zh
# ## 准备工作
#
# 下面的单元格检查已安装的 `oi_helpers`，设置提示信息与图表标签的语言，并为所有随机数生成器设定种子，使你得到的数字与保存的结果一致。
# 本章的模型最多只有一千来个权重，所以全部在 CPU 上用单线程运行：运算规模这么小时，协调第二个线程的开销比它省下的时间还多。
# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.feature_extraction.text import TfidfVectorizer
from torch.nn import functional as F

import oi_helpers as oi
from oi_helpers import data
from oi_helpers.exercises import Case

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
device = oi.device()
torch.set_num_threads(1)


def localized(en: str, zh: str) -> str:
    """Return the text for this edition's language (plot labels and printed lines)."""
    return en if LANG == "en" else zh
# %% [markdown] en
# ## 1. The task: sentiment from TF-IDF features
#
# We use SST-2, phrases from movie reviews labelled positive (1) or negative (0). We take 7,500 of them at random: 6,000 to train on and 1,500 held out for validation.
# Each phrase becomes a vector of TF-IDF weights over the 1,000 most frequent words, so a model gets a matrix $X$ of shape (examples, 1000) and a label vector $y$.
# The vectorizer learns its vocabulary from the training phrases only, so nothing about the held-out phrases leaks into the features.
# %% [markdown] zh
# ## 1. 任务：基于 TF-IDF 特征的情感分析
#
# 我们使用 ChnSentiCorp 酒店评论语料，每条评论标注为正面（1）或负面（0）。随机抽取 7,500 条：6,000 条用于训练，1,500 条留作验证集。
# 中文不需要先分词：我们直接把单个汉字和相邻的两个汉字（字的一元组和二元组）当作特征，取出现最多的 1,000 个，计算每条评论的 TF-IDF（词频-逆文档频率）权重。
# 这样模型看到的是形状为（样本数, 1000）的矩阵 $X$ 和标签向量 $y$。向量化器只从训练集学习词表，验证集的信息不会混进特征里。
# %% edition en
records = data.load_sst2("train")          # movie-review phrases, label 1 = positive
vectorizer = TfidfVectorizer(max_features=1000, sublinear_tf=True)
# %% edition zh
records = data.load_chnsenticorp()         # hotel reviews, label 1 = positive
# Character unigrams and bigrams as features, so no word segmentation is needed.
vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), max_features=1000, sublinear_tf=True)
# %%
order = torch.randperm(len(records), generator=torch.Generator().manual_seed(0))[:7500].tolist()
texts = [records[i]["text"] for i in order]
labels = torch.tensor([records[i]["label"] for i in order], dtype=torch.float32)

X_train = torch.tensor(vectorizer.fit_transform(texts[:6000]).toarray(), dtype=torch.float32)   # (6000, 1000)
X_val = torch.tensor(vectorizer.transform(texts[6000:]).toarray(), dtype=torch.float32)         # (1500, 1000)
y_train, y_val = labels[:6000], labels[6000:]
n, d = X_train.shape

print(localized("training set", "训练集"), tuple(X_train.shape), localized("validation set", "验证集"), tuple(X_val.shape))
print(localized("fraction positive:", "正面样本比例："), round(y_train.mean().item(), 3))
for text, label in zip(texts[:3], labels[:3]):
    print(int(label), text[:80])
# %% [markdown] en
# ## 2. Two models, one training loop
#
# Both models compute a score $z = x \cdot w + b$ for each example and differ only in the loss.
#
# - **Linear regression** fits the label as a number, with the squared error $\;L = \frac{1}{2N}\sum_i (z_i - y_i)^2$.
# - **Logistic regression** turns the score into a probability $p = \sigma(z) = 1/(1 + e^{-z})$ and uses the cross-entropy $\;L = -\frac{1}{N}\sum_i \big(y_i \log p_i + (1 - y_i)\log(1 - p_i)\big)$.
#
# Gradient descent repeats one update, with learning rate $\eta$:
# $$w \leftarrow w - \eta\, \nabla_w L_B, \qquad b \leftarrow b - \eta\, \frac{\partial L_B}{\partial b},$$
# where $L_B$ is the loss on a **batch** $B$ of examples. With $B$ the whole training set this is full-batch gradient descent; with $|B| = 1$ it is stochastic gradient descent (SGD); anything between is mini-batch SGD.
# Each epoch visits every training example once, in a new random order.
#
# The function below is the whole algorithm. It records the loss on the full training set and on the validation set every few steps.
# %% [markdown] zh
# ## 2. 两个模型，一个训练循环
#
# 两个模型都为每个样本计算一个分数 $z = x \cdot w + b$，区别只在损失函数：
#
# - **线性回归**把标签当作数值来拟合，使用平方误差 $\;L = \frac{1}{2N}\sum_i (z_i - y_i)^2$；
# - **逻辑回归**先把分数变成概率 $p = \sigma(z) = 1/(1 + e^{-z})$，再使用交叉熵 $\;L = -\frac{1}{N}\sum_i \big(y_i \log p_i + (1 - y_i)\log(1 - p_i)\big)$。
#
# 梯度下降反复执行同一个更新，其中 $\eta$ 是学习率：
# $$w \leftarrow w - \eta\, \nabla_w L_B, \qquad b \leftarrow b - \eta\, \frac{\partial L_B}{\partial b}$$
# 这里 $L_B$ 是在一**批**样本 $B$ 上计算的损失。$B$ 取整个训练集时就是全批量梯度下降；$|B| = 1$ 时是随机梯度下降（SGD）；介于两者之间的就是小批量随机梯度下降。
# 每一轮（epoch）按新的随机顺序把所有训练样本恰好过一遍。
#
# 下面这个函数就是整个算法。它每隔几步记录一次整个训练集和验证集上的损失。
# %%
def squared_error(z, y):
    """Half the mean squared error between scores z and labels y, both of shape (batch,)."""
    return 0.5 * ((z - y) ** 2).mean()


def logistic_loss(z, y):
    """Mean binary cross-entropy of the probabilities sigmoid(z) against labels y, in nats."""
    return F.binary_cross_entropy_with_logits(z, y)


def epoch_batches(count, batch_size, generator, shuffle=True):
    """Yield index tensors of batch_size forever; each epoch visits every example once (a last partial batch is dropped)."""
    while True:
        order = torch.randperm(count, generator=generator) if shuffle else torch.arange(count)
        for start in range(0, count - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def train(loss_fn, lr, batch_size, steps, record_every=10, record_steps=(), X=X_train, y=y_train, shuffle=True, seed=0):
    """Minimize loss_fn over the weights w (d,) and bias b by mini-batch gradient descent from zero.

    Records the losses every record_every steps, at the last step and at each step in record_steps.
    Returns (w, b) and a history dict of lists: "step", "seen" (examples seen), "loss" (full training set), "val_loss".
    """
    recorded = set(range(0, steps + 1, record_every)) | {steps} | {int(step) for step in record_steps}
    w = torch.zeros(X.shape[1], requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    batches = epoch_batches(len(X), batch_size, torch.Generator().manual_seed(seed), shuffle)
    history = {"step": [], "seen": [], "loss": [], "val_loss": []}
    for step in range(steps + 1):
        if step in recorded:
            with torch.no_grad():
                history["step"].append(step)
                history["seen"].append(step * batch_size)
                history["loss"].append(loss_fn(X @ w + b, y).item())
                history["val_loss"].append(loss_fn(X_val @ w + b, y_val).item())
        if step == steps:
            break
        index = next(batches)
        loss = loss_fn(X[index] @ w + b, y[index])
        grad_w, grad_b = torch.autograd.grad(loss, (w, b))
        with torch.no_grad():
            w -= lr * grad_w
            b -= lr * grad_b
    return (w.detach(), b.detach()), history


def accuracy(params, X, y, threshold=0.0):
    """Fraction of examples whose score is on the right side of threshold."""
    w, b = params
    return ((X @ w + b > threshold).float() == y).float().mean().item()
# %% [markdown] en
# ## 3. Full batch, single examples, mini-batches
#
# We train each model three ways for the same 300 steps and the same learning rate: with all 6,000 examples per step, with one, and with 32.
# Linear regression predicts "positive" when its score passes 0.5, logistic regression when its probability passes 0.5 (score 0).
# %% [markdown] zh
# ## 3. 全批量、单个样本与小批量
#
# 每个模型都用三种方式训练 300 步，学习率相同：每步用全部 6,000 个样本、只用 1 个样本、用 32 个样本。
# 线性回归的分数超过 0.5 时预测为"正面"；逻辑回归在概率超过 0.5（即分数超过 0）时预测为"正面"。
# %%
STEPS = 300
log_spaced_steps = np.geomspace(1, STEPS, 30)      # extra records, so the log-scale plot starts smoothly
batch_sizes = {localized("full batch", "全批量"): n, localized("mini-batch of 32", "小批量 32"): 32,
               localized("single example (SGD)", "单个样本（SGD）"): 1}
settings = {"linear": (squared_error, 0.5, 0.5), "logistic": (logistic_loss, 2.0, 0.0)}   # loss, lr, threshold
runs, accuracies = {}, {}
for model_name, (loss_fn, lr, threshold) in settings.items():
    for label, batch_size in batch_sizes.items():
        start = time.perf_counter()
        params, history = train(loss_fn, lr, batch_size, STEPS, record_steps=log_spaced_steps)
        seconds = time.perf_counter() - start
        runs[model_name, label] = history
        accuracies[model_name, batch_size] = accuracy(params, X_val, y_val, threshold)
        print(f"{model_name:8} {label:22} {localized('train loss', '训练损失')} {history['loss'][-1]:.3f}  "
              f"{localized('val accuracy', '验证准确率')} {accuracies[model_name, batch_size]:.3f}  "
              f"{seconds * 1000 / STEPS:.2f} ms/{localized('step', '步')}")
# %% headline
print(localized(f"Logistic regression, mini-batches of 32, {STEPS} steps: validation accuracy {accuracies['logistic', 32]:.3f}",
                f"逻辑回归，小批量 32，{STEPS} 步：验证准确率 {accuracies['logistic', 32]:.3f}"))
# %% [markdown] en
# Plotted against **steps** (left), the full batch wins: each of its steps uses the exact gradient. Plotted against **examples seen** (right, log scale), it loses by far: after one full-batch step, mini-batch SGD has already taken 187 steps with the same 6,000 examples.
# Single-example SGD is cheapest per step, but at this learning rate its loss jumps around: one example is a poor guide to the whole set, and it would need a smaller learning rate to settle. Mini-batches sit between the two and are what everyone uses.
# %% [markdown] zh
# 按**步数**画（左图），全批量胜出：它每一步用的都是精确梯度。按**已见样本数**画（右图，对数坐标），它却远远落后：全批量走完一步时，小批量 SGD 用同样的 6,000 个样本已经走了 187 步。
# 单样本 SGD 每一步最便宜，但在这个学习率下损失上下乱跳：单个样本很难代表整个数据集，它需要更小的学习率才能稳定下来。小批量介于两者之间，也是实践中人人都用的做法。
# %%
fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharey="row")
for row, model_name in enumerate(settings):
    for label in batch_sizes:
        history = runs[model_name, label]
        axes[row, 0].plot(history["step"], history["loss"], label=label)
        axes[row, 1].plot(history["seen"][1:], history["loss"][1:], label=label)     # seen = 0 has no place on a log axis
    axes[row, 0].set_ylabel(localized(f"{model_name} regression: training loss", f"{'线性' if model_name == 'linear' else '逻辑'}回归：训练损失"))
    axes[row, 1].set_xscale("log")
for ax in axes[1]:
    ax.legend()
axes[1, 0].set_xlabel(localized("step", "步数"))
axes[1, 1].set_xlabel(localized("examples seen", "已见样本数"))
for ax in axes.flat:
    ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
# %%
# Checkpoint: in the same number of steps, mini-batches achieve at least half of the full batch's loss reduction.
full, mini = runs["logistic", localized("full batch", "全批量")], runs["logistic", localized("mini-batch of 32", "小批量 32")]
assert mini["loss"][-1] < full["loss"][0] - 0.5 * (full["loss"][0] - full["loss"][-1])
# %% [markdown] en
# ## 4. The learning rate
#
# ### Too small, right, diverging
#
# For linear regression the loss is a quadratic in $\theta = (w, b)$ with a constant Hessian $H = \frac{1}{N}\tilde X^\top \tilde X$, where $\tilde X$ is $X$ with a column of ones for the bias.
# Along the eigenvector of $H$ with the largest eigenvalue $\lambda_{\max}$, one gradient step multiplies the error by $(1 - \eta\lambda_{\max})$. The error shrinks only if $|1 - \eta\lambda_{\max}| < 1$, that is
# $$\eta < \eta_{\text{crit}} = \frac{2}{\lambda_{\max}}.$$
# Just above that value, full-batch gradient descent diverges; far below, it crawls. We compute $\lambda_{\max}$ and try both sides.
# %% [markdown] zh
# ## 4. 学习率
#
# ### 太小、合适与发散
#
# 对线性回归来说，损失是参数 $\theta = (w, b)$ 的二次函数，其黑塞矩阵是常数 $H = \frac{1}{N}\tilde X^\top \tilde X$（$\tilde X$ 是在 $X$ 后面补一列 1 以容纳偏置）。
# 沿着 $H$ 最大特征值 $\lambda_{\max}$ 对应的特征向量方向，每走一步梯度下降，误差就乘以 $(1 - \eta\lambda_{\max})$。只有 $|1 - \eta\lambda_{\max}| < 1$ 时误差才会缩小，也就是
# $$\eta < \eta_{\text{临界}} = \frac{2}{\lambda_{\max}}$$
# 学习率稍稍超过这个值，全批量梯度下降就会发散；远小于它，训练又慢得像在爬。我们算出 $\lambda_{\max}$，然后在临界值两侧各试一试。
# %%
X_with_bias = torch.cat([X_train, torch.ones(n, 1)], dim=1)             # (n, d + 1)
hessian = (X_with_bias.T @ X_with_bias / n).double()                    # (d + 1, d + 1)
largest_curvature = torch.linalg.eigvalsh(hessian)[-1].item()
critical_lr = 2 / largest_curvature
print(f"lambda_max = {largest_curvature:.3f}, {localized('critical learning rate', '临界学习率')} 2 / lambda_max = {critical_lr:.3f}")

lr_runs = {}
for factor in (0.02, 0.5, 1.05):
    _, history = train(squared_error, factor * critical_lr, n, steps=60, record_every=1)
    lr_runs[factor] = history

fig, ax = plt.subplots(figsize=(6.5, 4))
names = {0.02: localized("too small", "太小"), 0.5: localized("right", "合适"), 1.05: localized("diverging", "发散")}
for factor, history in lr_runs.items():
    ax.plot(history["step"], history["loss"], label=f"{names[factor]}: lr = {factor} × 2/λmax = {factor * critical_lr:.3g}")
ax.set_yscale("log")
ax.set_xlabel(localized("step (full batch)", "步数（全批量）"))
ax.set_ylabel(localized("training loss (squared error)", "训练损失（平方误差）"))
ax.grid(alpha=0.3)
ax.legend()
plt.show()
assert lr_runs[1.05]["loss"][-1] > 10 * lr_runs[1.05]["loss"][0], "just above 2 / lambda_max the loss should grow"
assert lr_runs[0.5]["loss"][-1] < lr_runs[0.02]["loss"][-1]
# %% [markdown] en
# ### A learning-rate range test
#
# Real models have no closed-form $\lambda_{\max}$, and their curvature changes as they train. A cheap way to pick a learning rate is the **range test**, introduced by Leslie Smith in *Cyclical Learning Rates for Training Neural Networks* (2015) with a linear ramp. The common variant used here trains for a few hundred mini-batch steps while raising the learning rate exponentially from tiny to huge, and records a smoothed loss.
# At first the loss barely moves, then falls quickly, then blows up. A common rule takes the learning rate at the lowest smoothed loss and divides it by ten, to leave a margin below the blow-up.
# %% [markdown] zh
# ### 学习率范围测试
#
# 真实的模型没有 $\lambda_{\max}$ 的解析式，曲率还会随着训练变化。挑选学习率有个省事的办法，叫**范围测试**，由 Leslie Smith 在论文 *Cyclical Learning Rates for Training Neural Networks*（2015）中提出，原文让学习率线性增长。这里用的是常见的变体：用小批量训练几百步，同时把学习率从极小按指数增大到极大，并记录平滑后的损失。
# 一开始损失几乎不动，随后迅速下降，最后猛然上升。常用的经验做法是取平滑损失最低处的学习率，再除以 10，给发散留出余量。
# %%
def lr_range_test(loss_fn, min_lr=0.1, max_lr=100.0, steps=1000, batch_size=32, smoothing=0.98, seed=0):
    """Train with an exponentially growing learning rate; return the learning rates and the smoothed losses.

    Stops early once the smoothed loss exceeds four times its minimum.
    """
    w = torch.zeros(d, requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    batches = epoch_batches(n, batch_size, torch.Generator().manual_seed(seed))
    lrs = np.geomspace(min_lr, max_lr, steps)
    average, smoothed = 0.0, []
    for step, lr in enumerate(lrs):
        index = next(batches)
        loss = loss_fn(X_train[index] @ w + b, y_train[index])
        grad_w, grad_b = torch.autograd.grad(loss, (w, b))
        with torch.no_grad():
            w -= lr * grad_w
            b -= lr * grad_b
        average = smoothing * average + (1 - smoothing) * loss.item()
        smoothed.append(average / (1 - smoothing ** (step + 1)))   # bias-corrected moving average
        if not math.isfinite(smoothed[-1]) or smoothed[-1] > 4 * min(smoothed):
            break
    return lrs[:len(smoothed)], np.array(smoothed)


range_lrs, range_losses = lr_range_test(logistic_loss)
suggested_lr = range_lrs[np.argmin(range_losses)] / 10
print(f"{localized('suggested learning rate', '建议的学习率')}: {suggested_lr:.3g}")

fig, ax = plt.subplots(figsize=(6.5, 4))
ax.plot(range_lrs, range_losses)
ax.axvline(suggested_lr, color="tab:green", linestyle="--", label=localized("suggestion: (lr at minimum) / 10", "建议值：最低点学习率 / 10"))
ax.set_xscale("log")
ax.set_xlabel(localized("learning rate", "学习率"))
ax.set_ylabel(localized("smoothed training loss (logistic)", "平滑后的训练损失（逻辑回归）"))
ax.grid(alpha=0.3)
ax.legend()
plt.show()
# %% [markdown] en
# Does the suggestion work? We train logistic regression with mini-batches for 300 steps at the suggested rate, at three times and at ten times that rate (the rate at the minimum).
# %% [markdown] zh
# 建议值好用吗？我们用小批量把逻辑回归训练 300 步，学习率分别取建议值、建议值的三倍和十倍（即最低点处的学习率）。
# %%
for factor in (1.0, 3.0, 10.0):
    params, history = train(logistic_loss, factor * suggested_lr, 32, STEPS)
    print(f"lr = {factor:>4} × {suggested_lr:.3g}: {localized('val loss', '验证损失')} {history['val_loss'][-1]:.3f}, "
          f"{localized('val accuracy', '验证准确率')} {accuracy(params, X_val, y_val):.3f}")
    if factor == 1.0:
        suggested_history = history
assert suggested_history["val_loss"][-1] < suggested_history["val_loss"][0], "the suggested rate should learn"
# %% [markdown] en
# Within 300 steps, the rates three and ten times higher reach a lower validation loss than the suggestion: the divide-by-ten rule is deliberately cautious. The minimum of the curve sits right at the edge of the cliff where the loss shoots up, and the rule trades some speed for a safety margin. Treat the suggestion as the bottom of a short sweep, as done here.
# %% [markdown] zh
# 在 300 步内，三倍和十倍的学习率都比建议值达到了更低的验证损失：除以 10 的经验规则是有意偏保守的。曲线的最低点紧挨着损失陡然上升的"悬崖"，这条规则用一些速度换来了安全余量。可以把建议值当作一次小范围扫描的起点，就像这里做的那样。
# %% [markdown] en
# ## 5. Batch size and gradient noise
#
# A mini-batch gradient is an average of per-example gradients, so it is an unbiased but noisy estimate of the full gradient $\bar g$.
# If the per-example gradients $g_i$ spread around $\bar g$ with variance $\sigma^2 = \frac{1}{N}\sum_i \lVert g_i - \bar g\rVert^2$, a batch of $B$ examples drawn without replacement has
# $$\mathbb E\,\lVert g_B - \bar g \rVert^2 = \frac{\sigma^2}{B}\cdot\frac{N - B}{N - 1}.$$
# Four times the batch buys half the noise (in standard deviation), at four times the cost.
#
# For logistic regression each example's gradient has a closed form, $g_i = (\sigma(z_i) - y_i)\,(x_i, 1)$, so we can compute all 6,000 at once, check their mean against autograd, and sample many batches cheaply. We measure at a point partway through training.
# %% [markdown] zh
# ## 5. 批量大小与梯度噪声
#
# 小批量梯度是各样本梯度的平均，因此它是完整梯度 $\bar g$ 的无偏估计，但带有噪声。
# 设各样本梯度 $g_i$ 围绕 $\bar g$ 的方差为 $\sigma^2 = \frac{1}{N}\sum_i \lVert g_i - \bar g\rVert^2$，那么不放回地抽取 $B$ 个样本组成一批，有
# $$\mathbb E\,\lVert g_B - \bar g \rVert^2 = \frac{\sigma^2}{B}\cdot\frac{N - B}{N - 1}$$
# 批量扩大到四倍，噪声（按标准差计）减半，计算量却是四倍。
#
# 逻辑回归中每个样本的梯度有解析式 $g_i = (\sigma(z_i) - y_i)\,(x_i, 1)$，所以可以一次算出全部 6,000 个，先用自动微分核对它们的平均值，再廉价地抽取大量小批量。我们在训练进行到一半的某个点上测量。
# %%
(w, b), _ = train(logistic_loss, 2.0, 32, steps=100)
residual = torch.sigmoid(X_train @ w + b) - y_train                                     # (n,)
per_example = torch.cat([residual[:, None] * X_train, residual[:, None]], dim=1)        # (n, d + 1)
full_gradient = per_example.mean(dim=0)                                                 # (d + 1,)

# Check the closed form against autograd.
w_check, b_check = w.clone().requires_grad_(), b.clone().requires_grad_()
autograd_w, autograd_b = torch.autograd.grad(logistic_loss(X_train @ w_check + b_check, y_train), (w_check, b_check))
assert torch.allclose(full_gradient, torch.cat([autograd_w, autograd_b[None]]), atol=1e-6)

spread = ((per_example - full_gradient) ** 2).sum(dim=1).mean().item()                  # sigma^2
generator = torch.Generator().manual_seed(0)
noise_batch_sizes = [2 ** k for k in range(12)]                                          # 1 .. 2048
measured, cosines = [], []
for batch_size in noise_batch_sizes:
    squared_errors, similarities = [], []
    for _ in range(200):
        batch_gradient = per_example[torch.randperm(n, generator=generator)[:batch_size]].mean(dim=0)
        squared_errors.append(((batch_gradient - full_gradient) ** 2).sum().item())
        similarities.append(F.cosine_similarity(batch_gradient, full_gradient, dim=0).item())
    measured.append(np.mean(squared_errors))
    cosines.append(np.mean(similarities))
predicted = [spread / B * (n - B) / (n - 1) for B in noise_batch_sizes]
noise_scale = spread / (full_gradient ** 2).sum().item()
print(f"sigma^2 = {spread:.4f}, |g|^2 = {(full_gradient ** 2).sum().item():.5f}, "
      f"{localized('noise equals signal at batch size', '噪声与信号相当的批量大小')} B ≈ {noise_scale:.0f}")

fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
axes[0].loglog(noise_batch_sizes, measured, "o", label=localized("measured (200 batches each)", "实测（每种 200 批）"))
axes[0].loglog(noise_batch_sizes, predicted, "-", label=r"$\sigma^2/B \cdot (N-B)/(N-1)$")
axes[0].axhline((full_gradient ** 2).sum().item(), color="gray", linestyle=":", label=localized("|full gradient|²", "|完整梯度|²"))
axes[0].set_ylabel(localized("mean |g_B - g|²", "平均 |g_B - g|²"))
axes[1].semilogx(noise_batch_sizes, cosines, "o-")
axes[1].set_ylabel(localized("cosine(batch gradient, full gradient)", "余弦相似度（小批量梯度, 完整梯度）"))
for ax in axes:
    ax.set_xlabel(localized("batch size B", "批量大小 B"))
    ax.grid(alpha=0.3, which="both")
axes[0].legend()
fig.tight_layout()
plt.show()
relative_errors = [abs(m - p) / p for m, p in zip(measured[:-1], predicted[:-1])]
assert max(relative_errors) < 0.25, relative_errors
# %% [markdown] en
# The measurements follow $\sigma^2/B$ closely. Where the noise line crosses the squared length of the full gradient, a batch gradient is about as much noise as signal. Below that batch size a step points only roughly downhill (the cosine is well below 1), which is why small batches need smaller learning rates.
# %% [markdown] zh
# 实测值与 $\sigma^2/B$ 吻合得很好。噪声曲线与完整梯度长度平方那条水平线相交处，小批量梯度里的噪声与信号大致相当：批量比这更小时，每一步只是大致朝着下坡方向（余弦相似度明显小于 1），这正是小批量需要更小学习率的原因。
# %% [markdown] en
# ## 6. Epochs, shuffling and when to stop
#
# ### Why shuffle
#
# Suppose the training file happens to list all negative examples first. Without shuffling, each epoch first sees only negatives, then only positives, and the model swings back and forth. We train for three epochs on the data sorted by label, with and without shuffling, and watch the validation loss.
# %% [markdown] zh
# ## 6. 轮次、打乱与何时停止
#
# ### 为什么要打乱
#
# 假设训练文件恰好把所有负面样本排在前面。不打乱的话，每一轮都先只看到负面样本、再只看到正面样本，模型就会来回摇摆。我们在按标签排好序的数据上训练三轮，比较打乱与不打乱时验证损失的变化。
# %%
by_label = torch.argsort(y_train, stable=True)
X_sorted, y_sorted = X_train[by_label], y_train[by_label]
steps_per_epoch = n // 32
fig, ax = plt.subplots(figsize=(7, 3.8))
for shuffle, label in ((False, localized("sorted by label, no shuffling", "按标签排序，不打乱")),
                       (True, localized("shuffled every epoch", "每轮打乱"))):
    _, history = train(logistic_loss, 2.0, 32, 3 * steps_per_epoch, record_every=5, X=X_sorted, y=y_sorted, shuffle=shuffle)
    ax.plot(np.array(history["step"]) / steps_per_epoch, history["val_loss"], label=label)
    print(f"{label}: {localized('final val loss', '最终验证损失')} {history['val_loss'][-1]:.3f}")
ax.set_xlabel(localized("epoch", "轮"))
ax.set_ylabel(localized("validation loss", "验证损失"))
ax.grid(alpha=0.3)
ax.legend()
plt.show()
# %% [markdown] en
# ### A held-out set tells you when to stop
#
# The training loss keeps falling as long as we train; what we care about is the loss on examples the model has not seen.
# To see overfitting within seconds we give logistic regression a harder time: only the first 600 training examples (fewer than its 1,001 parameters) and a high learning rate, for 100 epochs, measuring both losses after every epoch.
#
# **Early stopping** watches the validation loss and stops once it has not improved for `patience` epochs, keeping the weights from the best epoch.
# %% [markdown] zh
# ### 留出的验证集告诉你何时停止
#
# 只要继续训练，训练损失就会一直下降；我们真正关心的却是模型没见过的样本上的损失。
# 为了在几秒内看到过拟合，我们给逻辑回归加点难度：只用前 600 个训练样本（比它的 1,001 个参数还少），学习率调高，训练 100 轮，每轮结束时测量两种损失。
#
# **提前停止**（early stopping）盯着验证损失：一旦连续 `patience` 轮没有改善就停止训练，并取回最佳那一轮的权重。
# %%
small = 600
epochs = 100
small_steps_per_epoch = small // 32
_, history = train(logistic_loss, 10.0, 32, epochs * small_steps_per_epoch, record_every=small_steps_per_epoch,
                   X=X_train[:small], y=y_train[:small])
train_losses, val_losses = history["loss"], history["val_loss"]     # index k: after k epochs


def stopping_epoch(losses, patience):
    """Return (epoch at which training stops, best epoch so far) for early stopping with this patience."""
    best_epoch = 0
    for epoch, loss in enumerate(losses):
        if loss < losses[best_epoch]:
            best_epoch = epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(losses) - 1, best_epoch


stop, best = stopping_epoch(val_losses, patience=10)
print(localized(f"Best validation loss {val_losses[best]:.3f} after epoch {best}; early stopping (patience 10) "
                f"stops after epoch {stop}; after all {epochs} epochs the validation loss is {val_losses[-1]:.3f}.",
                f"最低验证损失 {val_losses[best]:.3f}，出现在第 {best} 轮后；提前停止（patience 10）在第 {stop} 轮后停止；"
                f"训练满 {epochs} 轮时验证损失为 {val_losses[-1]:.3f}。"))

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(train_losses, label=localized("training (600 examples)", "训练集（600 个样本）"))
ax.plot(val_losses, label=localized("validation", "验证集"))
ax.axvline(best, color="tab:green", linestyle="--", label=localized("best epoch", "最佳轮次"))
ax.axvline(stop, color="tab:red", linestyle=":", label=localized("early stopping stops here", "提前停止于此"))
ax.set_xlabel(localized("epoch", "轮"))
ax.set_ylabel(localized("loss", "损失"))
ax.grid(alpha=0.3)
ax.legend()
plt.show()
assert val_losses[-1] > val_losses[best], "expected the validation loss to rise after the best epoch"
assert train_losses[-1] < train_losses[best], "expected the training loss to keep falling after the best epoch"
# %% [markdown] en
# ## Summary
#
# - Gradient descent steps against the gradient of the loss; the batch decides how exact that gradient is and how much each step costs.
# - Per step, a full batch is best; per example seen (that is, per unit of computation), mini-batches win by a wide margin.
# - On a quadratic, gradient descent diverges as soon as $\eta > 2/\lambda_{\max}$. A learning-rate range test finds a workable rate in a few hundred steps without knowing the curvature.
# - The noise of a mini-batch gradient falls as $1/B$ (in variance): larger batches allow larger steps, with diminishing returns once the noise is well below the signal.
# - Shuffle every epoch, keep a held-out set, and stop (or keep the best weights) when its loss stops improving.
#
# The next chapter replaces the plain update $w \leftarrow w - \eta g$ by better ones: momentum, AdaGrad, RMSProp and Adam.
# %% [markdown] zh
# ## 小结
#
# - 梯度下降沿损失梯度的反方向迈步；批量决定了梯度有多精确，也决定了每一步的代价。
# - 按步数算，全批量最好；按已见样本数（也就是按计算量）算，小批量遥遥领先。
# - 对二次函数，一旦 $\eta > 2/\lambda_{\max}$，梯度下降就会发散。学习率范围测试无须知道曲率，几百步就能找到一个可用的学习率。
# - 小批量梯度噪声的方差按 $1/B$ 下降：批量越大，步子可以迈得越大，但当噪声已远小于信号时，再增大批量收益就越来越小。
# - 每一轮都要打乱数据，要留出验证集，并在验证损失不再改善时停止训练（或保留最佳权重）。
#
# 下一章会把朴素的更新 $w \leftarrow w - \eta g$ 换成更好的更新方式：动量、AdaGrad、RMSProp 和 Adam。
# %% [markdown] en
# ## Exercises
#
# ### Exercise 1: the logistic-regression gradient by hand
#
# Write `logistic_gradient(w, b, X, y)` that returns the gradient of the mean cross-entropy with respect to `w` (shape `(d,)`) and `b` (a 0-dimensional tensor), **without** autograd, using $\nabla_w L = \frac{1}{N} X^\top(\sigma(Xw + b) - y)$.
# %% [markdown] zh
# ### 练习 1：手算逻辑回归的梯度
#
# 编写 `logistic_gradient(w, b, X, y)`，**不用**自动微分，按 $\nabla_w L = \frac{1}{N} X^\top(\sigma(Xw + b) - y)$ 返回平均交叉熵对 `w`（形状 `(d,)`）和 `b`（0 维张量）的梯度。
# %%
def logistic_gradient(w, b, X, y):
    raise NotImplementedError


def autograd_reference(w, b, X, y):
    w, b = w.clone().requires_grad_(), b.clone().requires_grad_()
    return torch.autograd.grad(logistic_loss(X @ w + b, y), (w, b))


exercise_generator = torch.Generator().manual_seed(5)
gradient_cases = []
for rows, columns in ((4, 3), (50, 10), (1, 1)):
    case_inputs = (torch.randn(columns, generator=exercise_generator), torch.tensor(0.3),
                   torch.randn(rows, columns, generator=exercise_generator),
                   torch.randint(0, 2, (rows,), generator=exercise_generator).float())
    gradient_cases.append(Case(case_inputs, list(autograd_reference(*case_inputs))))
oi.exercises.check(localized("Exercise 1: logistic gradient", "练习 1：逻辑回归的梯度"),
                   lambda *args: list(logistic_gradient(*args)), gradient_cases,
                   hint={"en": "residual = torch.sigmoid(X @ w + b) - y; grad_w = X.T @ residual / len(y); grad_b = residual.mean().",
                         "zh": "先算残差 residual = torch.sigmoid(X @ w + b) - y；grad_w = X.T @ residual / len(y)；grad_b = residual.mean()。"});
# %% solution
def logistic_gradient(w, b, X, y):
    residual = torch.sigmoid(X @ w + b) - y          # (N,)
    return X.T @ residual / len(y), residual.mean()


oi.exercises.check(localized("Exercise 1: logistic gradient", "练习 1：逻辑回归的梯度"),
                   lambda *args: list(logistic_gradient(*args)), gradient_cases);
# %% [markdown] en
# ### Exercise 2: the largest stable learning rate
#
# Write `max_stable_lr(X)` that returns $2/\lambda_{\max}$ for full-batch gradient descent on the squared error $\frac{1}{2N}\lVert Xw - y\rVert^2$ (no bias column: use `X` as given).
# %% [markdown] zh
# ### 练习 2：最大的稳定学习率
#
# 编写 `max_stable_lr(X)`，对平方误差 $\frac{1}{2N}\lVert Xw - y\rVert^2$ 上的全批量梯度下降返回 $2/\lambda_{\max}$（不加偏置列，直接使用给定的 `X`）。
# %%
def max_stable_lr(X):
    raise NotImplementedError


stable_cases = [
    Case((torch.eye(3),), 6.0),                                       # H = I / 3
    Case((torch.tensor([[2.0, 0.0], [0.0, 1.0]]),), 1.0),             # H = diag(2, 0.5)
    Case((torch.ones(4, 2),), 1.0),                                   # H = ones(2, 2), eigenvalues 2 and 0
]
oi.exercises.check(localized("Exercise 2: max stable learning rate", "练习 2：最大稳定学习率"), max_stable_lr, stable_cases,
                   hint={"en": "The Hessian is X.T @ X / len(X); torch.linalg.eigvalsh returns its eigenvalues in ascending order.",
                         "zh": "黑塞矩阵是 X.T @ X / len(X)；torch.linalg.eigvalsh 按升序返回它的特征值。"});
# %% solution
def max_stable_lr(X):
    hessian = X.T @ X / len(X)
    return 2 / torch.linalg.eigvalsh(hessian)[-1].item()


oi.exercises.check(localized("Exercise 2: max stable learning rate", "练习 2：最大稳定学习率"), max_stable_lr, stable_cases);
# %% [markdown] en
# ### Exercise 3: early stopping
#
# Write `early_stop(val_losses, patience)` that returns the index of the epoch whose weights early stopping keeps: walk through the losses, remember the best (lowest) one, and stop as soon as `patience` epochs in a row have not beaten it. If training never stops early, return the best epoch overall.
# %% [markdown] zh
# ### 练习 3：提前停止
#
# 编写 `early_stop(val_losses, patience)`，返回提前停止最终保留的那一轮的下标：依次查看各轮损失，记住最低的那个；一旦连续 `patience` 轮都没有比它更低，就停止。若始终没有提前停止，则返回全程最好的那一轮。
# %%
def early_stop(val_losses, patience):
    raise NotImplementedError


early_stop_cases = [
    Case(([1.0, 0.8, 0.7, 0.72, 0.75, 0.6], 2), 2),      # stops after epoch 4, before the late improvement
    Case(([1.0, 0.8, 0.7, 0.72, 0.75, 0.6], 3), 5),
    Case(([0.5, 0.6, 0.7], 5), 0),
    Case(([0.9, 0.8, 0.8, 0.79], 1), 1),                  # equal is not better
]
oi.exercises.check(localized("Exercise 3: early stopping", "练习 3：提前停止"), early_stop, early_stop_cases,
                   hint={"en": "Track best_epoch; at each epoch, either it improves (update best_epoch) or check epoch - best_epoch >= patience.",
                         "zh": "记录 best_epoch；每一轮要么更好（更新 best_epoch），要么检查 epoch - best_epoch >= patience。"});
# %% solution
def early_stop(val_losses, patience):
    return stopping_epoch(val_losses, patience)[1]


oi.exercises.check(localized("Exercise 3: early stopping", "练习 3：提前停止"), early_stop, early_stop_cases);
# %% [markdown] en
# ### Exercise 4: how much quieter?
#
# On a large training set ($N \gg B$), by what factor does the mean squared distance $\mathbb E\lVert g_B - \bar g\rVert^2$ shrink when the batch grows from 16 to 256? Set `answer` to a number.
# %% [markdown] zh
# ### 练习 4：噪声小了多少？
#
# 训练集很大（$N \gg B$）时，批量从 16 增大到 256，平均平方距离 $\mathbb E\lVert g_B - \bar g\rVert^2$ 缩小为原来的几分之一？把 `answer` 设为这个倍数。
# %%
answer = ...
oi.exercises.check_value(localized("Exercise 4: noise factor", "练习 4：噪声倍数"), answer, 16.0,
                         hint={"en": "The variance is proportional to 1 / B.", "zh": "方差与 1 / B 成正比。"});
# %% solution
answer = 256 / 16
oi.exercises.check_value(localized("Exercise 4: noise factor", "练习 4：噪声倍数"), answer, 16.0);
