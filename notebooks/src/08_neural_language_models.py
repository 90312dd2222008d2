# %% [markdown] en
# # 8. Neural language models: from a bigram table to a small GPT
#
# Chapter 7 predicted the next character by counting. Counting cannot share what it learns: seeing "the king" teaches it
# nothing about "the queen". Neural language models learn **embeddings** and **parameters** that generalise across
# contexts. In this notebook you will build, one step at a time, and all behind one interface:
#
# 1. a neural bigram model, trained by gradient descent, that learns the same table as counting;
# 2. the MLP language model with embeddings of Bengio et al. (2003);
# 3. recurrent models: a plain RNN and a GRU;
# 4. self-attention, built up step by step (weights as a matrix, the causal mask, scaling, several heads, positions),
#    and from it a small GPT.
#
# Then you will compare all of them on the same validation text at equal training time, generate text with greedy
# decoding, temperature, top-k and top-p, look inside the GPT's attention, and practise the craft of training:
# validation curves, overfitting, dropout, checkpoints and resuming.
#
# Everything is trained here, in this notebook, on your CPU: about three minutes in total. The corpus is Tiny
# Shakespeare.
# %% [markdown] zh
# # 8. 神经语言模型：从二元表格到小型 GPT
#
# 第 7 章靠计数来预测下一个字。计数无法共享学到的东西：见过“明月”，并不能让它对“清风”多懂一点。
# 神经语言模型学习的是能够跨上下文推广的**嵌入**和**参数**。本笔记本将一步一步地、在同一个接口下搭建：
#
# 1. 用梯度下降训练的神经二元模型，它学到的正是计数得到的那张表；
# 2. Bengio 等人（2003）提出的带词嵌入的多层感知机语言模型；
# 3. 循环模型：普通循环神经网络（RNN）与门控循环单元（GRU）；
# 4. 逐步搭建自注意力（把权重写成矩阵、因果掩码、缩放、多头、位置），并由此得到一个小型 GPT。
#
# 然后，在相同的训练时间下，用同一份验证文本比较所有模型；用贪心解码、温度、top-k 和 top-p 生成文本；
# 查看 GPT 内部的注意力；并练习训练的基本功：验证曲线、过拟合、暂退法（dropout）、检查点与断点续训。
#
# 所有模型都在本笔记本里、在你的 CPU 上现场训练，总共大约四分钟。语料是四千首格律整齐的五言、七言唐诗（已转为简体字），
# 每首诗前标明“五言”或“七言”：最后我们会要求模型写指定体裁的诗，并统计它做到的比例。

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
import pandas as pd
import torch
from torch.nn import functional as F

import oi_helpers as oi
from oi_helpers import data, models, sampling, text, train
from oi_helpers.exercises import Case
from oi_helpers.generate_widget import GenerationControl
from oi_helpers.ngram import NGramLM

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
device = oi.device()
notebook_start = time.perf_counter()
print({"en": f"device: {device} | torch threads: {torch.get_num_threads()}",
       "zh": f"计算设备：{device} | torch 线程数：{torch.get_num_threads()}"}[LANG])

# %% [markdown] en
# ## 1. Data, vocabulary and the yardstick
#
# As in chapter 7, tokens are characters and the last 10% of the text is held out for validation.
# %% [markdown] zh
# ## 1. 数据、词表与评价标准
#
# 我们只保留每一联都是“五字，五字。”或“七字，七字。”的诗，在每首诗前加一行“五言”或“七言”，诗与诗之间空一行。
# 和第 7 章一样，词元是单个的字，并留出最后 10% 的文本作为验证集。出现不到 10 次的生僻字统一记作 `□`（约占全文的 3%），
# 词表因此从四千八百字缩小到两千三百字左右：输出层小了一半，训练也快了不少。

# %% edition en
corpus = data.load_shakespeare()
vocab = text.CharVocab.from_text(corpus)
PROMPT = "ROMEO:\n"
EXTRA_SECONDS = 40      # extra training time for the GPT after the comparison
SUPPRESS = []           # token ids never to generate: none here, every character is in the vocabulary

# %% edition zh
def poem_form(poem: dict) -> int | None:
    """Return 5 or 7 when every line of the poem is a couplet of two five- or seven-character halves, else None."""
    lines = poem["paragraphs"]
    couplets = [re.fullmatch(r"([^，。？！；]+)，([^，。？！；]+)[。？！]", line) for line in lines]
    if not lines or not all(couplets):
        return None
    lengths = {len(half) for match in couplets for half in match.groups()}
    return lengths.pop() if lengths in ({5}, {7}) else None


poems = [(poem_form(poem), poem) for poem in data.load_tang_poems()]
corpus = "\n\n".join(("五言" if form == 5 else "七言") + "\n" + "\n".join(poem["paragraphs"])
                     for form, poem in poems if form)
frequent_chars = [char for char, count in Counter(corpus).items() if count >= 10]
vocab = text.CharVocab(frequent_chars, unk="□")
PROMPT = "五言\n"
EXTRA_SECONDS = 80      # extra training time for the GPT: a vocabulary of 2,000+ characters learns more slowly
SUPPRESS = [vocab.stoi["□"]]    # never generate the mark for rare characters

# %%
ids = torch.tensor(vocab.encode(corpus), dtype=torch.long)
train_ids, val_ids = data.train_val_split(ids, 0.9)
V = len(vocab)
BLOCK, BATCH = 64, 16           # every model trains on random windows of 64 characters, 16 windows per step
print({"en": f"{len(ids):,} characters, vocabulary of {V:,}; {len(train_ids):,} for training, "
             f"{len(val_ids):,} for validation",
       "zh": f"共 {len(ids):,} 个字，词表大小 {V:,}；训练集 {len(train_ids):,} 个，验证集 {len(val_ids):,} 个"}[LANG])
print(corpus[:200])

# %% [markdown] en
# The yardstick is the one from chapter 7: the mean cross-entropy in nats per character on the **whole** validation
# text (perplexity is its exponential). `train.evaluate` cuts the validation text into consecutive windows of
# `BLOCK` characters and averages the loss of every prediction, always on the same windows, so every model is
# judged on exactly the same predictions. Two reference points: a uniform guess scores $\ln V$, and the best counting
# model of chapter 7, a Kneser–Ney 5-gram, which we fit here on the same training text in a few seconds.
# %% [markdown] zh
# 评价标准沿用第 7 章：在**全部**验证文本上，每个字的平均交叉熵（单位：奈特/字；困惑度是它的指数）。
# `train.evaluate` 把验证文本切成一段段相连的、长 `BLOCK` 个字的窗口，对每个预测的损失求平均；窗口每次都相同，
# 所以所有模型都在完全相同的预测上接受评判。两个参照点：均匀乱猜的损失是 $\ln V$；第 7 章最好的计数模型是 Kneser–Ney 五元模型，
# 我们在同一份训练文本上几秒钟就能拟合出来。

# %%
def val_loss(model) -> float:
    """Mean cross-entropy in nats per character on the whole validation split."""
    return train.evaluate(model, val_ids, BLOCK)


# The n-gram model is given the same characters as the neural models. Characters seen once in training become its
# <unk>, which gives validation characters never seen in training a probability above zero.
train_text, val_text = vocab.decode(train_ids), vocab.decode(val_ids)
start = time.perf_counter()
kneser_ney = NGramLM(5, smoothing="kneser_ney", min_count=2).fit([train_text])
ngram_loss = kneser_ney.cross_entropy([val_text])
seconds = time.perf_counter() - start
print({"en": f"uniform guess: {math.log(V):.3f} nats per character",
       "zh": f"均匀乱猜：每字 {math.log(V):.3f} 奈特"}[LANG])
print({"en": f"Kneser–Ney 5-gram: {ngram_loss:.3f} nats per character (perplexity {math.exp(ngram_loss):.2f}), "
             f"counted in {seconds:.1f} s",
       "zh": f"Kneser–Ney 五元模型：每字 {ngram_loss:.3f} 奈特（困惑度 {math.exp(ngram_loss):.2f}），"
             f"计数用时 {seconds:.1f} 秒"}[LANG])
del kneser_ney

# %% [markdown] en
# ## 2. A neural bigram model learns the counting table
#
# The simplest neural language model is a table of **logits** $W$ with one row per previous character:
# $P(b \mid a) = \mathrm{softmax}(W_a)_b$. It starts at zero (a uniform guess) and is trained like every model in this
# notebook: random windows of training text, the cross-entropy loss, backpropagation and AdamW. The loss is minimised
# exactly when $\mathrm{softmax}(W_a)$ equals the counted frequencies $c(a\,b)/c(a)$, so gradient descent should find
# the same table as counting. We train it without weight decay, which would pull every logit towards 0 and act as
# smoothing, and with four times the usual batch: each row learns only from its own character, so larger batches
# average out more of the gradient noise.
#
# All models in this notebook share one interface: token ids of shape `(batch, time)` in, logits of shape
# `(batch, time, vocab)` out. So one training loop (`train.train`) and one sampler (`sampling.generate`) serve them all.
# `train.steps_for_seconds` measures a few steps first, so that every model gets the same training time, `SECONDS`.
# %% [markdown] zh
# ## 2. 神经二元模型学到的就是计数表
#
# 最简单的神经语言模型是一张 **logits** 表 $W$，每个“前一个字”对应一行：$P(b \mid a) = \mathrm{softmax}(W_a)_b$。
# 它从全零开始（均匀乱猜），训练方式和本笔记本中所有模型一样：随机取训练文本的窗口，计算交叉熵损失，反向传播，再用 AdamW 更新。
# 当且仅当 $\mathrm{softmax}(W_a)$ 等于计数频率 $c(a\,b)/c(a)$ 时损失最小，所以梯度下降应当找到与计数相同的表。
# 训练时不使用权重衰减（它会把所有 logit 拉向 0，起到平滑的作用），并用四倍于平常的批量：每一行只从它自己那个字学习，
# 批量越大，梯度噪声平均得越干净。
#
# 本笔记本的所有模型共用一个接口：输入形状为 `(batch, time)` 的词元编号，输出形状为 `(batch, time, vocab)` 的 logits。
# 因此一个训练循环（`train.train`）和一个采样函数（`sampling.generate`）就能服务所有模型。
# `train.steps_for_seconds` 先试跑几步测速，从而让每个模型都得到相同的训练时间 `SECONDS`。

# %%
SECONDS = 20          # training time per model for the comparison, in seconds
results = {}          # name -> {"model", "history", "val_loss"}


def train_for(model, seconds: float, lr: float, batch_size: int = BATCH, **settings) -> train.History:
    """Train ``model`` for about ``seconds`` with the shared loop, printing a few progress lines."""
    steps = train.steps_for_seconds(model, train_ids, seconds, batch_size, BLOCK)
    return train.train(model, train_ids, val_ids, steps=steps, batch_size=batch_size, block_size=BLOCK, lr=lr,
                       warmup_steps=min(100, steps // 10), eval_interval=max(1, steps // 4), eval_windows=32,
                       max_seconds=seconds * 1.2, progress=False, **settings)


oi.seed(1337)
bigram = models.BigramLM(models.BigramConfig(vocab_size=V, block_size=BLOCK)).to(device)
history = train_for(bigram, SECONDS, lr=0.1, batch_size=4 * BATCH, weight_decay=0.0)
results["bigram"] = {"model": bigram, "history": history, "val_loss": val_loss(bigram)}

# %% [markdown] en
# Now compare the learned table with the counted one. We count every pair of neighbouring training characters,
# divide each row by its total, and plot learned against counted probabilities for the pairs seen at least 20 times
# (rarer pairs give the noisy minibatch gradients too little to average over).
# We also score the counted table on the validation text, with a tiny add-k ($k = 0.01$) so that unseen pairs are not
# impossible.
# %% [markdown] zh
# 现在把学到的表和计数得到的表对比。统计训练文本中每一对相邻字的次数，每行除以该行总数，
# 再把出现至少 20 次的字对的“学到的概率”对“计数的概率”画成散点图（更少见的字对，小批量梯度的噪声还来不及平均掉）。我们也在验证文本上给计数表打分，
# 并加上很小的加 k 平滑（$k = 0.01$），免得没见过的字对概率为零。

# %%
counts = torch.zeros(V, V)
counts.index_put_((train_ids[:-1], train_ids[1:]), torch.ones(len(train_ids) - 1), accumulate=True)
counted = counts / counts.sum(dim=1, keepdim=True).clamp(min=1)
learned = bigram.logits_table.weight.detach().cpu().softmax(dim=-1)
often = counts >= 20

smoothed = (counts + 0.01) / (counts.sum(dim=1, keepdim=True) + 0.01 * V)
counting_loss = -smoothed[val_ids[:-1], val_ids[1:]].log().mean().item()
neural_loss = results["bigram"]["val_loss"]
print({"en": f"validation loss: neural bigram {neural_loss:.3f}, counted bigram {counting_loss:.3f}",
       "zh": f"验证损失：神经二元模型 {neural_loss:.3f}，计数二元模型 {counting_loss:.3f}"}[LANG])
difference = (learned - counted).abs()
mean_often, n_often = difference[often].mean(), int(often.sum())
max_common, n_common = difference[counts >= 1000].max(), int((counts >= 1000).sum())
print({"en": f"difference between learned and counted probabilities: mean {mean_often:.4f} over the "
             f"{n_often} pairs seen at least 20 times, largest {max_common:.4f} "
             f"over the {n_common} pairs seen at least 1,000 times",
       "zh": f"学到的概率与计数概率之差：在出现至少 20 次的 {n_often} 个字对上平均为 {mean_often:.4f}，"
             f"在出现至少 1,000 次的 {n_common} 个字对上最大为 {max_common:.4f}"}[LANG])

fig, ax = plt.subplots(figsize=(4.6, 4.4))
ax.loglog(counted[often], learned[often], ".", alpha=0.4)
ax.plot([1e-4, 1], [1e-4, 1], "k--", linewidth=1)
ax.set_xlabel({"en": "counted P(b | a)", "zh": "计数得到的 P(b | a)"}[LANG])
ax.set_ylabel({"en": "learned P(b | a)", "zh": "学到的 P(b | a)"}[LANG])
ax.set_title({"en": "Neural bigram vs counting", "zh": "神经二元模型与计数"}[LANG])
plt.show()

# %% [markdown] en
# The points lie on the diagonal: gradient descent has rediscovered counting. A table cannot generalise, though:
# it has $V^2$ parameters and a row learns only from its own character. The next models **share** parameters.
#
# ## 3. The MLP language model with embeddings (Bengio et al., 2003)
#
# Bengio and colleagues proposed in 2003 to give every token a learned vector, an **embedding** $e(x) \in \mathbb{R}^d$.
# To predict the next token, concatenate the embeddings of the last $n$ tokens, pass them through a hidden layer, and
# map the result to logits:
#
# $$h = \tanh\big(W_1 [e(x_{t-n+1}); \dots; e(x_t)] + b_1\big), \qquad \text{logits} = W_2 h + b_2.$$
#
# Similar tokens end up with similar embeddings, so what the model learns about one context carries over to others.
# The parameter count grows linearly with $n$, not as $V^n$. Our `MLPLM` looks at the last 8 characters; positions
# near the start of a window see a special "before the start" token instead of missing context.
# %% [markdown] zh
# ## 3. 带词嵌入的多层感知机语言模型（Bengio 等，2003）
#
# Bengio 等人在 2003 年提出：给每个词元一个可学习的向量，即**嵌入** $e(x) \in \mathbb{R}^d$。
# 预测下一个词元时，把最近 $n$ 个词元的嵌入拼接起来，经过一个隐藏层，再映射为 logits：
#
# $$h = \tanh\big(W_1 [e(x_{t-n+1}); \dots; e(x_t)] + b_1\big), \qquad \text{logits} = W_2 h + b_2.$$
#
# 相似的词元会得到相似的嵌入，于是模型在一个上下文中学到的东西可以迁移到别的上下文。参数量随 $n$ 线性增长，而不是 $V^n$。
# 我们的 `MLPLM` 看最近 8 个字；窗口开头处缺少的上下文，用一个特殊的“开头之前”词元代替。

# %%
oi.seed(1337)
mlp = models.MLPLM(models.MLPConfig(vocab_size=V, block_size=BLOCK, context_size=8, n_embd=24, n_hidden=256)).to(device)
print(mlp)
print({"en": f"{mlp.num_parameters():,} parameters", "zh": f"参数量：{mlp.num_parameters():,}"}[LANG])
history = train_for(mlp, SECONDS, lr=3e-3)
results["mlp"] = {"model": mlp, "history": history, "val_loss": val_loss(mlp)}

# %% [markdown] en
# ## 4. Recurrent models: RNN and GRU
#
# An MLP sees a fixed window. A **recurrent neural network** reads the text one token at a time and carries a hidden
# state $h_t$ that summarises everything so far:
#
# $$h_t = \tanh(W_{xh} x_t + b_{xh} + W_{hh} h_{t-1} + b_{hh}), \qquad \text{logits}_t = W_{hy} h_t + b_y.$$
#
# The same weights are used at every step, so the model handles any length. Let us check that PyTorch's `nn.RNN`
# inside our `RNNLM` computes exactly this formula.
# %% [markdown] zh
# ## 4. 循环模型：RNN 与 GRU
#
# 多层感知机只能看固定长度的窗口。**循环神经网络**一次读一个词元，并携带一个隐藏状态 $h_t$，概括到目前为止读过的全部内容：
#
# $$h_t = \tanh(W_{xh} x_t + b_{xh} + W_{hh} h_{t-1} + b_{hh}), \qquad \text{logits}_t = W_{hy} h_t + b_y.$$
#
# 每一步使用同一组权重，所以模型能处理任意长度。下面验证我们的 `RNNLM` 中 PyTorch 的 `nn.RNN` 计算的正是这个公式。

# %%
oi.seed(1337)
rnn = models.RNNLM(models.RNNConfig(vocab_size=V, block_size=BLOCK, cell="rnn", n_embd=64, n_hidden=256)).to(device)
x = rnn.token_embedding(train_ids[:10].to(device))            # (10, n_embd): ten embedded characters
layer = rnn.rnn
h = torch.zeros(layer.hidden_size, device=device)
by_hand = []
for x_t in x:
    h = torch.tanh(layer.weight_ih_l0 @ x_t + layer.bias_ih_l0 + layer.weight_hh_l0 @ h + layer.bias_hh_l0)
    by_hand.append(h)
with torch.no_grad():
    states, _ = layer(x[None])                                 # (1, 10, n_hidden)
print({"en": "largest difference from nn.RNN:", "zh": "与 nn.RNN 的最大差异："}[LANG],
      (torch.stack(by_hand) - states[0]).abs().max().item())
assert torch.allclose(torch.stack(by_hand), states[0], atol=1e-5)

# %% [markdown] en
# Backpropagating through many steps multiplies many Jacobians together, so gradients tend to vanish (or explode):
# a plain RNN struggles to remember far back. The **gated recurrent unit** (GRU) adds gates, learned numbers between 0
# and 1, that decide how much of the old state to keep:
#
# $$z_t = \sigma(W_z x_t + U_z h_{t-1}), \quad r_t = \sigma(W_r x_t + U_r h_{t-1}), \quad
# \tilde h_t = \tanh\big(W x_t + r_t \odot (U h_{t-1})\big), \quad h_t = (1 - z_t) \odot \tilde h_t + z_t \odot h_{t-1}.$$
#
# When $z_t \approx 1$ the state passes through unchanged, and so does the gradient. (Biases omitted.) We train both for
# the same time.
# %% [markdown] zh
# 沿着很多步做反向传播，要把许多雅可比矩阵连乘起来，梯度容易消失（或爆炸）：普通 RNN 很难记住很久以前的内容。
# **门控循环单元**（GRU）加入了“门”，即介于 0 和 1 之间、可学习的数，由它们决定保留多少旧状态：
#
# $$z_t = \sigma(W_z x_t + U_z h_{t-1}), \quad r_t = \sigma(W_r x_t + U_r h_{t-1}), \quad
# \tilde h_t = \tanh\big(W x_t + r_t \odot (U h_{t-1})\big), \quad h_t = (1 - z_t) \odot \tilde h_t + z_t \odot h_{t-1}.$$
#
# 当 $z_t \approx 1$ 时，状态原样通过，梯度也一样。（公式中省略了偏置。）下面让两者训练相同的时间。

# %%
history = train_for(rnn, SECONDS, lr=3e-3)
results["rnn"] = {"model": rnn, "history": history, "val_loss": val_loss(rnn)}

oi.seed(1337)
gru = models.RNNLM(models.RNNConfig(vocab_size=V, block_size=BLOCK, cell="gru", n_embd=64, n_hidden=256)).to(device)
history = train_for(gru, SECONDS, lr=3e-3)
results["gru"] = {"model": gru, "history": history, "val_loss": val_loss(gru)}

# %% [markdown] en
# ## 5. Self-attention, step by step
#
# A recurrent model squeezes the whole past into one vector. **Self-attention** instead lets every position look back
# at all earlier positions directly and take a weighted average of what it finds. We build it in six small steps on
# random numbers: `T` positions with `C` channels each.
#
# **Step 1: averaging the past is a matrix product.** The simplest way to mix in the past is to average every position
# with all positions before it. A loop does it; so does multiplying by a lower-triangular matrix whose rows sum to 1.
# %% [markdown] zh
# ## 5. 一步一步搭建自注意力
#
# 循环模型把全部历史压缩进一个向量。**自注意力**则让每个位置直接回看之前的所有位置，并对看到的内容取加权平均。
# 我们在随机数上分六小步搭建它：`T` 个位置，每个位置 `C` 个通道。
#
# **第 1 步：对过去求平均就是一次矩阵乘法。** 混合过去信息的最简单办法，是把每个位置与它之前的所有位置取平均。
# 可以写循环，也可以乘以一个每行之和为 1 的下三角矩阵。

# %%
torch.manual_seed(0)
T, C = 6, 8
x = torch.randn(T, C)

loop = torch.stack([x[: t + 1].mean(dim=0) for t in range(T)])     # (T, C)
weights = torch.tril(torch.ones(T, T))
weights = weights / weights.sum(dim=1, keepdim=True)                # row t: 1/(t+1) on positions 0..t
print(weights)
assert torch.allclose(weights @ x, loop)

# %% [markdown] en
# **Step 2: weights from scores, with a causal mask.** Let the weights come from a softmax over **scores**. Setting the
# score of every future position to $-\infty$ (the **causal mask**) gives those positions weight exactly 0, because
# $e^{-\infty} = 0$: a position can never peek at the character it must predict. With all scores equal we get back the
# plain average; learned, data-dependent scores will let each position choose what to attend to.
# %% [markdown] zh
# **第 2 步：由分数得到权重，并加上因果掩码。** 让权重来自对**分数**做的 softmax。
# 把所有未来位置的分数设为 $-\infty$（即**因果掩码**），由于 $e^{-\infty} = 0$，这些位置的权重恰好为 0：
# 一个位置永远看不到它要预测的那个字。所有分数相等时，得到的就是普通平均；而学出来的、依赖数据的分数，
# 能让每个位置自己选择关注谁。

# %%
mask = torch.tril(torch.ones(T, T, dtype=torch.bool))               # True where position t may look at position s
scores = torch.zeros(T, T)
masked_weights = scores.masked_fill(~mask, float("-inf")).softmax(dim=-1)
assert torch.allclose(masked_weights, weights)
print(mask.int())

# %% [markdown] en
# **Step 3: queries, keys and values, and why we scale.** Each position emits a **query** $q$ ("what am I looking
# for?") and a **key** $k$ ("what do I contain?"); the score of position $s$ for position $t$ is $q_t \cdot k_s$.
# What gets averaged is a third projection, the **value** $v$. If $q$ and $k$ have $d$ independent components of
# variance 1, their dot product has variance $d$, and a softmax over large scores becomes nearly one-hot, so almost all
# gradients vanish. Dividing by $\sqrt{d}$ brings the variance back to 1:
#
# $$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\Big(\frac{Q K^\top}{\sqrt{d}} + M\Big) V,$$
#
# where $M$ is 0 on and below the diagonal and $-\infty$ above it.
# %% [markdown] zh
# **第 3 步：查询、键和值，以及为什么要缩放。** 每个位置发出一个**查询** $q$（“我在找什么？”）和一个**键** $k$（“我这里有什么？”），
# 位置 $t$ 对位置 $s$ 的分数是 $q_t \cdot k_s$。被平均的是第三个投影，即**值** $v$。
# 如果 $q$ 和 $k$ 各有 $d$ 个相互独立、方差为 1 的分量，它们的点积方差就是 $d$；对很大的分数做 softmax，结果几乎是独热的，
# 绝大多数梯度随之消失。除以 $\sqrt{d}$ 让方差回到 1：
#
# $$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\Big(\frac{Q K^\top}{\sqrt{d}} + M\Big) V,$$
#
# 其中 $M$ 在对角线及其下方为 0，上方为 $-\infty$。

# %%
d = 64
q, k = torch.randn(1000, d), torch.randn(1000, d)
raw = (q * k).sum(dim=1)
variance, scaled_variance = raw.var(), (raw / math.sqrt(d)).var()
print({"en": f"variance of q·k: {variance:.1f}; after dividing by sqrt(d): {scaled_variance:.2f}",
       "zh": f"q·k 的方差：{variance:.1f}；除以 sqrt(d) 之后：{scaled_variance:.2f}"}[LANG])
example = torch.randn(T) * math.sqrt(d)                              # one row of unscaled scores
unscaled_max, scaled_max = example.softmax(dim=0).max(), (example / math.sqrt(d)).softmax(dim=0).max()
print({"en": f"largest softmax weight, unscaled: {unscaled_max:.3f} | scaled: {scaled_max:.3f}",
       "zh": f"softmax 的最大权重，未缩放：{unscaled_max:.3f} | 缩放后：{scaled_max:.3f}"}[LANG])

# %% [markdown] en
# **Step 4: one head.** Queries, keys and values are linear projections of the input. Here is one **head** of
# causal self-attention, written out.
# %% [markdown] zh
# **第 4 步：一个注意力头。** 查询、键和值都是输入的线性投影。下面把一个因果自注意力**头**完整写出来。

# %%
def attention_head(x, W_q, W_k, W_v):
    """Compute one head of causal self-attention. x: (T, C); W_q, W_k, W_v: (C, head_size); returns (T, head_size)."""
    q, k, v = x @ W_q, x @ W_k, x @ W_v                               # each (T, head_size)
    scores = q @ k.T / math.sqrt(k.shape[-1])                         # (T, T)
    causal = torch.tril(torch.ones(len(x), len(x), dtype=torch.bool))
    return scores.masked_fill(~causal, float("-inf")).softmax(dim=-1) @ v


head_size = 4
W_q, W_k, W_v = (torch.randn(C, head_size) / math.sqrt(C) for _ in range(3))
print(attention_head(x, W_q, W_k, W_v).shape)

# %% [markdown] en
# **Step 5: several heads.** One softmax can focus on one kind of relation at a time. **Multi-head attention** runs
# several smaller heads side by side (here 2 heads of 4 channels instead of 1 of 8), concatenates their outputs and
# mixes them with a final projection. Our step-by-step version gives exactly the output of the course's
# `models.CausalSelfAttention`, once we give it the same weights. (In the module the three projections are one
# `nn.Linear` that outputs $q$, $k$ and $v$ side by side, and it uses PyTorch's fused attention kernel.)
# %% [markdown] zh
# **第 5 步：多个头。** 一个 softmax 一次只能聚焦于一种关系。**多头注意力**并排运行几个较小的头
# （这里用 2 个 4 通道的头，而不是 1 个 8 通道的头），拼接它们的输出，再用一个投影把它们混合起来。
# 只要用相同的权重，我们一步步写出的版本与课程包中 `models.CausalSelfAttention` 的输出完全一致。
# （模块中三个投影合成了一个 `nn.Linear`，并排输出 $q$、$k$、$v$；计算注意力时用的是 PyTorch 的融合算子。）

# %%
attention = models.CausalSelfAttention(models.GPTConfig(vocab_size=V, n_embd=C, n_head=2))
W_all, b_all = attention.qkv.weight.detach(), attention.qkv.bias.detach()     # (3C, C), (3C,)
q_all, k_all, v_all = (x @ W_all.T + b_all).split(C, dim=1)                    # each (T, C)
heads = []
for h in range(2):
    part = slice(h * head_size, (h + 1) * head_size)
    scores = q_all[:, part] @ k_all[:, part].T / math.sqrt(head_size)
    heads.append(scores.masked_fill(~mask, float("-inf")).softmax(dim=-1) @ v_all[:, part])
ours = torch.cat(heads, dim=1) @ attention.proj.weight.detach().T + attention.proj.bias.detach()
with torch.no_grad():
    theirs = attention(x[None])[0]
print({"en": "largest difference from models.CausalSelfAttention:", "zh": "与 models.CausalSelfAttention 的最大差异："}[LANG],
      (ours - theirs).abs().max().item())
assert torch.allclose(ours, theirs, atol=1e-5)

# %% [markdown] en
# **Step 6: positions.** Attention is a weighted average, and an average does not care about order: if we shuffle
# the earlier positions, the output at the last position does not change at all. But "dog bites man" is not "man
# bites dog". The GPT therefore adds a learned **position embedding** to each token embedding before the first block.
# %% [markdown] zh
# **第 6 步：位置。** 注意力是加权平均，而平均与顺序无关：把前面的位置打乱，最后一个位置的输出完全不变。
# 可是“狗咬人”不是“人咬狗”。因此 GPT 在进入第一个块之前，会给每个词元嵌入加上一个可学习的**位置嵌入**。

# %%
shuffled = torch.cat([x[:-1][torch.randperm(T - 1)], x[-1:]])            # earlier positions in a new order
with torch.no_grad():
    same = attention(x[None])[0, -1]
    after_shuffle = attention(shuffled[None])[0, -1]
    positions = torch.randn(T, C)                                        # stand-in for learned position embeddings
    with_positions = attention((x + positions)[None])[0, -1]
    shuffled_with_positions = attention((shuffled + positions)[None])[0, -1]
change_without = (same - after_shuffle).abs().max()
change_with = (with_positions - shuffled_with_positions).abs().max()
print({"en": f"change of the last output after shuffling: without positions {change_without:.1e}, "
             f"with positions {change_with:.1e}",
       "zh": f"打乱顺序后最后一个输出的变化：不加位置 {change_without:.1e}，加上位置 {change_with:.1e}"}[LANG])

# %% [markdown] en
# **From attention to a GPT.** A Transformer **block** applies layer normalisation, multi-head causal
# self-attention and a residual connection, then layer normalisation, a small two-layer MLP applied to each position, and
# another residual connection. A GPT is a token embedding plus a position embedding, a stack of blocks, a final layer
# norm and a linear layer to logits (sharing its weights with the token embedding). `models.GPT` in
# `oi_helpers/models.py` is exactly that. Ours has 4 blocks of 4 heads and 96 channels.
# %% [markdown] zh
# **从注意力到 GPT。** 一个 Transformer **块**先做层归一化、多头因果自注意力和残差连接，再做层归一化、
# 对每个位置分别作用的两层小型多层感知机，以及又一个残差连接。GPT 就是：词元嵌入加位置嵌入，若干个块堆叠，最后一层层归一化，
# 再用一个线性层输出 logits（它与词元嵌入共享权重）。`oi_helpers/models.py` 中的 `models.GPT` 正是如此。
# 我们的 GPT 有 4 个块，每块 4 个头、96 个通道。

# %%
oi.seed(1337)
gpt = models.GPT(models.GPTConfig(vocab_size=V, block_size=BLOCK, n_layer=4, n_head=4, n_embd=96)).to(device)
print({"en": f"{gpt.num_parameters():,} parameters", "zh": f"参数量：{gpt.num_parameters():,}"}[LANG])
history = train_for(gpt, SECONDS, lr=6e-3)
results["gpt"] = {"model": gpt, "history": history, "val_loss": val_loss(gpt)}

# %% [markdown] en
# ## 6. All models side by side, at equal training time
#
# Every model was given the same budget of `SECONDS` seconds on this CPU, with the same windows, loop and yardstick.
# The `training s` column shows the time each one actually used: `steps_for_seconds` fixes the number of steps from a
# short timing probe, and a busy machine can make the probe too pessimistic.
# %% [markdown] zh
# ## 6. 所有模型并排比较：相同的训练时间
#
# 每个模型在这台 CPU 上都得到了相同的 `SECONDS` 秒预算，使用相同的窗口、训练循环和评价标准。
# “训练秒数”一列是每个模型实际用掉的时间：`steps_for_seconds` 根据一次简短的测速确定步数，机器繁忙时测速可能偏慢。

# %%
NAMES = {"bigram": {"en": "neural bigram", "zh": "神经二元模型"},
         "mlp": {"en": "MLP (Bengio)", "zh": "多层感知机（Bengio）"},
         "rnn": {"en": "RNN", "zh": "RNN"},
         "gru": {"en": "GRU", "zh": "GRU"},
         "gpt": {"en": "GPT", "zh": "GPT"}}
COLUMNS = {"en": ["model", "parameters", "steps", "training s", "tokens/s", "val loss", "perplexity"],
           "zh": ["模型", "参数量", "步数", "训练秒数", "词元/秒", "验证损失", "困惑度"]}[LANG]
rows = []
for name, result in results.items():
    history = result["history"]
    rows.append([NAMES[name][LANG], result["model"].num_parameters(), history.step[-1], round(history.seconds, 1),
                 round(history.tokens_seen / history.seconds), round(result["val_loss"], 3),
                 round(math.exp(result["val_loss"]), 2)])
comparison = pd.DataFrame(rows, columns=COLUMNS).set_index(COLUMNS[0])
comparison

# %%
fig, ax = plt.subplots(figsize=(7, 4))
for name, result in results.items():
    ax.plot(result["history"].elapsed, result["history"].val_loss, "o-", markersize=3, label=NAMES[name][LANG])
ax.axhline(ngram_loss, color="gray", linestyle="--", label={"en": "Kneser–Ney 5-gram", "zh": "Kneser–Ney 五元模型"}[LANG])
ax.set_xlabel({"en": "training time (s)", "zh": "训练时间（秒）"}[LANG])
ax.set_ylabel({"en": "validation loss (nats per character)", "zh": "验证损失（奈特/字）"}[LANG])
ax.set_ylim(top=min(math.log(V), 6.0) + 0.2)
ax.set_title({"en": "Equal training time on this CPU", "zh": "在这台 CPU 上训练相同时间"}[LANG])
ax.grid(alpha=0.3)
ax.legend()
plt.show()
assert all(result["val_loss"] < math.log(V) - 0.5 for result in results.values()), "a model did not learn"

# %% [markdown] en
# Read the table with the plot. After only `SECONDS` seconds, the ranking reflects how fast each model learns at the
# start more than how good it can become: the cheap models (the MLP, the RNN) make many updates per second,
# while the GPT is still improving quickly when its time runs out. Its advantage, long-range context at a cost
# that parallelises well, shows with more compute. The counting model is a strong baseline at this scale: it needs no
# training at all, only counting.
#
# So let us give the GPT more time.
# %% [markdown] zh
# 把表格和图对照着看。只训练 `SECONDS` 秒时，排名反映的更多是各个模型起步学得有多快，而不是它们最终能有多好：
# 便宜的模型（多层感知机、RNN）每秒能更新很多次，而时间用完时 GPT 的损失仍在快速下降。
# GPT 的优势——以便于并行的代价利用很长的上下文——要在更多算力下才显现出来。在这种规模下，计数模型是很强的基线：
# 它根本不需要训练，只需要计数。
#
# 那么，再给 GPT 一些时间。

# %%
more = train_for(gpt, EXTRA_SECONDS, lr=3e-3)
gpt_loss = val_loss(gpt)
gpt_seconds = results["gpt"]["history"].seconds + more.seconds
first_loss = results["gpt"]["val_loss"]
print({"en": f"GPT after {gpt_seconds:.0f} s of training in total: validation loss {gpt_loss:.3f} "
             f"(perplexity {math.exp(gpt_loss):.2f}); after the first {SECONDS} s: {first_loss:.3f}; "
             f"Kneser–Ney 5-gram: {ngram_loss:.3f}",
       "zh": f"GPT 共训练 {gpt_seconds:.0f} 秒后：验证损失 {gpt_loss:.3f}（困惑度 {math.exp(gpt_loss):.2f}）；"
             f"最初 {SECONDS} 秒后：{first_loss:.3f}；Kneser–Ney 五元模型：{ngram_loss:.3f}"}[LANG])
assert gpt_loss < results["gpt"]["val_loss"]

# %% [markdown] en
# `benchmarks/lm_quality.py` trains this GPT on the same text for five minutes on two CPU cores and records the
# validation loss against time; `benchmarks/README.md` has the curve.
#
# ## 7. Generating text
#
# To generate, feed a prompt, take the logits at the last position, turn them into probabilities, pick a token,
# append it, and repeat (only the last `block_size` tokens fit into the model). How we pick matters:
#
# - **greedy** (temperature 0): always the most likely token. Deterministic, and prone to loops;
# - **temperature** $\tau$: sample from $\mathrm{softmax}(\text{logits}/\tau)$. $\tau < 1$ sharpens the distribution,
#   $\tau > 1$ flattens it. Temperature 0 is defined as greedy, not as a division by zero;
# - **top-k**: sample only among the $k$ most likely tokens;
# - **top-p** (nucleus sampling): sample among the fewest tokens whose probabilities add up to at least $p$.
#
# `sampling.generate` can also forbid tokens (`suppress_tokens`), for example a mark for unknown characters; this
# vocabulary has none, so `SUPPRESS` is empty. First, how temperature reshapes one next-token distribution.
# %% [markdown] zh
# `benchmarks/lm_quality.py` 会在两个 CPU 核心上、用同样的文本把这个 GPT 训练五分钟，并记录验证损失随时间的变化；
# 曲线见 `benchmarks/README.md`。
#
# ## 7. 生成文本
#
# 生成时，输入一段提示，取最后一个位置的 logits，变成概率，选出一个词元，接到末尾，如此反复（模型一次只能看最近 `block_size` 个词元）。
# 怎么“选”很重要：
#
# - **贪心**（温度为 0）：总选可能性最大的词元。结果是确定的，但容易陷入循环；
# - **温度** $\tau$：从 $\mathrm{softmax}(\text{logits}/\tau)$ 中采样。$\tau < 1$ 让分布更尖锐，$\tau > 1$ 让它更平坦。
#   温度 0 定义为贪心，而不是除以零；
# - **top-k**：只在可能性最大的 $k$ 个词元中采样；
# - **top-p**（核采样）：在概率之和刚好达到 $p$ 的最少几个词元中采样。
#
# `sampling.generate` 还可以禁止某些词元（`suppress_tokens`）。生僻字标记 `□` 在训练文本中约占 3%，比任何一个常用字都多，
# 不加禁止的话，贪心解码会写出一整行 `□`；所以生成时我们把它放进 `SUPPRESS`。先看温度如何改变一个“下一个词元”的分布。

# %%
context = torch.tensor([vocab.encode(PROMPT)], device=device)
with torch.no_grad():
    gpt.eval()
    next_logits = gpt(context)[0, -1].cpu()
top = next_logits.topk(10).indices
labels = [{" ": "␣", "\n": "↵"}.get(vocab.itos[i], vocab.itos[i]) for i in top]
fig, axes = plt.subplots(1, 3, figsize=(11, 3), sharey=True)
for ax, temperature in zip(axes, (0.5, 1.0, 2.0)):
    ax.bar(labels, (next_logits / temperature).softmax(dim=0)[top])
    ax.set_title({"en": f"temperature {temperature}", "zh": f"温度 {temperature}"}[LANG])
axes[0].set_ylabel({"en": "probability of the next character", "zh": "下一个字的概率"}[LANG])
plt.tight_layout()
plt.show()

# %%
def show_sample(title: str, **settings) -> None:
    generated = sampling.generate_text(gpt, vocab, PROMPT, max_new_tokens=240, seed=7, suppress_tokens=SUPPRESS,
                                       **settings)
    print(f"--- {title} ---\n{generated}\n")


show_sample({"en": "greedy (temperature 0)", "zh": "贪心（温度 0）"}[LANG], temperature=0)
show_sample({"en": "temperature 0.8", "zh": "温度 0.8"}[LANG], temperature=0.8)
show_sample({"en": "temperature 1.5", "zh": "温度 1.5"}[LANG], temperature=1.5)
show_sample({"en": "top-k 10, temperature 1", "zh": "top-k 10，温度 1"}[LANG], temperature=1.0, top_k=10)
show_sample({"en": "top-p 0.9, temperature 1", "zh": "top-p 0.9，温度 1"}[LANG], temperature=1.0, top_p=0.9)

# %% [markdown] en
# Try it yourself with the control below: type a prompt, move the sliders and press **Generate**. (The saved notebook
# shows the text the control produced when the notebook ran; the sliders work once you run the cell.)
# %% [markdown] zh
# 用下面的控件自己试试：输入提示，拖动滑块，再点**生成**。（保存的笔记本里显示的是运行时生成的文本；重新运行该单元格后，滑块即可使用。）

# %%
control = GenerationControl(gpt, vocab, prompt=PROMPT, max_new_tokens=200, temperature=0.8, top_k=20, seed=0,
                            suppress_tokens=SUPPRESS)
print(control.run())
control

# %% [markdown] en
# ## 8. Inside the GPT: attention maps
#
# Each head of each block computes a $T \times T$ matrix of attention weights. We ask the model to keep them
# (`store_attention = True`) and plot, for a short piece of validation text, where each character looks. Rows are the
# positions doing the looking, columns the positions looked at; everything above the diagonal is 0 because of the
# causal mask.
# %% [markdown] zh
# ## 8. GPT 的内部：注意力图
#
# 每个块的每个头都会算出一个 $T \times T$ 的注意力权重矩阵。我们让模型保留这些权重（`store_attention = True`），
# 取一小段验证文本，画出每个字在“看”哪里。行是发出注视的位置，列是被注视的位置；由于因果掩码，对角线以上全部为 0。

# %%
snippet = val_ids[:32][None].to(device)
for block in gpt.blocks:
    block.attn.store_attention = True
with torch.no_grad():
    gpt(snippet)
chars = [{" ": "␣", "\n": "↵"}.get(c, c) for c in vocab.decode(snippet[0])]
fig, axes = plt.subplots(2, 4, figsize=(16, 8.4))
for row, layer in enumerate((0, len(gpt.blocks) - 1)):
    for head in range(4):
        ax = axes[row, head]
        ax.imshow(gpt.blocks[layer].attn.attention[0, head].cpu(), cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(chars)), chars, fontsize=7)
        ax.set_yticks(range(len(chars)), chars, fontsize=7)
        ax.set_title({"en": f"block {layer + 1}, head {head + 1}", "zh": f"第 {layer + 1} 块，第 {head + 1} 个头"}[LANG])
for block in gpt.blocks:
    block.attn.store_attention = False
plt.tight_layout()
plt.show()

# %% [markdown] en
# Typically some heads in the first block look mostly at the previous one or two characters (a learned bigram or
# trigram), while heads in the last block spread over the current word or line. Heads are not designed to do these
# jobs: they learn them.
# %% [markdown] zh
# 通常，第一个块中有些头主要看前一两个字（相当于学到的二元、三元关系），而最后一个块中的头会分散到当前的词或诗句上。
# 没有人规定各个头做什么：分工是它们自己学出来的。

# %% [markdown] en
# ## 9. The craft of training: overfitting, dropout, checkpoints
#
# **Overfitting.** With little data, a model can memorise its training text: the training loss keeps falling while
# the validation loss stops falling and rises. To see it within seconds we train a larger MLP (512 hidden units) on
# only the first 10,000 characters, with and without **dropout**. Dropout zeroes a random share of the hidden units
# during training (here 20%), so the network cannot rely on any single path. It is switched off for evaluation and
# generation, and the GPT has dropout in every block too.
# %% [markdown] zh
# ## 9. 训练的基本功：过拟合、暂退法、检查点
#
# **过拟合。** 数据很少时，模型会把训练文本背下来：训练损失一直下降，验证损失却不再下降，甚至上升。
# 为了在几秒钟内看到这一点，我们只用前 10,000 个字训练一个更大的多层感知机（512 个隐藏单元），分别不用和使用**暂退法**（dropout）：
# 训练时随机把一部分隐藏单元置零（这里是 20%），使网络不能依赖任何单一通路。评估和生成时暂退法会关闭；GPT 的每个块里也有暂退法。

# %%
small_train = train_ids[:10_000]
OVERFIT_SECONDS = 10
curves = {}
for dropout in (0.0, 0.2):
    oi.seed(1337)
    model = models.MLPLM(models.MLPConfig(vocab_size=V, block_size=BLOCK, context_size=8, n_embd=32, n_hidden=512,
                                          dropout=dropout)).to(device)
    steps = train.steps_for_seconds(model, small_train, OVERFIT_SECONDS, BATCH, BLOCK)
    curves[dropout] = train.train(model, small_train, val_ids, steps=steps, batch_size=BATCH, block_size=BLOCK,
                                  lr=3e-3, warmup_steps=min(50, steps // 10), eval_interval=max(1, steps // 12),
                                  eval_windows=32, max_seconds=OVERFIT_SECONDS * 1.2, progress=False,
                                  log=lambda *_: None)
del model

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
for ax, (dropout, history) in zip(axes, curves.items()):
    oi.plot.loss_curve(history, ax=ax, title=f"dropout = {dropout}")
plt.tight_layout()
plt.show()
for dropout, history in curves.items():
    train_loss, val_loss_end, lowest = history.train_loss[-1], history.val_loss[-1], min(history.val_loss)
    gap = val_loss_end - train_loss
    print({"en": f"dropout {dropout}: {history.step[-1]} steps, final training loss {train_loss:.3f}, "
                 f"validation loss {val_loss_end:.3f} (lowest {lowest:.3f}), gap {gap:.3f}",
           "zh": f"dropout {dropout}：{history.step[-1]} 步，最终训练损失 {train_loss:.3f}，"
                 f"验证损失 {val_loss_end:.3f}（最低 {lowest:.3f}），差距 {gap:.3f}"}[LANG])

# %% [markdown] en
# The gap between validation and training loss measures overfitting. With dropout the training loss falls more slowly
# and the gap is usually smaller. How much it helps depends on how many passes over the small corpus the model makes
# in its ten seconds, so compare the two printed lines. The other remedies are more data, a smaller model, weight decay,
# and stopping when the validation loss stops improving (**early stopping**, which is why the training loop keeps
# evaluating on held-out text).
#
# **Checkpoints and resuming.** Long runs get interrupted: a laptop sleeps, a Colab session ends. With
# `checkpoint_path`, `train.train` saves everything needed to continue every `checkpoint_interval` steps: the weights,
# the optimizer's moment estimates, the batch sampler's random state and the dropout random state. Each save goes to a
# temporary file first and is then renamed, so an interruption during saving never leaves a damaged checkpoint. Below, a
# run is stopped half-way (`stop_at_step`, as if the kernel died after that checkpoint) and resumed in a fresh model
# with `resume=True`. It ends with exactly the same weights and losses as a run that was never interrupted.
# %% [markdown] zh
# 验证损失与训练损失之差衡量了过拟合的程度。使用暂退法时训练损失下降得慢一些，差距通常也更小；效果有多明显，
# 取决于模型在这十秒内把这份小语料过了多少遍（对比上面打印的两行）。其他办法还有：更多数据、更小的模型、权重衰减，
# 以及在验证损失不再改善时停止训练（**早停**）——这也正是训练循环要不断在留出文本上评估的原因。
#
# **检查点与断点续训。** 长时间的训练难免被打断：笔记本电脑休眠了，Colab 会话结束了。
# 设置 `checkpoint_path` 后，`train.train` 每隔 `checkpoint_interval` 步保存继续训练所需的一切：权重、优化器的矩估计、
# 批次采样器的随机状态和暂退法的随机状态。每次保存都先写入临时文件，再重命名，所以即使在保存过程中被打断，也不会留下损坏的检查点。
# 下面让一次训练在中途停下（`stop_at_step`，就像内核在那个检查点之后崩溃了），再在一个新模型中用 `resume=True` 继续。
# 它最终得到的权重和损失，与从未中断的训练完全相同。

# %%
RESUME = dict(steps=120, batch_size=8, block_size=64, lr=3e-3, warmup_steps=10, eval_interval=40, eval_windows=16)


def small_gpt():
    oi.seed(1337)
    return models.GPT(models.GPTConfig(vocab_size=V, block_size=64, n_layer=2, n_head=2, n_embd=64,
                                       dropout=0.1)).to(device)


quiet = {"progress": False, "log": lambda *_: None}
straight = small_gpt()
straight_history = train.train(straight, train_ids, val_ids, **RESUME, **quiet)

checkpoint = "checkpoints/08_resume.pt"
interrupted = small_gpt()
train.train(interrupted, train_ids, val_ids, **RESUME, checkpoint_path=checkpoint, checkpoint_interval=20,
            stop_at_step=60, **quiet)
saved_step = train.load_checkpoint(checkpoint)["step"]
print({"en": f"checkpoint saved at step {saved_step}", "zh": f"检查点保存于第 {saved_step} 步"}[LANG])

resumed = small_gpt()
torch.manual_seed(2024)                     # a different random state, as in a new session
resumed_history = train.train(resumed, train_ids, val_ids, **RESUME, checkpoint_path=checkpoint, resume=True)
same_weights = all(torch.equal(a, b) for a, b in zip(straight.parameters(), resumed.parameters()))
same_losses = resumed_history.val_loss == straight_history.val_loss
print({"en": f"identical weights: {same_weights} | identical validation losses: {same_losses}",
       "zh": f"权重完全相同：{same_weights} | 验证损失完全相同：{same_losses}"}[LANG])
assert same_weights

# %% [markdown] en
# ## 10. Has the GPT learned the shape of the text?
#
# A play has a layout: a blank line, then a speaker's name in capitals and a colon, then the speech. We let the GPT
# start 24 new speeches after a blank line and count how many begin with a line in that format, and how many of those
# names really occur in the training text.
# %% [markdown] zh
# ## 10. GPT 学会写指定体裁的诗了吗？
#
# 训练文本里，每首诗的第一行是“五言”或“七言”。现在我们把它当作“命令”：分别以“五言”和“七言”开头，各让 GPT 写 24 首诗，
# 然后数一数写出来的半句（逗号、句号之间的部分）中，有多少恰好是要求的五个字或七个字，又有多少首诗的每一句都合乎要求。
# 作为对照，也列出另一种长度所占的比例。注意训练数据并不均衡：五言诗远多于七言诗（下面会打印两者的数量），
# 模型见得少的体裁往往学得更慢。

# %% edition en
speakers = set(re.findall(r"\n\n([A-Z][A-Za-z ]+):\n", train_text))
prompt = torch.tensor([vocab.encode("\n\n")] * 24, device=device)
generator = torch.Generator(device=device).manual_seed(0)
samples = sampling.generate(gpt, prompt, 40, temperature=0.8, generator=generator, suppress_tokens=SUPPRESS)
first_lines = [vocab.decode(row[2:]).split("\n")[0] for row in samples]
formatted = [line for line in first_lines if re.fullmatch(r"[A-Z][A-Za-z ]+:", line)]
known = [line for line in formatted if line[:-1] in speakers]
print(f"{len(formatted)} of {len(first_lines)} samples start with a speaker line; "
      f"{len(known)} of those name a speaker from the training text")
print("first lines:", " | ".join(first_lines[:8]))

# %% edition zh
def half_lines(generated: str) -> list[int]:
    """Return the length of every complete half-line (text before a punctuation mark) of the first poem."""
    poem = generated.split("\n\n")[0]
    return [len(half) for half in re.findall(r"([^，。？！；\n]+)[，。？！；]", poem)]


form_counts = Counter(re.findall(r"^(五言|七言)$", corpus, flags=re.MULTILINE))
print(f"语料中：五言诗 {form_counts['五言']} 首，七言诗 {form_counts['七言']} 首")
rows = []
for form, header in ((5, "五言\n"), (7, "七言\n")):
    prompt = torch.tensor([vocab.encode(header)] * 24, device=device)
    generator = torch.Generator(device=device).manual_seed(0)
    samples = sampling.generate(gpt, prompt, 4 * (2 * form + 3), temperature=0.8, top_k=20, generator=generator,
                                suppress_tokens=SUPPRESS)
    poems_out = [vocab.decode(row[len(header):]) for row in samples]
    lengths = [half_lines(poem) for poem in poems_out]
    flat = [n for poem in lengths for n in poem]
    rows.append({"要求": header.strip(), "半句数": len(flat),
                 "五字半句": f"{np.mean([n == 5 for n in flat]):.0%}", "七字半句": f"{np.mean([n == 7 for n in flat]):.0%}",
                 "整首合格": f"{np.mean([bool(poem) and all(n == form for n in poem) for poem in lengths]):.0%}"})
    print(f"{header.strip()}示例：", poems_out[0].split("\n\n")[0].replace("\n", " "))
pd.DataFrame(rows).set_index("要求")

# %% [markdown] en
# ## Summary
#
# - A neural bigram model trained by gradient descent learns the counting table; embeddings (Bengio's MLP) let
#   contexts share what they learn.
# - Recurrent networks carry a state through the text; gates (GRU, LSTM) keep gradients alive over many steps.
# - Self-attention is a learned, data-dependent weighted average over the past: scores $QK^\top/\sqrt{d}$, a causal
#   mask, a softmax, several heads, plus position embeddings. Stacked in blocks with MLPs and residual connections, it
#   makes a GPT.
# - All models share one interface, one training loop and one yardstick. At equal short training time the cheap
#   models lead; the GPT keeps improving with more compute.
# - Greedy decoding, temperature, top-k and top-p trade safety against variety; temperature 0 means greedy.
# - Watch the validation curve: dropout and early stopping fight overfitting, and checkpoints let a run resume exactly.
# %% [markdown] zh
# ## 小结
#
# - 用梯度下降训练的神经二元模型学到的就是计数表；嵌入（Bengio 的多层感知机）让不同上下文共享学到的知识。
# - 循环神经网络带着一个状态读完文本；门控（GRU、LSTM）让梯度在很多步之后依然存在。
# - 自注意力是对过去内容的一种可学习、依赖数据的加权平均：分数 $QK^\top/\sqrt{d}$、因果掩码、softmax、多个头，再加上位置嵌入。
#   把它和多层感知机、残差连接一起组成块并堆叠起来，就是 GPT。
# - 所有模型共用一个接口、一个训练循环和一把尺子。训练时间相同且很短时，便宜的模型领先；GPT 则随着算力增加持续改进。
# - 贪心解码、温度、top-k 和 top-p 在稳妥与多样之间权衡；温度 0 即贪心。
# - 关注验证曲线：暂退法和早停对付过拟合，检查点让训练可以精确地接着进行。

# %%
total_seconds = time.perf_counter() - notebook_start
print({"en": f"notebook ran in {total_seconds:.0f} s (the GPT trained for {gpt_seconds:.0f} s of that)",
       "zh": f"本笔记本运行用时 {total_seconds:.0f} 秒（其中 GPT 训练了 {gpt_seconds:.0f} 秒）"}[LANG])

# %% [markdown] en
# ## Exercises
#
# ### Exercise 1: the causal mask
#
# Write `causal_mask(T)`, returning a boolean tensor of shape `(T, T)` that is `True` where position `t` (row) may
# attend to position `s` (column), that is where `s <= t`.
# %% [markdown] zh
# ## 练习
#
# ### 练习 1：因果掩码
#
# 编写 `causal_mask(T)`：返回形状为 `(T, T)` 的布尔张量，当位置 `t`（行）可以关注位置 `s`（列），即 `s <= t` 时为 `True`。

# %%
def causal_mask(T):
    raise NotImplementedError


MASK_CASES = [
    Case((1,), torch.tensor([[True]])),
    Case((3,), torch.tensor([[True, False, False], [True, True, False], [True, True, True]])),
    Case((4,), torch.tensor([[True, False, False, False], [True, True, False, False],
                             [True, True, True, False], [True, True, True, True]])),
]
MASK_HINT = {"en": "torch.tril keeps the lower triangle of a matrix; start from torch.ones(T, T, dtype=torch.bool).",
             "zh": "torch.tril 保留矩阵的下三角；可以从 torch.ones(T, T, dtype=torch.bool) 开始。"}
oi.exercises.check("causal_mask", causal_mask, MASK_CASES, hint=MASK_HINT);

# %% solution
def causal_mask(T):
    return torch.tril(torch.ones(T, T, dtype=torch.bool))


oi.exercises.check("causal_mask", causal_mask, MASK_CASES, hint=MASK_HINT);

# %% [markdown] en
# ### Exercise 2: attention weights
#
# Write `attention_weights(q, k)` for one head: `q` and `k` have shape `(T, d)`; return the `(T, T)` matrix
# $\mathrm{softmax}(q k^\top / \sqrt{d})$ with the causal mask applied (future positions get weight 0).
# %% [markdown] zh
# ### 练习 2：注意力权重
#
# 为一个注意力头编写 `attention_weights(q, k)`：`q` 和 `k` 的形状都是 `(T, d)`；返回加上因果掩码后的 `(T, T)` 矩阵
# $\mathrm{softmax}(q k^\top / \sqrt{d})$（未来位置的权重为 0）。

# %%
def attention_weights(q, k):
    raise NotImplementedError


e2 = math.exp(2.0)
ATTENTION_CASES = [
    Case((torch.zeros(3, 2), torch.zeros(3, 2)),
         torch.tensor([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]])),
    Case((torch.tensor([[0.0, 0, 0, 0], [2.0, 0, 0, 0]]), torch.tensor([[2.0, 0, 0, 0], [0.0, 0, 0, 0]])),
         torch.tensor([[1.0, 0.0], [e2 / (e2 + 1), 1 / (e2 + 1)]])),
    Case((torch.ones(1, 5), torch.ones(1, 5)), torch.tensor([[1.0]])),
]
ATTENTION_HINT = {"en": "scores = q @ k.T / math.sqrt(d); set scores above the diagonal to -inf with masked_fill, "
                        "then softmax over the last dimension.",
                  "zh": "scores = q @ k.T / math.sqrt(d)；用 masked_fill 把对角线以上的分数设为 -inf，再沿最后一维做 softmax。"}
oi.exercises.check("attention_weights", attention_weights, ATTENTION_CASES, hint=ATTENTION_HINT);

# %% solution
def attention_weights(q, k):
    T, d = q.shape
    scores = q @ k.T / math.sqrt(d)
    future = ~torch.tril(torch.ones(T, T, dtype=torch.bool))
    return scores.masked_fill(future, float("-inf")).softmax(dim=-1)


oi.exercises.check("attention_weights", attention_weights, ATTENTION_CASES, hint=ATTENTION_HINT);

# %% [markdown] en
# ### Exercise 3: top-k filtering
#
# Write `top_k_filter(logits, k)` for a 1-D tensor of logits: keep the `k` largest values and set every other one to
# `-inf`, so that softmax gives them probability 0. Assume no ties.
# %% [markdown] zh
# ### 练习 3：top-k 过滤
#
# 为一维的 logits 张量编写 `top_k_filter(logits, k)`：保留最大的 `k` 个值，其余都设为 `-inf`，这样 softmax 之后它们的概率为 0。
# 可以假设没有并列的值。

# %%
def top_k_filter(logits, k):
    raise NotImplementedError


inf = float("inf")
TOP_K_CASES = [
    Case((torch.tensor([1.0, 3.0, 2.0, 0.5]), 2), torch.tensor([-inf, 3.0, 2.0, -inf])),
    Case((torch.tensor([1.0, 3.0, 2.0, 0.5]), 1), torch.tensor([-inf, 3.0, -inf, -inf])),
    Case((torch.tensor([1.0, 3.0, 2.0, 0.5]), 4), torch.tensor([1.0, 3.0, 2.0, 0.5])),
    Case((torch.tensor([-2.0, -1.0, -3.0]), 2), torch.tensor([-2.0, -1.0, -inf])),
]
TOP_K_HINT = {"en": "torch.topk(logits, k).values[-1] is the k-th largest value; keep logits >= it "
                    "(torch.where or masked_fill).",
              "zh": "torch.topk(logits, k).values[-1] 是第 k 大的值；保留不小于它的 logits（可用 torch.where 或 masked_fill）。"}
oi.exercises.check("top_k_filter", top_k_filter, TOP_K_CASES, hint=TOP_K_HINT);

# %% solution
def top_k_filter(logits, k):
    kth = torch.topk(logits, k).values[-1]
    return logits.masked_fill(logits < kth, float("-inf"))


oi.exercises.check("top_k_filter", top_k_filter, TOP_K_CASES, hint=TOP_K_HINT);

# %% [markdown] en
# ### Exercise 4: temperature, with 0 meaning greedy
#
# Write `temperature_probs(logits, temperature)`, returning the probabilities $\mathrm{softmax}(\text{logits}/\tau)$
# for a 1-D tensor. For `temperature == 0` return the greedy choice as probabilities: 1 for the largest logit, 0 for
# the others (no division by zero).
# %% [markdown] zh
# ### 练习 4：温度，以及温度 0 即贪心
#
# 为一维张量编写 `temperature_probs(logits, temperature)`，返回概率 $\mathrm{softmax}(\text{logits}/\tau)$。
# 当 `temperature == 0` 时，把贪心选择写成概率返回：最大的 logit 对应 1，其余为 0（不能除以零）。

# %%
def temperature_probs(logits, temperature):
    raise NotImplementedError


root3 = math.sqrt(3)
TEMPERATURE_CASES = [
    Case((torch.tensor([0.0, math.log(3)]), 1.0), torch.tensor([0.25, 0.75])),
    Case((torch.tensor([0.0, math.log(3)]), 2.0), torch.tensor([1 / (1 + root3), root3 / (1 + root3)])),
    Case((torch.tensor([0.0, math.log(3)]), 0), torch.tensor([0.0, 1.0])),
    Case((torch.tensor([2.0, 5.0, 1.0]), 0), torch.tensor([0.0, 1.0, 0.0])),
    Case((torch.tensor([2.0, 5.0, 1.0]), 1e6), torch.tensor([1 / 3, 1 / 3, 1 / 3])),
]
TEMPERATURE_HINT = {"en": "Handle temperature == 0 first with argmax and F.one_hot (or torch.zeros plus one 1); "
                          "otherwise return (logits / temperature).softmax(dim=0).",
                    "zh": "先单独处理 temperature == 0：用 argmax 加 F.one_hot（或 torch.zeros 再置一个 1）；"
                          "其他情况返回 (logits / temperature).softmax(dim=0)。"}
oi.exercises.check("temperature_probs", temperature_probs, TEMPERATURE_CASES, hint=TEMPERATURE_HINT);

# %% solution
def temperature_probs(logits, temperature):
    if temperature == 0:
        return F.one_hot(logits.argmax(), len(logits)).float()
    return (logits / temperature).softmax(dim=0)


oi.exercises.check("temperature_probs", temperature_probs, TEMPERATURE_CASES, hint=TEMPERATURE_HINT);
