# %% [markdown] en
# # 7. Counting language models: n-grams
#
# A language model assigns a probability to every possible next token, given the tokens so far.
# The oldest way to build one is to **count**: how often did each token follow this context in a large text?
# In this notebook you will
#
# - count character bigrams and turn the counts into probabilities (maximum likelihood),
# - sample text from bigram, trigram and higher-order models,
# - measure models with **perplexity** on held-out text,
# - see why unseen n-grams break maximum likelihood, and how fast sparsity grows with $n$,
# - fix it with add-k smoothing and Kneser–Ney smoothing, and check our Kneser–Ney against `nltk.lm`,
# - build word-level models and compare.
#
# Everything runs in about a minute on a laptop CPU. The corpus is Tiny Shakespeare (about 1.1 million characters).
# %% [markdown] zh
# # 7. 计数语言模型：n 元语法
#
# 语言模型根据已有的词元，给下一个词元的每种可能赋予一个概率。
# 最古老的做法就是**计数**：在一大段文本里，这个上下文后面出现过哪些词元、各出现了多少次？
# 本笔记本将带你：
#
# - 统计字符二元组，并把计数变成概率（极大似然估计）；
# - 从二元、三元及更高阶的模型中采样生成文本；
# - 用留出文本上的**困惑度**衡量模型；
# - 看清没见过的 n 元组为什么会让极大似然估计失效，以及稀疏性如何随 $n$ 迅速增长；
# - 用加 k 平滑和 Kneser–Ney 平滑解决这个问题，并与 `nltk.lm` 对照检验我们的 Kneser–Ney 实现；
# - 构建以词为单位的模型并加以比较。
#
# 在笔记本电脑的 CPU 上，全部运行大约只需一分钟。语料是约五千首唐诗（已转为简体字）。

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
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import oi_helpers as oi
from oi_helpers.exercises import Case
from oi_helpers.ngram import BOS, UNK, NGramLM, pad
from oi_helpers.text import count_ngrams, tokenize

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
notebook_start = time.perf_counter()

# %% [markdown] en
# ## 1. The corpus
#
# We load the text as one long string and keep the last 10% as **validation** text: the models never see it while
# counting, so it tells us how well they predict text they have not memorised.
# %% [markdown] zh
# ## 1. 语料
#
# 我们把所有诗连成一个长字符串（诗与诗之间空一行），并留出最后 10% 作为**验证集**。
# 模型计数时看不到这部分文本，所以它能告诉我们：模型预测没背过的文本时表现如何。

# %% edition en
corpus = oi.data.load_shakespeare()

# %% edition zh
poems = oi.data.load_tang_poems()
# Skip the few poems with editorial marks: □ for a lost character, [...] for notes.
corpus = "\n\n".join("\n".join(poem["paragraphs"]) for poem in poems
                     if not any(mark in line for line in poem["paragraphs"] for mark in "□[]"))

# %%
train_text, val_text = oi.data.train_val_split(corpus, 0.9)
print({"en": f"{len(train_text):,} training characters, {len(val_text):,} validation characters, "
             f"{len(set(corpus)):,} distinct characters",
       "zh": f"训练集 {len(train_text):,} 个字符，验证集 {len(val_text):,} 个字符，"
             f"共 {len(set(corpus)):,} 个不同的字符"}[LANG])
print(train_text[:250])

# %% [markdown] en
# ## 2. A language model is a chain of next-token predictions
#
# By the chain rule of probability, the probability of a whole text $x_1 \dots x_T$ is a product of next-token
# probabilities:
#
# $$P(x_1, \dots, x_T) = \prod_{t=1}^{T} P(x_t \mid x_1, \dots, x_{t-1}).$$
#
# An **n-gram model** makes the Markov assumption that only the last $n-1$ tokens matter:
# $P(x_t \mid x_1, \dots, x_{t-1}) \approx P(x_t \mid x_{t-n+1}, \dots, x_{t-1})$.
# A bigram model ($n = 2$) looks at one previous token, a trigram model at two.
#
# Let us start with characters and count every pair of neighbouring characters in the training text.
# %% [markdown] zh
# ## 2. 语言模型就是一连串的“预测下一个词元”
#
# 根据概率的链式法则，整段文本 $x_1 \dots x_T$ 的概率可以写成一串"下一个词元"概率的乘积：
#
# $$P(x_1, \dots, x_T) = \prod_{t=1}^{T} P(x_t \mid x_1, \dots, x_{t-1}).$$
#
# **n 元语法模型**做了马尔可夫假设：只有最近的 $n-1$ 个词元才重要，即
# $P(x_t \mid x_1, \dots, x_{t-1}) \approx P(x_t \mid x_{t-n+1}, \dots, x_{t-1})$。
# 二元模型（$n = 2$）只看前一个词元，三元模型看前两个。
#
# 我们先以字为单位，统计训练文本中每一对相邻字出现的次数。

# %%
def show(token: str) -> str:
    """Make whitespace visible in tables and plots."""
    return {" ": "␣", "\n": "↵"}.get(token, token)


bigram_counts = count_ngrams([train_text], 2)
print({"en": f"{len(bigram_counts):,} distinct bigrams", "zh": f"共 {len(bigram_counts):,} 种不同的二元组"}[LANG])
for (a, b), count in bigram_counts.most_common(10):
    print(f"{show(a)}{show(b)}  {count:>7,}")

# %% [markdown] en
# The **maximum likelihood estimate** (MLE) turns counts into probabilities by dividing each count by the count of
# its context:
#
# $$P_{\text{MLE}}(b \mid a) = \frac{c(a\,b)}{\sum_{w} c(a\,w)} = \frac{c(a\,b)}{c(a)}.$$
#
# Each row of the table below is one context $a$ and sums to 1. Bright cells are likely continuations
# (only the 28 most frequent characters are shown).
# %% [markdown] zh
# **极大似然估计**（MLE）把每个计数除以其上下文的计数，得到概率：
#
# $$P_{\text{MLE}}(b \mid a) = \frac{c(a\,b)}{\sum_{w} c(a\,w)} = \frac{c(a\,b)}{c(a)}.$$
#
# 下表每一行对应一个上下文 $a$，行内概率之和为 1；越亮的格子表示越可能的下一个字（只画出最常见的 28 个字）。

# %%
frequent = [gram[0] for gram, _ in count_ngrams([train_text], 1).most_common(28)]
index = {char: i for i, char in enumerate(frequent)}
table = np.zeros((len(frequent), len(frequent)))
context_totals = np.zeros(len(frequent))
for (a, b), count in bigram_counts.items():
    if a in index:
        context_totals[index[a]] += count      # c(a): every bigram that starts with a
        if b in index:
            table[index[a], index[b]] = count
probs = table / context_totals[:, None]

fig, ax = plt.subplots(figsize=(7, 6))
image = ax.imshow(probs, cmap="viridis")
labels = [show(char) for char in frequent]
ax.set_xticks(range(len(frequent)), labels)
ax.set_yticks(range(len(frequent)), labels)
ax.set_xlabel({"en": "next character b", "zh": "下一个字 b"}[LANG])
ax.set_ylabel({"en": "context a", "zh": "上下文 a"}[LANG])
ax.set_title("$P_{MLE}(b \\mid a)$")
fig.colorbar(image, ax=ax, shrink=0.8)
plt.show()

# %% [markdown] en
# `oi_helpers.ngram.NGramLM` does the same counting for any order $n$, on characters (a string) or words (a list of
# tokens). It pads each sequence with $n-1$ start markers `<s>` on the left and one end marker `</s>` on the right,
# so even the first character has a context, and the model learns where text ends.
# Characters seen only once in training become `<unk>` (`min_count=2`), so the model has a way to score characters
# it has never seen.
# %% [markdown] zh
# `oi_helpers.ngram.NGramLM` 可以对任意阶数 $n$ 做同样的计数，既可以按字（传入字符串），也可以按词（传入词元列表）。
# 它在每个序列左边补 $n-1$ 个起始标记 `<s>`，右边补一个结束标记 `</s>`：这样第一个字也有上下文，模型也能学到文本在哪里结束。
# 训练中只出现一次的字被替换为 `<unk>`（`min_count=2`），于是模型也能给从没见过的字打分。

# %%
bigram = NGramLM(2, smoothing="mle", min_count=2).fit([train_text])
print(bigram)
top = next(char for char in frequent if char.isalpha())     # the most frequent letter or hanzi
distribution = bigram.distribution([top])
best = np.argsort(distribution)[::-1][:8]
print(f"P(next | {show(top)!r}):", ", ".join(f"{show(bigram.vocab[i])} {distribution[i]:.3f}" for i in best))

# %% [markdown] en
# ## 3. Sampling text from counts
#
# To generate, start from the start markers, draw the next token from $P(\cdot \mid \text{context})$, append it,
# and repeat. A bigram model has a memory of one character, so its output has the right letters and spacing
# but few real words. Longer contexts help a lot: with four characters of context the model copies
# whole words and phrases from the training text. (We use Kneser–Ney smoothing here, explained below.)
# %% [markdown] zh
# ## 3. 用计数生成文本
#
# 生成文本时，从起始标记出发，按 $P(\cdot \mid \text{上下文})$ 抽取下一个词元，接到末尾，如此反复。
# 二元模型只记得前一个字，所以生成的字频大体正确，却很少连成通顺的词句。
# 更长的上下文作用很大：有了前四个字作为上下文，模型能从训练文本中成段地"抄"出词语和句子。
# （这里用的是后面会讲到的 Kneser–Ney 平滑。）

# %%
print("n = 2 (MLE):\n" + "".join(bigram.sample(200, seed=1)))
for n in (3, 5):
    model = NGramLM(n, smoothing="kneser_ney", min_count=2).fit([train_text])
    print(f"\nn = {n} (Kneser–Ney):\n" + "".join(model.sample(200, seed=1)))

# %% [markdown] en
# ## 4. Perplexity: how surprised is the model by new text?
#
# We judge a language model by the probability it gives to held-out text. Per token, we average the negative
# log-probability (the **cross-entropy**, in nats when we use the natural log), then exponentiate to get the
# **perplexity**:
#
# $$\mathrm{PPL} = \exp\Big(-\frac{1}{N}\sum_{t=1}^{N} \log P(x_t \mid x_{t-n+1}, \dots, x_{t-1})\Big).$$
#
# Perplexity is the model's average branching factor: a model that spreads its probability uniformly over $V$
# tokens has perplexity exactly $V$. Lower is better. Padding markers are context only: the model predicts each
# token and the end marker, never `<s>`, so only those count in $N$.
#
# Let us compute it by hand from the log-probabilities of a unigram model ($n=1$, no context at all)
# and compare with `perplexity()`.
# %% [markdown] zh
# ## 4. 困惑度：模型对新文本有多“意外”？
#
# 评价语言模型，就看它给留出文本的概率有多高。我们对每个词元的负对数概率求平均（即**交叉熵**；用自然对数时单位是奈特），
# 再取指数，就得到**困惑度**：
#
# $$\mathrm{PPL} = \exp\Big(-\frac{1}{N}\sum_{t=1}^{N} \log P(x_t \mid x_{t-n+1}, \dots, x_{t-1})\Big).$$
#
# 困惑度可以理解为模型平均“在几个选项之间犹豫”：若模型把概率均匀分给 $V$ 个词元，困惑度恰好是 $V$。困惑度越低越好。
# 补齐用的标记只充当上下文：模型预测每个词元和结束标记，从不预测 `<s>`，所以只有这些计入 $N$。
#
# 下面用一元模型（$n=1$，完全不看上下文）的对数概率手算困惑度，再与 `perplexity()` 的结果对比。

# %%
unigram = NGramLM(1, smoothing="mle", min_count=2).fit([train_text])
logprobs = np.array(unigram.logprobs(val_text))
by_hand = math.exp(-logprobs.mean())
print({"en": f"{len(logprobs):,} predicted tokens; perplexity by hand {by_hand:.3f}, "
             f"perplexity() {unigram.perplexity([val_text]):.3f}, vocabulary size {len(unigram.vocab)}",
       "zh": f"共预测 {len(logprobs):,} 个词元；手算困惑度 {by_hand:.3f}，"
             f"perplexity() 给出 {unigram.perplexity([val_text]):.3f}，词表大小 {len(unigram.vocab)}"}[LANG])
assert math.isclose(by_hand, unigram.perplexity([val_text]), rel_tol=1e-9)

# %% [markdown] en
# ## 5. Why maximum likelihood breaks: unseen n-grams
#
# Now the bigram model. Its validation perplexity is **infinite**: some character pairs in the validation text never
# occur in the training text, so MLE gives them probability 0, and $\log 0 = -\infty$. One impossible token ruins the
# whole average.
# %% [markdown] zh
# ## 5. 极大似然为什么会失效：没见过的 n 元组
#
# 再看二元模型。它在验证集上的困惑度是**无穷大**：验证文本中有些字对在训练文本里从未出现，极大似然估计给它们的概率为 0，
# 而 $\log 0 = -\infty$。只要有一个"不可能"的词元，整个平均值就毁了。

# %%
bigram_logprobs = np.array(bigram.logprobs(val_text))
impossible = np.isinf(bigram_logprobs)
print({"en": f"bigram MLE perplexity: {bigram.perplexity([val_text])}",
       "zh": f"二元 MLE 模型的困惑度：{bigram.perplexity([val_text])}"}[LANG])
print({"en": f"{impossible.sum():,} of {len(bigram_logprobs):,} validation tokens get probability 0",
       "zh": f"验证集的 {len(bigram_logprobs):,} 个词元中有 {impossible.sum():,} 个概率为 0"}[LANG])
padded_val = pad(bigram.lookup(val_text), 2)
examples = [show(padded_val[i]) + show(padded_val[i + 1]) for i in np.flatnonzero(impossible)[:10]]
print({"en": "unseen bigrams, for example:", "zh": "未见过的二元组，例如："}[LANG], " ".join(examples))

# %% [markdown] en
# The problem grows quickly with $n$. The number of possible n-grams is $V^n$, but a corpus of a million characters
# contains at most a million n-grams, so most possible n-grams are never seen. The plot shows, for each $n$,
# how many distinct n-grams the training text contains, and what share of the n-grams in the validation text
# never occurs in training.
# %% [markdown] zh
# 这个问题随 $n$ 迅速恶化。可能的 n 元组有 $V^n$ 种，而三十万字的语料最多只含三十万个 n 元组，绝大多数可能的组合从未出现。
# 唐诗的字表有四千多个字，连二元组都有三成在训练中没见过。
# 下图给出每个 $n$ 下训练文本中不同 n 元组的数量，以及验证文本里的 n 元组有多大比例在训练中从未出现。

# %%
orders = range(1, 9)
distinct, unseen_share = [], []
for n in orders:
    seen = count_ngrams([train_text], n)
    val_grams = count_ngrams([val_text], n)
    distinct.append(len(seen))
    unseen_share.append(sum(c for gram, c in val_grams.items() if gram not in seen) / sum(val_grams.values()))
    print({"en": f"n = {n}: {len(seen):>9,} distinct n-grams in training; "
                 f"{unseen_share[-1]:6.1%} of validation n-grams unseen",
           "zh": f"n = {n}：训练集中有 {len(seen):>9,} 种不同的 n 元组；"
                 f"验证集中 {unseen_share[-1]:6.1%} 的 n 元组未见过"}[LANG])
del seen, val_grams

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
vocab_size = len(set(train_text))
left.semilogy(list(orders), distinct, "o-", label={"en": "seen in training", "zh": "训练中出现过的"}[LANG])
left.semilogy(list(orders), [vocab_size ** n for n in orders], "--",
              label={"en": "possible (Vⁿ)", "zh": "所有可能（Vⁿ）"}[LANG])
left.set_xlabel("n")
left.set_ylabel({"en": "distinct n-grams", "zh": "不同 n 元组的数量"}[LANG])
left.legend()
right.plot(list(orders), [100 * share for share in unseen_share], "o-", color="C3")
right.set_xlabel("n")
right.set_ylabel({"en": "validation n-grams unseen in training (%)", "zh": "验证集中未见过的 n 元组（%）"}[LANG])
for ax in (left, right):
    ax.grid(alpha=0.3)
fig.suptitle({"en": "Sparsity grows with n", "zh": "稀疏性随 n 增长"}[LANG])
plt.tight_layout()
plt.show()

# %% [markdown] en
# ## 6. Add-k smoothing
#
# The simplest fix pretends every possible n-gram was seen $k$ more times than it was:
#
# $$P_{\text{add-}k}(w \mid h) = \frac{c(h\,w) + k}{c(h) + k\,|V|}.$$
#
# With $k = 1$ this is Laplace smoothing. No probability is zero any more, but $k$ matters a lot:
# with a large vocabulary and few counts per context, $k = 1$ gives far too much probability to unseen tokens.
# We choose $k$ by validation perplexity. (Strictly, a tuned setting should then be tested on a third, untouched
# test set; we skip that here.) `NGramLM` reads its smoothing settings only when scoring, so we can change `k`
# without counting again.
# %% [markdown] zh
# ## 6. 加 k 平滑
#
# 最简单的补救办法，是假装每一种可能的 n 元组都比实际多出现了 $k$ 次：
#
# $$P_{\text{add-}k}(w \mid h) = \frac{c(h\,w) + k}{c(h) + k\,|V|}.$$
#
# $k = 1$ 时就是拉普拉斯平滑。这样就不再有零概率了，但 $k$ 的取值影响很大：词表大、每个上下文的计数又少时，
# $k = 1$ 会把太多概率分给没见过的词元。我们按验证集困惑度选择 $k$。
# （严格说来，调好的参数还应在第三份从未用过的测试集上检验，这里从略。）
# `NGramLM` 只在打分时才读取平滑设置，所以改 `k` 不必重新计数。

# %%
trigram = NGramLM(3, smoothing="add_k", min_count=2).fit([train_text])
k_values = [3.0, 1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001]
k_perplexity = []
for k in k_values:
    trigram.k = k
    k_perplexity.append(trigram.perplexity([val_text]))
    print({"en": f"k = {k:<6} validation perplexity {k_perplexity[-1]:7.3f}",
           "zh": f"k = {k:<6} 验证集困惑度 {k_perplexity[-1]:7.3f}"}[LANG])
best_k = k_values[int(np.argmin(k_perplexity))]

fig, ax = plt.subplots(figsize=(5.5, 3.5))
ax.semilogx(k_values, k_perplexity, "o-")
ax.axvline(best_k, color="gray", linestyle=":")
ax.set_xlabel("k")
ax.set_ylabel({"en": "validation perplexity", "zh": "验证集困惑度"}[LANG])
ax.set_title({"en": "Add-k trigram model", "zh": "加 k 平滑的三元模型"}[LANG])
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] en
# ## 7. Kneser–Ney smoothing
#
# Add-k treats every unseen continuation alike. Kneser–Ney is smarter in two ways.
#
# **Absolute discounting with interpolation.** Subtract a fixed discount $d$ (around 0.75) from every seen count,
# and give the probability mass freed this way to a lower-order model (the context shortened by its oldest token
# $h'$), weighted so that everything sums to 1:
#
# $$P_{\text{KN}}(w \mid h) = \frac{\max(c(h\,w) - d,\ 0)}{c(h)} + \frac{d \cdot N_{1+}(h\,\bullet)}{c(h)}\, P_{\text{KN}}(w \mid h'),$$
#
# where $N_{1+}(h\,\bullet)$ is the number of distinct tokens seen after $h$. A context that is never seen passes
# everything to the lower order.
#
# **Continuation counts in the lower orders.** The lower-order model is used only when the longer context
# gave little evidence, so it should answer "how likely is $w$ to appear in a *new* context?", not "how frequent is
# $w$?". Kneser–Ney therefore replaces the counts of the lower orders by the number of distinct tokens that precede
# them, $N_{1+}(\bullet\, h'\, w)$. The unigram level becomes
# $P(w) = N_{1+}(\bullet\, w) / N_{1+}(\bullet\,\bullet)$.
# The classic example is "Francisco": frequent, but almost always after "San", so it should get a small
# continuation probability.
#
# Our implementation lives in `oi_helpers/ngram.py`. Let us check it against the independent implementation in
# `nltk.lm`. We give nltk exactly the n-grams our model counts, because `nltk.lm`'s own
# `padded_everygram_pipeline` pads both ends with $n-1$ markers and so counts a few extra n-grams at the edges.
# %% [markdown] zh
# ## 7. Kneser–Ney 平滑
#
# 加 k 平滑对所有没见过的后续一视同仁。Kneser–Ney 平滑在两个方面更聪明。
#
# **绝对折扣加插值。** 从每个见过的计数中减去一个固定折扣 $d$（约 0.75），把这样腾出来的概率质量交给低一阶的模型
# （去掉上下文中最早的一个词元，记作 $h'$），并配好权重，使概率之和为 1：
#
# $$P_{\text{KN}}(w \mid h) = \frac{\max(c(h\,w) - d,\ 0)}{c(h)} + \frac{d \cdot N_{1+}(h\,\bullet)}{c(h)}\, P_{\text{KN}}(w \mid h'),$$
#
# 其中 $N_{1+}(h\,\bullet)$ 是在 $h$ 之后出现过的不同词元的个数。从没见过的上下文则把全部概率交给低一阶。
#
# **低阶模型使用接续计数。** 只有当长上下文提供的证据不足时才会用到低阶模型，所以低阶模型应该回答
# "$w$ 出现在一个*新*上下文中的可能性有多大"，而不是"$w$ 有多常见"。因此 Kneser–Ney 在低阶中不用原始计数，
# 而用它前面出现过多少种不同的词元 $N_{1+}(\bullet\, h'\, w)$。一元层变为 $P(w) = N_{1+}(\bullet\, w) / N_{1+}(\bullet\,\bullet)$。
# 经典的例子是英文的 "Francisco"：它很常见，却几乎总跟在 "San" 后面，所以它的接续概率应该很小。
# 唐诗里也有类似的字：例如"差"出现了约 90 次，其中九成跟在"参"后面（参差），它的接续概率也应该很小。
#
# 我们的实现在 `oi_helpers/ngram.py` 中。下面把它与 `nltk.lm` 中独立的实现对照检验。
# 我们把自己模型统计的 n 元组原样交给 nltk，因为 `nltk.lm` 自带的 `padded_everygram_pipeline` 在两端各补 $n-1$ 个标记，
# 会在边缘多统计几个 n 元组。

# %%
from nltk.lm import KneserNeyInterpolated, Vocabulary
from nltk.util import ngrams

# nltk's Kneser–Ney rescans all its n-grams for every probability, so we compare on a small slice.
small_train, small_val = train_text[:10_000], val_text[:200]
ours = NGramLM(3, smoothing="kneser_ney", discount=0.75, min_count=2).fit([small_train])

padded_train = pad(ours.lookup(small_train), 3)      # rare characters already replaced by <unk>
training_ngrams = [gram for m in (1, 2, 3) for gram in ngrams(padded_train, m) if gram[-1] != BOS]
theirs = KneserNeyInterpolated(3, discount=0.75, vocabulary=Vocabulary(unk_label=UNK))
# nltk adds its unknown-token label to the vocabulary itself, so we leave <unk> out.
theirs.fit([training_ngrams], vocabulary_text=[token for token in ours.vocab if token != UNK])

test_ngrams = list(ngrams(pad(ours.lookup(small_val), 3), 3))
differences = [abs(ours.prob(g[-1], g[:-1]) - theirs.score(g[-1], g[:-1])) for g in test_ngrams]
print({"en": f"compared {len(test_ngrams)} probabilities; largest difference {max(differences):.2e}",
       "zh": f"比较了 {len(test_ngrams)} 个概率；最大差异 {max(differences):.2e}"}[LANG])
print({"en": f"perplexity: ours {ours.perplexity([small_val]):.6f}, nltk {theirs.perplexity(test_ngrams):.6f}",
       "zh": f"困惑度：我们的实现 {ours.perplexity([small_val]):.6f}，nltk {theirs.perplexity(test_ngrams):.6f}"}[LANG])
assert max(differences) < 1e-12

# %% [markdown] en
# ## 8. Comparing the estimators as $n$ grows
#
# Now the main experiment: for each order $n$ we count once, then score the validation text with each estimator
# (choosing $k$ for add-k from a small grid on the validation text). We also report how many validation tokens MLE
# finds impossible.
# %% [markdown] zh
# ## 8. 随 $n$ 增大，比较各种估计方法
#
# 现在做主要实验：每个阶数 $n$ 只计数一次，然后分别用各种估计方法给验证文本打分
# （加 k 平滑的 $k$ 从一个小网格中按验证集选取）。我们还统计了极大似然估计认为"不可能"的验证词元有多少。

# %%
K_GRID = (0.1, 0.01, 0.001)


def score_order(n: int) -> dict:
    """Count n-grams once, then score the validation text with each estimator."""
    model = NGramLM(n, smoothing="mle", min_count=2).fit([train_text])
    row = {"n": n, "n-grams": model.num_ngrams(),
           "MLE zero-probability tokens": int(np.isinf(model.logprobs(val_text)).sum())}
    model.smoothing = "add_k"
    scores = {}
    for k in K_GRID:
        model.k = k
        scores[k] = model.perplexity([val_text])
    row["add-k best k"] = min(scores, key=scores.get)
    row["add-k perplexity"] = min(scores.values())
    if n >= 2:
        model.smoothing = "kneser_ney"
        row["Kneser–Ney perplexity"] = model.perplexity([val_text])
    return row


del model                      # free the 5-gram model of section 3 before counting larger ones
sweep_start = time.perf_counter()
results = pd.DataFrame([score_order(n) for n in range(1, 7)]).set_index("n")
print({"en": f"swept 6 orders in {time.perf_counter() - sweep_start:.0f} s",
       "zh": f"扫描 6 个阶数用时 {time.perf_counter() - sweep_start:.0f} 秒"}[LANG])
results.round(3)

# %%
fig, ax = plt.subplots(figsize=(6, 3.8))
ax.plot(results.index, results["add-k perplexity"], "o-", label={"en": "add-k", "zh": "加 k 平滑"}[LANG])
ax.plot(results.index, results["Kneser–Ney perplexity"], "s-", label="Kneser–Ney")
ax.set_xlabel("n")
ax.set_ylabel({"en": "validation perplexity (per character)", "zh": "验证集困惑度（每字）"}[LANG])
ax.set_title({"en": "Character n-gram models", "zh": "按字的 n 元语法模型"}[LANG])
ax.legend()
ax.grid(alpha=0.3)
plt.show()
best_n = int(results["Kneser–Ney perplexity"].idxmin())
best_perplexity = results["Kneser–Ney perplexity"].min()
print({"en": f"best: Kneser–Ney with n = {best_n}, perplexity {best_perplexity:.3f} "
             f"= {math.log(best_perplexity):.3f} nats per character",
       "zh": f"最佳：n = {best_n} 的 Kneser–Ney 模型，困惑度 {best_perplexity:.3f}，"
             f"即每字 {math.log(best_perplexity):.3f} 奈特"}[LANG])
assert best_perplexity < results.loc[1, "add-k perplexity"]

# %% [markdown] en
# Read the table from top to bottom. Longer contexts help at first; then, with add-k, the perplexity turns back up,
# because most long contexts were seen only a few times and add-k spreads too much mass over the whole vocabulary.
# Kneser–Ney keeps improving for longer, since an unreliable long context hands most of its probability to the
# better-estimated shorter ones. Remember the best number in nats per character: in the next chapter neural models
# are measured with the same yardstick.
# %% [markdown] zh
# 从上往下读这张表。一开始，上下文越长越好；但对加 k 平滑而言，困惑度随后又回升了：大多数长上下文只出现过寥寥几次，
# 加 k 平滑却把太多概率撒向整个词表。Kneser–Ney 能持续改进更久，因为不可靠的长上下文会把大部分概率交给估计得更准的短上下文。
# 记住这个以"每字奈特数"表示的最好成绩：下一章的神经网络模型将用同一把尺子衡量。

# %% [markdown] en
# ## 9. Word-level models
#
# Tokens need not be characters. Here we split each line into lowercase words and punctuation and treat every line as
# one sequence. The vocabulary is now thousands of types, so the counts are far sparser.
# Words seen only once become `<unk>`; when sampling we skip `<unk>` so the lines stay readable.
#
# Per-word and per-character perplexities are not comparable: a word is a much bigger unit to guess.
# %% [markdown] zh
# ## 9. 以词为单位的模型
#
# 词元不一定是单个字。这里用 jieba 对每行诗做中文分词，并把每行当作一个序列。
# 古诗文大多一字一词，jieba 面向现代汉语，切分结果常常不理想，但足以说明问题：词表一下子变成上万种，计数稀疏得多。
# 只出现一次的词被替换为 `<unk>`；采样时我们跳过 `<unk>`，让生成的诗句可读。
#
# 按词和按字计算的困惑度不能直接比较：猜一个词比猜一个字难得多。

# %% edition en
TOKENIZER, JOIN = "en", " "          # words and punctuation marks, joined with spaces for display

# %% edition zh
TOKENIZER, JOIN = "zh", ""           # jieba word segmentation; Chinese is written without spaces

# %%
def split_words(line: str) -> list[str]:
    return tokenize(line, TOKENIZER, lowercase=True)


train_lines = [words for words in map(split_words, train_text.splitlines()) if words]
val_lines = [words for words in map(split_words, val_text.splitlines()) if words]
print({"en": f"{len(train_lines):,} training lines, {sum(map(len, train_lines)):,} words;",
       "zh": f"训练集 {len(train_lines):,} 行，{sum(map(len, train_lines)):,} 个词；"}[LANG], " | ".join(
    JOIN.join(words) for words in train_lines[:3]))

word_rows = []
for n in (1, 2, 3):
    model = NGramLM(n, smoothing="add_k", k=0.01, min_count=2).fit(train_lines)
    row = {"n": n, "vocabulary": len(model.vocab), "add-k (k=0.01) perplexity": model.perplexity(val_lines)}
    if n >= 2:
        model.smoothing = "kneser_ney"
        row["Kneser–Ney perplexity"] = model.perplexity(val_lines)
    word_rows.append(row)
word_results = pd.DataFrame(word_rows).set_index("n")

unk_share = np.mean([token == UNK for words in val_lines for token in model.lookup(words)])
seen_bigrams = {gram for words in train_lines for gram in zip(words, words[1:])}
val_bigrams = [gram for words in val_lines for gram in zip(words, words[1:])]
unseen_word_bigrams = np.mean([gram not in seen_bigrams for gram in val_bigrams])
print({"en": f"{unk_share:.1%} of validation words are <unk>; "
             f"{unseen_word_bigrams:.1%} of validation word bigrams are unseen",
       "zh": f"验证集中 {unk_share:.1%} 的词是 <unk>；"
             f"{unseen_word_bigrams:.1%} 的词二元组未见过"}[LANG])
for seed in range(3):
    print({"en": "trigram sample:", "zh": "三元模型采样："}[LANG], JOIN.join(model.sample(30, seed=seed, skip_unk=True)))
word_results.round(1)

# %% [markdown] en
# ## Summary
#
# - An n-gram model predicts the next token from the previous $n-1$ by counting. MLE divides counts by context counts.
# - Perplexity, $\exp$ of the mean negative log-probability on held-out text, measures a model; a uniform guess over
#   $V$ tokens scores exactly $V$.
# - The number of possible n-grams grows as $V^n$, so longer contexts are mostly unseen and MLE gives held-out text
#   probability 0.
# - Add-k smoothing removes the zeros but needs a small, tuned $k$. Interpolated Kneser–Ney (absolute discounting,
#   continuation counts) is much better and matches `nltk.lm` exactly on the same n-grams.
# - Counting cannot share evidence between similar contexts: "the king" teaches it nothing about "the queen".
#   Neural language models, next chapter, learn that sharing.
# %% [markdown] zh
# ## 小结
#
# - n 元语法模型靠计数，根据前 $n-1$ 个词元预测下一个。极大似然估计就是用计数除以上下文的计数。
# - 困惑度（留出文本上平均负对数概率的指数）用来衡量模型；对 $V$ 个词元均匀乱猜，困惑度恰好是 $V$。
# - 可能的 n 元组数量按 $V^n$ 增长，所以长上下文大多没见过，极大似然会给留出文本零概率。
# - 加 k 平滑消除了零概率，但需要精心调小 $k$；插值 Kneser–Ney（绝对折扣加接续计数）效果好得多，
#   且在相同 n 元组上与 `nltk.lm` 的结果完全一致。
# - 计数无法在相似的上下文之间共享证据："明月"教不会它任何关于"清风"的知识。下一章的神经语言模型会学会这种共享。

# %% [markdown] en
# ## Exercises
#
# Each exercise has a function for you to write and a check that calls it on cases with known answers.
# The solutions are in the collapsed cells below each exercise.
#
# ### Exercise 1: perplexity from log-probabilities
#
# Write `perplexity_from_logprobs(logprobs)`, which takes a list of natural-log probabilities (one per predicted
# token) and returns the perplexity.
# %% [markdown] zh
# ## 练习
#
# 每道练习都要你写一个函数，检查程序会用答案已知的例子调用它。参考答案在每道练习下方折叠的单元格里。
#
# ### 练习 1：由对数概率求困惑度
#
# 编写 `perplexity_from_logprobs(logprobs)`：输入一个自然对数概率的列表（每个被预测的词元一个），返回困惑度。

# %%
def perplexity_from_logprobs(logprobs):
    raise NotImplementedError


PERPLEXITY_CASES = [
    Case(([math.log(0.5)] * 4,), 2.0),
    Case(([math.log(0.25), math.log(1.0)],), 2.0),
    Case(([0.0],), 1.0),
    Case(([math.log(0.1)] * 3,), 10.0),
    Case(([math.log(0.2), math.log(0.5), math.log(0.1)],), 100 ** (1 / 3)),
]
PERPLEXITY_HINT = {"en": "Average the log-probabilities, flip the sign, then apply math.exp.",
                   "zh": "先对对数概率求平均，取相反数，再用 math.exp 取指数。"}
oi.exercises.check("perplexity_from_logprobs", perplexity_from_logprobs, PERPLEXITY_CASES, hint=PERPLEXITY_HINT);

# %% solution
def perplexity_from_logprobs(logprobs):
    return math.exp(-sum(logprobs) / len(logprobs))


oi.exercises.check("perplexity_from_logprobs", perplexity_from_logprobs, PERPLEXITY_CASES, hint=PERPLEXITY_HINT);

# %% [markdown] en
# ### Exercise 2: count bigrams
#
# Write `bigram_counts(tokens)`, which returns a dict mapping each pair of neighbouring tokens `(a, b)` to the number
# of times it occurs. `tokens` is a string (count characters) or a list of words. No padding.
# %% [markdown] zh
# ### 练习 2：统计二元组
#
# 编写 `bigram_counts(tokens)`：返回一个字典，把每对相邻词元 `(a, b)` 映射到它出现的次数。
# `tokens` 可以是字符串（按字统计），也可以是词的列表。不做任何补齐。

# %%
def bigram_counts(tokens):
    raise NotImplementedError


BIGRAM_CASES = [
    Case(("abab",), {("a", "b"): 2, ("b", "a"): 1}),
    Case(("aaa",), {("a", "a"): 2}),
    Case(("a",), {}),
    Case((["to", "be", "or", "not", "to", "be"],),
         {("to", "be"): 2, ("be", "or"): 1, ("or", "not"): 1, ("not", "to"): 1}),
    Case(("明月明",), {("明", "月"): 1, ("月", "明"): 1}),
]
BIGRAM_HINT = {"en": "Loop over i from 0 to len(tokens) - 2 and count (tokens[i], tokens[i + 1]); "
                     "collections.Counter helps. Return {} for fewer than two tokens.",
               "zh": "让 i 从 0 循环到 len(tokens) - 2，统计 (tokens[i], tokens[i + 1])；可以借助 collections.Counter。"
                     "少于两个词元时返回 {}。"}
oi.exercises.check("bigram_counts", bigram_counts, BIGRAM_CASES, hint=BIGRAM_HINT);

# %% solution
from collections import Counter


def bigram_counts(tokens):
    return dict(Counter(zip(tokens, tokens[1:])))


oi.exercises.check("bigram_counts", bigram_counts, BIGRAM_CASES, hint=BIGRAM_HINT);

# %% [markdown] en
# ### Exercise 3: add-k probability
#
# Write `add_k_prob(count_hw, count_h, vocab_size, k)`, returning $P_{\text{add-}k}(w \mid h)$ from the count of the
# n-gram $c(h\,w)$, the count of its context $c(h)$, the vocabulary size $|V|$ and the constant $k$.
# %% [markdown] zh
# ### 练习 3：加 k 平滑的概率
#
# 编写 `add_k_prob(count_hw, count_h, vocab_size, k)`：根据 n 元组的计数 $c(h\,w)$、其上下文的计数 $c(h)$、
# 词表大小 $|V|$ 和常数 $k$，返回 $P_{\text{add-}k}(w \mid h)$。

# %%
def add_k_prob(count_hw, count_h, vocab_size, k):
    raise NotImplementedError


ADD_K_CASES = [
    Case((3, 10, 5, 1.0), 4 / 15),
    Case((0, 0, 4, 0.5), 0.25),
    Case((0, 100, 65, 0.01), 0.01 / 100.65),
    Case((7, 7, 3, 1.0), 0.8),
]
ADD_K_HINT = {"en": "Add k to the n-gram count, and k times the vocabulary size to the context count.",
              "zh": "分子是 n 元组计数加 k，分母是上下文计数加上 k 乘以词表大小。"}
oi.exercises.check("add_k_prob", add_k_prob, ADD_K_CASES, hint=ADD_K_HINT);

# %% solution
def add_k_prob(count_hw, count_h, vocab_size, k):
    return (count_hw + k) / (count_h + k * vocab_size)


oi.exercises.check("add_k_prob", add_k_prob, ADD_K_CASES, hint=ADD_K_HINT);

# %% [markdown] en
# ### Exercise 4: how sparse is it?
#
# Write `unseen_rate(train_tokens, test_tokens, n)`: the share of the n-grams in `test_tokens` (counting repeats) that
# never occur in `train_tokens`. No padding. Then check it against the sparsity plot of section 5.
# %% [markdown] zh
# ### 练习 4：有多稀疏？
#
# 编写 `unseen_rate(train_tokens, test_tokens, n)`：`test_tokens` 的 n 元组（重复出现的分别计数）中，
# 从未在 `train_tokens` 中出现过的比例。不做补齐。写好后，再与第 5 节的稀疏性图对照一下。

# %%
def unseen_rate(train_tokens, test_tokens, n):
    raise NotImplementedError


UNSEEN_CASES = [
    Case(("abcabc", "abd", 2), 0.5),
    Case(("abcabc", "abcab", 3), 0.0),
    Case(("aaaa", "abab", 1), 0.5),
    Case((["to", "be", "or"], ["to", "be", "to", "be"], 2), 1 / 3),
]
UNSEEN_HINT = {"en": "Build the set of training n-grams with zip(*(tokens[i:] for i in range(n))), "
                     "then count how many test n-grams are not in it.",
               "zh": "用 zip(*(tokens[i:] for i in range(n))) 得到训练集 n 元组的集合，再数测试集里有多少 n 元组不在其中。"}
oi.exercises.check("unseen_rate", unseen_rate, UNSEEN_CASES, hint=UNSEEN_HINT);

# %% solution
def unseen_rate(train_tokens, test_tokens, n):
    seen = set(zip(*(train_tokens[i:] for i in range(n))))
    test = list(zip(*(test_tokens[i:] for i in range(n))))
    return sum(gram not in seen for gram in test) / len(test)


oi.exercises.check("unseen_rate", unseen_rate, UNSEEN_CASES, hint=UNSEEN_HINT);
print({"en": f"unseen 3-grams in the validation text: {unseen_rate(train_text, val_text, 3):.1%} "
             f"(section 5: {unseen_share[2]:.1%})",
       "zh": f"验证文本中未见过的三元组：{unseen_rate(train_text, val_text, 3):.1%}"
             f"（第 5 节：{unseen_share[2]:.1%}）"}[LANG])

# %%
print({"en": f"notebook ran in {time.perf_counter() - notebook_start:.0f} s",
       "zh": f"本笔记本运行用时 {time.perf_counter() - notebook_start:.0f} 秒"}[LANG])
