# %% [markdown] en
# # 00 · A quick tour: train a language model in ten minutes
#
# Before any theory, this notebook takes the whole journey once. You will
#
# 1. read about a million characters of Shakespeare,
# 2. turn every character into a number,
# 3. build a small GPT: the same kind of model as the large language models you have heard of, with a few hundred thousand parameters instead of billions,
# 4. train it for about a minute and a half on your CPU,
# 5. and ask it to write new “Shakespeare”.
#
# Each step is one or two cells. Do not worry if some lines look mysterious: the map at the end says which chapter explains each one.
# Run the cells from top to bottom with **Shift+Enter**.
# %% [markdown] zh
# # 00 · 快速导览：十分钟训练一个语言模型
#
# 在讲任何理论之前，我们先把整条路完整走一遍。在这个笔记本里，你将：
#
# 1. 读入五千首唐诗（约三十四万字）；
# 2. 把每个汉字变成一个数字；
# 3. 搭建一个小型 GPT——它和你听说过的大语言模型属于同一类模型，只是参数只有几十万个，而不是几十亿个；
# 4. 在自己电脑的 CPU 上训练一分半钟左右；
# 5. 让它写出新的“唐诗”。
#
# 每一步只有一两个单元格。有些代码看不懂也没关系：文末的课程地图会告诉你每一步在哪一章讲解。
# 按 **Shift+Enter** 从上到下依次运行各个单元格。
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
# `oi_helpers` is the course's helper package. The next cell checks that the installed version matches this notebook, sets the language of messages and plot labels, seeds every random number generator (so your numbers match the saved ones), and picks the fastest device: a GPU if you have one, otherwise the CPU.
# %% [markdown] zh
# ## 准备工作
#
# `oi_helpers` 是本课程的辅助软件包。下面的单元格会检查已安装的版本是否与本笔记本一致，设置提示信息和图表标签的语言，为所有随机数生成器设定种子（这样你得到的数字会和保存的结果一致），并选择最快的计算设备：有 GPU 就用 GPU，否则用 CPU。
# %%
import time

import torch

import oi_helpers as oi
from oi_helpers import data, models, sampling, text, train

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
device = oi.device()
print({"en": "device:", "zh": "计算设备："}[LANG], device, {"en": "| torch threads:", "zh": "| torch 线程数："}[LANG],
      torch.get_num_threads())
# %% [markdown] en
# ## 1. The text
#
# A language model learns from nothing but text. Ours is *Tiny Shakespeare*: forty thousand lines of his plays in one plain-text file. `oi.data` fetches it once, checks its SHA-256 checksum, and keeps it in a local cache, so the next time it loads instantly, even offline.
# %% [markdown] zh
# ## 1. 文本
#
# 语言模型只从文本中学习。我们用的是五千首唐诗（原文为繁体，这里转换成简体）。`oi.data` 只下载一次，核对 SHA-256 校验和，再存入本地缓存，之后即使离线也能立刻读取。每首诗的各行用换行符连接，诗与诗之间空一行。
# %% edition en
corpus = data.load_shakespeare()
sample_prompt = "ROMEO:"
STEPS = 2300          # training steps: about 80 seconds on 2 CPU cores
TARGET_LOSS = 1.80    # validation loss to reach, in nats per character
# %% edition zh
poems = data.load_tang_poems()
corpus = "\n\n".join("\n".join(poem["paragraphs"]) for poem in poems)
sample_prompt = "春"
STEPS = 1200          # fewer steps than the English edition: 5,000 characters make each step twice as slow
TARGET_LOSS = 5.40    # validation loss to reach, in nats per character (a uniform guess scores 8.55)
# %%
print({"en": f"{len(corpus):,} characters, {len(set(corpus)):,} distinct",
       "zh": f"共 {len(corpus):,} 个字符，其中不同的字符 {len(set(corpus)):,} 个"}[LANG])
print(corpus[:300])
# %% [markdown] en
# ## 2. From characters to numbers
#
# A neural network computes with numbers, not letters. The simplest way in is to give every distinct character an id, its index in the sorted list of characters: the *vocabulary*. Encoding maps text to ids; decoding maps ids back. Each id is called a *token*.
# %% [markdown] zh
# ## 2. 从字符到数字
#
# 神经网络只能处理数字，不能直接处理文字。最简单的办法是给每个不同的字符编一个号，即它在排好序的字符表中的位置——这个字符表就是**词表**。编码把文本变成编号，解码再把编号变回文本。每个编号对应一个**词元**（token）。
# %%
vocab = text.CharVocab.from_text(corpus)
print(vocab)
encoded = vocab.encode(corpus[:20])
print(encoded)
print(repr(vocab.decode(encoded)))
# %% [markdown] en
# We encode the whole text into one long tensor of ids and keep the last 10% aside as a *validation set*: text the model never trains on, so we can check that it learns the language rather than memorising the pages.
# %% [markdown] zh
# 把全部文本编码成一个很长的编号张量，并留出最后 10% 作为**验证集**：模型训练时从不看这部分文本，我们用它来检验模型学到的是语言规律，而不是死记硬背。
# %%
ids = torch.tensor(vocab.encode(corpus), dtype=torch.long)
train_ids, val_ids = data.train_val_split(ids, 0.9)
print({"en": f"training tokens: {len(train_ids):,} | validation tokens: {len(val_ids):,}",
       "zh": f"训练集词元：{len(train_ids):,} | 验证集词元：{len(val_ids):,}"}[LANG])
# %% [markdown] en
# ## 3. The model: a small GPT
#
# The model reads up to `block_size` tokens and, at every position, outputs a score (a *logit*) for each token of the vocabulary: how likely it is to come next. Training will push up the score of the token that really came next.
#
# Inside are `n_layer` Transformer blocks, each mixing information between positions with self-attention and then transforming each position with a small neural network. Chapters 3, 4 and 8 build all of it by hand; here we simply use it.
# %% [markdown] zh
# ## 3. 模型：一个小型 GPT
#
# 模型一次最多读入 `block_size` 个词元，并在每个位置为词表中的每个词元输出一个分数（即 *logit*），表示它成为下一个词元的可能性。训练就是不断提高真正出现的下一个词元的分数。
#
# 模型内部有 `n_layer` 个 Transformer 块：每个块先用自注意力在不同位置之间交换信息，再用一个小型神经网络分别变换每个位置。第 3、4、8 章会从零实现这些部件，这里先直接使用。
# %%
config = models.GPTConfig(vocab_size=len(vocab), block_size=64, n_layer=4, n_head=4, n_embd=96)
model = models.GPT(config).to(device)
print(config)
print({"en": f"{model.num_parameters():,} parameters", "zh": f"参数量：{model.num_parameters():,}"}[LANG])
# %% [markdown] en
# ## 4. Before training
#
# An untrained model gives every token about the same score, so sampling from it produces noise. Its loss (the cross-entropy, in nats per character) is close to $\ln V$, the loss of a uniform guess among $V$ tokens:
#
# $$\text{loss} = -\frac{1}{N}\sum_{i=1}^{N} \ln p_\theta(x_{i+1} \mid x_{\le i}), \qquad \text{uniform guess: } \ln V.$$
# %% [markdown] zh
# ## 4. 训练之前
#
# 未经训练的模型给每个词元的分数都差不多，所以从中采样只会得到乱码。它的损失（交叉熵，单位是每字符奈特）接近 $\ln V$，也就是在 $V$ 个词元中均匀乱猜的损失：
#
# $$\text{loss} = -\frac{1}{N}\sum_{i=1}^{N} \ln p_\theta(x_{i+1} \mid x_{\le i}), \qquad \text{均匀猜测：} \ln V.$$
# %%
import math

start_loss = train.evaluate(model, val_ids, max_windows=64)
print({"en": f"validation loss before training: {start_loss:.3f}  (ln V = {math.log(len(vocab)):.3f})",
       "zh": f"训练前的验证损失：{start_loss:.3f}（ln V = {math.log(len(vocab)):.3f}）"}[LANG])
print(sampling.generate_text(model, vocab, sample_prompt, max_new_tokens=120, seed=0))
# %% [markdown] en
# ## 5. Training
#
# Training repeats one step many times: take a batch of random 64-character windows, let the model predict each next character, measure the loss, compute its gradient with backpropagation, and nudge every parameter against the gradient with the AdamW optimizer. The learning rate warms up, then decays along a cosine curve; gradients are clipped so one bad batch cannot throw the model off. Every few hundred steps the loop prints the loss on training and validation text.
#
# This takes about a minute and a half on two otherwise idle CPU cores, and longer when other programs keep the CPU busy: the printed times show how long it took on the machine that ran this copy.
# %% [markdown] zh
# ## 5. 训练
#
# 训练就是把同一个步骤重复很多次：随机取一批长 64 个字符的文本片段，让模型预测每个位置的下一个字符，计算损失，用反向传播求出梯度，再用 AdamW 优化器让每个参数沿梯度的反方向挪动一小步。学习率先预热上升，再按余弦曲线下降；梯度裁剪保证一批坏数据不会让模型跑偏。每隔几百步，训练循环会打印训练集和验证集上的损失。
#
# 在两个空闲的 CPU 核心上大约需要一分半钟；如果其他程序同时占用 CPU，耗时会更长。输出中打印的时间就是运行这份笔记本的机器实际花费的时间。
# %%
settings = train.TrainConfig(steps=STEPS, batch_size=16, block_size=64, lr=3e-3, warmup_steps=100,
                             eval_interval=STEPS // 8, seed=1337)
history = train.train(model, train_ids, val_ids, settings, checkpoint_path="checkpoints/quick_tour.pt")
# %% [markdown] en
# ## 6. The loss curve
#
# Both curves fall fast at first, then slowly. While the validation loss keeps falling with the training loss, the model is learning patterns that carry over to text it has never seen.
# %% [markdown] zh
# ## 6. 损失曲线
#
# 两条曲线开始时下降很快，之后逐渐放缓。只要验证损失和训练损失一起下降，就说明模型学到的规律也适用于从未见过的文本。
# %%
import matplotlib.pyplot as plt

oi.plot.loss_curve(history)
plt.show()
# %% [markdown] en
# ## 7. After training
#
# We measure the validation loss on the whole held-out 10%, then sample. *Temperature* divides the logits before the softmax: below 1 the model plays safe, above 1 it takes risks; 0 always picks the most likely character.
# %% [markdown] zh
# ## 7. 训练之后
#
# 先在留出的全部 10% 文本上计算验证损失，再来采样。**温度**的作用是在 softmax 之前把 logits 除以它：温度低于 1 时模型更保守，高于 1 时更大胆；温度为 0 时总是选择可能性最大的字符。
# %% headline
final_loss = train.evaluate(model, val_ids)
print({"en": f"validation loss after training: {final_loss:.3f} nats per character (before: {start_loss:.3f})",
       "zh": f"训练后的验证损失：每字符 {final_loss:.3f} 奈特（训练前：{start_loss:.3f}）"}[LANG])
for temperature in (0.5, 0.8, 1.0):
    print({"en": f"--- temperature {temperature} ---", "zh": f"--- 温度 {temperature} ---"}[LANG])
    print(sampling.generate_text(model, vocab, sample_prompt, max_new_tokens=300, temperature=temperature, seed=1))
print({"en": f"validation loss {final_loss:.3f} after {history.seconds:.0f} s of training",
       "zh": f"训练 {history.seconds:.0f} 秒后验证损失为 {final_loss:.3f}"}[LANG])
# %% [markdown] en
# **Checkpoint.** The next cell checks that training worked: the validation loss must be well below where it started and below the target for this text.
# %% [markdown] zh
# **检查点。** 下面的单元格检查训练是否成功：验证损失必须明显低于训练前，并且低于这份文本的目标值。
# %%
assert final_loss < start_loss - 2.0, "the model did not learn: run the notebook again from the top"
assert final_loss <= TARGET_LOSS, f"validation loss {final_loss:.3f} is above the target {TARGET_LOSS}"
print({"en": "checkpoint passed", "zh": "检查通过"}[LANG])
# %% [markdown] en
# ## 8. Saving and loading
#
# The training loop saved a *checkpoint* to `checkpoints/quick_tour.pt`. It holds the weights, the optimizer state and the random-number state, so you can reload the model later or continue the same run. Loading uses `torch.load(..., weights_only=True)`, which refuses to run code hidden in a file.
# %% [markdown] zh
# ## 8. 保存与加载
#
# 训练循环已把**检查点**保存到 `checkpoints/quick_tour.pt`。其中有模型权重、优化器状态和随机数状态，可以随时重新加载模型，或者接着原来的进度继续训练。加载时使用 `torch.load(..., weights_only=True)`，它不会执行文件中夹带的代码。
# %%
reloaded = models.GPT(models.GPTConfig(**train.load_checkpoint("checkpoints/quick_tour.pt")["model_config"]))
train.load_checkpoint("checkpoints/quick_tour.pt", reloaded)
print(sampling.generate_text(reloaded.to(device), vocab, sample_prompt, max_new_tokens=100, temperature=0, seed=0))
# %% [markdown] en
# ## The map: where each step is explained
#
# | step in this tour | chapter |
# |---|---|
# | reading text, characters and tokens, vocabularies | [01 · Text and tokens](01_text_and_tokens.ipynb) |
# | turning text into vectors, embeddings | [02 · Text as vectors](02_text_as_vectors.ipynb) |
# | neurons, layers, softmax and cross-entropy | [03 · Neural networks](03_neural_networks.ipynb) |
# | gradients and backpropagation | [04 · Backpropagation](04_backpropagation.ipynb) |
# | batches, learning rate, when to stop | [05 · Gradient descent](05_gradient_descent.ipynb) |
# | AdamW, warm-up and cosine schedule, gradient clipping | [06 · Optimizers](06_optimizers.ipynb) |
# | predicting the next character by counting, perplexity | [07 · n-gram models](07_ngram_models.ipynb) |
# | attention, the GPT itself, sampling with temperature | [08 · Neural language models](08_neural_language_models.ipynb) |
#
# ## Summary
#
# - A language model turns text into token ids and learns to score the next token.
# - Training lowers the cross-entropy loss step by step; a held-out validation set tells learning from memorising.
# - Sampling with a temperature turns the scores back into new text.
# %% [markdown] zh
# ## 课程地图：每一步在哪里讲解
#
# | 导览中的步骤 | 章节 |
# |---|---|
# | 读取文本、字符与词元、词表 | [01 · 文本与词元](01_text_and_tokens.ipynb) |
# | 把文本变成向量、词嵌入 | [02 · 文本的向量表示](02_text_as_vectors.ipynb) |
# | 神经元、层、softmax 与交叉熵 | [03 · 神经网络](03_neural_networks.ipynb) |
# | 梯度与反向传播 | [04 · 反向传播](04_backpropagation.ipynb) |
# | 小批量、学习率、何时停止训练 | [05 · 梯度下降](05_gradient_descent.ipynb) |
# | AdamW、预热与余弦调度、梯度裁剪 | [06 · 优化器](06_optimizers.ipynb) |
# | 用计数预测下一个字、困惑度 | [07 · n 元语法模型](07_ngram_models.ipynb) |
# | 注意力、GPT 本身、带温度的采样 | [08 · 神经语言模型](08_neural_language_models.ipynb) |
#
# ## 小结
#
# - 语言模型把文本变成词元编号，并学习给下一个词元打分。
# - 训练一步步降低交叉熵损失；留出的验证集帮助我们区分“学会”和“背会”。
# - 按一定温度采样，就能把分数重新变成新的文本。
