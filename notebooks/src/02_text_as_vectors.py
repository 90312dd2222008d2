# %% [markdown] en
# # 02 · Text as vectors
#
# Chapter 1 turned text into token ids. An id is only a name, though: id 7 is no closer to id 8 than to id 900. To compare texts, search them or feed them to a model, we represent them as **vectors**, lists of numbers where nearby vectors mean similar texts. This chapter builds the classic representations, in English and in Chinese:
#
# 1. **One-hot** vectors, **bag of words** and **TF-IDF**, first by hand, then with scikit-learn, checked to give the same matrix.
# 2. **Cosine similarity**, and a small **search engine** over real customer queries and hotel reviews.
# 3. **Word embeddings** with word2vec (skip-gram and CBOW) trained on an English and a Chinese corpus, with nearest neighbours, the standard analogy and word-similarity benchmarks, and a 2-D map of the vectors.
#
# Four auto-checked exercises close the chapter. All cells together run in about a minute on two CPU cores.
# %% [markdown] zh
# # 02 · 文本的向量表示
#
# 第 1 章把文本变成了词元 id。但 id 只是一个名字：7 号和 8 号并不比 7 号和 900 号更接近。要比较文本、检索文本或者把文本交给模型，我们需要把它们表示成**向量**，即一串数字，相近的向量代表相似的文本。本章用中英文两种语言构建几种经典的表示方法：
#
# 1. **独热编码**、**词袋**和 **TF-IDF**：先手工实现，再用 scikit-learn 实现，并检验两者得到的矩阵相同。
# 2. **余弦相似度**，以及一个在真实客服问句和酒店评论上运行的小型**搜索引擎**。
# 3. 用 word2vec（跳元模型 skip-gram 和连续词袋模型 CBOW）在一个英文语料和一个中文语料上训练**词嵌入**，查看近邻词，用标准的类比和词语相似度测试集评估，并把向量画成二维图。
#
# 本章最后有四道自动检查的练习。在两个 CPU 核心上运行全部单元格大约需要一分钟。
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
# `pick(en, zh)` chooses this edition's label or corpus, so both editions share their code. gensim reports its progress through Python's `logging`; we keep only its errors.
# %% [markdown] zh
# ## 准备工作
#
# `pick(en, zh)` 按当前版本选择标签或语料，这样两个版本共用同一份代码。gensim 通过 Python 的 `logging` 报告训练进度，我们只保留它的错误信息。
# %%
import logging
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import oi_helpers as oi
from oi_helpers import data, text

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
text.load_jieba()
logging.getLogger("gensim").setLevel(logging.ERROR)


def pick(en, zh):
    """Return the English or the Chinese version of a label or object, for this edition."""
    return zh if LANG == "zh" else en


def analyzer(document):
    """Split a document into the tokens we count: lower-cased English words, or jieba words for Chinese."""
    return text.tokenize(document, pick("en", "zh"), lowercase=True)
# %% [markdown] en
# ## 1. One-hot vectors
#
# The simplest vector for a token with id $i$ in a vocabulary of size $V$ is the **one-hot** vector $e_i \in \{0, 1\}^V$: all zeros except a 1 at position $i$. Our documents are five short texts: customer queries from BANKING77 in the English edition, hotel reviews from ChnSentiCorp in the Chinese edition. Two are about one topic, two about another, and one about a third.
# %% [markdown] zh
# ## 1. 独热编码
#
# 对于词表大小为 $V$、id 为 $i$ 的词元，最简单的向量是**独热**向量 $e_i \in \{0, 1\}^V$：除了第 $i$ 个位置是 1，其余全是 0。我们的文档是五段短文本：英文版用 BANKING77 的客服问句，中文版用 ChnSentiCorp 的酒店评论。其中两段谈一个话题，两段谈另一个话题，还有一段谈第三个话题。
# %%
banking = data.load_banking77()
reviews = data.load_chnsenticorp()


def first_texts(texts, accept, count):
    return [t for t in texts if accept(t)][:count]


english_docs = (first_texts([r["text"] for r in banking if r["label"] == "card_arrival"], lambda t: True, 2)
                + first_texts([r["text"] for r in banking if r["label"] == "exchange_rate"], lambda t: True, 2)
                + first_texts([r["text"] for r in banking if r["label"] == "lost_or_stolen_card"], lambda t: "wallet" in t, 1))
short_reviews = [r["text"] for r in reviews if 12 <= len(r["text"]) <= 40]
chinese_docs = (first_texts(short_reviews, lambda t: "早餐" in t, 2) + first_texts(short_reviews, lambda t: "交通" in t, 2)
                + first_texts(short_reviews, lambda t: "隔音" in t, 1))
docs = pick(english_docs, chinese_docs)
tokenized = [analyzer(d) for d in docs]
vocabulary = sorted({token for tokens in tokenized for token in tokens})
index = {token: i for i, token in enumerate(vocabulary)}
for i, d in enumerate(docs):
    print(f"d{i}: {d}")
print(f"V = {len(vocabulary)}")
# %% [markdown] en
# The one-hot vectors of the first document's tokens form a matrix with one row per token and $V$ columns. Every pair of different tokens is equally far apart: the dot product of two different one-hot vectors is 0, so one-hot vectors carry no notion of similarity. They are also long: a real vocabulary has tens of thousands of columns.
# %% [markdown] zh
# 第一篇文档各词元的独热向量组成一个矩阵：每个词元一行，共 $V$ 列。任意两个不同词元之间的距离都一样：两个不同独热向量的点积为 0，所以独热向量完全不包含相似性的信息。而且它们很长：真实的词表有几万列。
# %%
one_hot = np.zeros((len(tokenized[0]), len(vocabulary)), dtype=int)
for row, token in enumerate(tokenized[0]):
    one_hot[row, index[token]] = 1
print(one_hot.shape)
pd.DataFrame(one_hot, index=tokenized[0], columns=vocabulary).loc[:, lambda frame: frame.sum() > 0]
# %% [markdown] en
# ## 2. Bag of words and TF-IDF
#
# ### By hand
#
# A **bag of words** adds up the one-hot vectors of a document: entry $\mathrm{tf}(t, d)$ counts how often token $t$ occurs in document $d$, and the order of the words is lost. Frequent words such as "the", "my", 的 and 很 dominate those counts while saying little about the topic. **TF-IDF** scales each count by the *inverse document frequency*, which is large for tokens found in few documents. We use scikit-learn's default, the smoothed version, and then scale every row to length 1:
#
# $$\mathrm{idf}(t) = \ln\frac{1 + n}{1 + \mathrm{df}(t)} + 1, \qquad \mathrm{tfidf}(t, d) = \mathrm{tf}(t, d)\,\mathrm{idf}(t), \qquad x_d = \frac{\mathrm{tfidf}(\cdot, d)}{\lVert \mathrm{tfidf}(\cdot, d) \rVert_2},$$
#
# where $n$ is the number of documents and $\mathrm{df}(t)$ the number of documents that contain $t$. The "+1"s keep the logarithm finite and give a token found in every document a weight of 1 rather than 0.
# %% [markdown] zh
# ## 2. 词袋与 TF-IDF
#
# ### 手工实现
#
# **词袋**把一篇文档中所有词元的独热向量加起来：$\mathrm{tf}(t, d)$ 是词元 $t$ 在文档 $d$ 中出现的次数，词的顺序就此丢失。“the”、“my”、“的”、“很”这类高频词在计数中占主导，却几乎不说明话题。**TF-IDF** 用**逆文档频率**给每个计数加权：只在少数文档中出现的词元权重大。我们采用 scikit-learn 的默认做法，即平滑版本，最后再把每一行缩放到长度为 1：
#
# $$\mathrm{idf}(t) = \ln\frac{1 + n}{1 + \mathrm{df}(t)} + 1, \qquad \mathrm{tfidf}(t, d) = \mathrm{tf}(t, d)\,\mathrm{idf}(t), \qquad x_d = \frac{\mathrm{tfidf}(\cdot, d)}{\lVert \mathrm{tfidf}(\cdot, d) \rVert_2},$$
#
# 其中 $n$ 是文档数，$\mathrm{df}(t)$ 是包含 $t$ 的文档数。公式里的“+1”让对数始终有限，并让出现在所有文档中的词元权重为 1 而不是 0。
# %%
counts = np.zeros((len(docs), len(vocabulary)))
for row, tokens in enumerate(tokenized):
    for token in tokens:
        counts[row, index[token]] += 1
n = len(docs)
document_frequency = (counts > 0).sum(axis=0)
idf = np.log((1 + n) / (1 + document_frequency)) + 1
tfidf = counts * idf
tfidf /= np.linalg.norm(tfidf, axis=1, keepdims=True)
weights = pd.DataFrame({"df": document_frequency, "idf": idf.round(3)}, index=vocabulary).sort_values("idf")
weights.T
# %% [markdown] en
# ### With scikit-learn, and a test
#
# scikit-learn's `CountVectorizer` and `TfidfVectorizer` do the same. We give them our tokenizer as the `analyzer`, so both see exactly the same tokens, and then **test** that the matrices agree to floating-point precision. scikit-learn returns *sparse* matrices, which store only the non-zero entries: a real bag-of-words matrix is almost all zeros.
# %% [markdown] zh
# ### 用 scikit-learn 实现，并加以检验
#
# scikit-learn 的 `CountVectorizer` 和 `TfidfVectorizer` 做的是同样的事。我们把自己的分词函数作为 `analyzer` 传给它们，保证两边看到的词元完全相同，然后**检验**两个矩阵在浮点精度内一致。scikit-learn 返回**稀疏**矩阵，只存储非零元素：真实的词袋矩阵几乎全是 0。
# %%
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

count_vectorizer = CountVectorizer(analyzer=analyzer)
sklearn_counts = count_vectorizer.fit_transform(docs)
tfidf_vectorizer = TfidfVectorizer(analyzer=analyzer)
sklearn_tfidf = tfidf_vectorizer.fit_transform(docs)

assert list(count_vectorizer.get_feature_names_out()) == vocabulary
np.testing.assert_array_equal(sklearn_counts.toarray(), counts)
np.testing.assert_allclose(sklearn_tfidf.toarray(), tfidf, rtol=1e-12, atol=1e-12)
print(pick("By hand and scikit-learn agree:", "手工实现与 scikit-learn 一致："), type(sklearn_tfidf).__name__, sklearn_tfidf.shape,
      f"{sklearn_tfidf.nnz} {pick('non-zero entries', '个非零元素')}")
# %% [markdown] en
# ## 3. Cosine similarity
#
# Two documents are similar when their vectors point the same way, whatever their lengths. The **cosine similarity** is the cosine of the angle between them:
#
# $$\cos(u, v) = \frac{u \cdot v}{\lVert u \rVert_2 \, \lVert v \rVert_2} \in [-1, 1].$$
#
# Our TF-IDF rows already have length 1, so their cosine is just their dot product, and the whole similarity matrix is $X X^\top$. Count vectors have no negative entries, so their cosines lie between 0 (no shared token) and 1 (the same proportions).
# %% [markdown] zh
# ## 3. 余弦相似度
#
# 两个向量方向相同，就说明两篇文档相似，与向量长短无关。**余弦相似度**就是两向量夹角的余弦：
#
# $$\cos(u, v) = \frac{u \cdot v}{\lVert u \rVert_2 \, \lVert v \rVert_2} \in [-1, 1].$$
#
# 我们的 TF-IDF 行向量长度已经是 1，所以余弦相似度就是点积，整个相似度矩阵就是 $X X^\top$。计数向量没有负数元素，因此余弦相似度介于 0（没有共同词元）和 1（各词元比例完全相同）之间。
# %%
from sklearn.metrics.pairwise import cosine_similarity

similarity = tfidf @ tfidf.T
np.testing.assert_allclose(similarity, cosine_similarity(sklearn_tfidf), atol=1e-12)
labels = [f"d{i}" for i in range(len(docs))]
fig, ax = plt.subplots(figsize=(4.6, 3.8))
image = ax.imshow(similarity, vmin=0, vmax=1, cmap="Blues")
ax.set_xticks(range(len(docs)), labels)
ax.set_yticks(range(len(docs)), labels)
for i in range(len(docs)):
    for j in range(len(docs)):
        ax.text(j, i, f"{similarity[i, j]:.2f}", ha="center", va="center", color="white" if similarity[i, j] > 0.6 else "black")
ax.set_title(pick("Cosine similarity of TF-IDF vectors", "TF-IDF 向量的余弦相似度"))
fig.colorbar(image)
plt.show()
# %% [markdown] en
# d0 and d1, two customers waiting for their card, share "still" and "card" and form the most similar pair. d2 and d3 ask nearly the same question, but apart from "my", "money" and the question mark they use different words ("worth in other countries", "equal value when I travel abroad"), so they score no higher than unrelated pairs. Similarity here only means *shared tokens*: two texts that say the same thing in different words score close to 0. Word embeddings, in section 5, address exactly that.
#
# ## 4. A small search engine
#
# A search engine ranks documents by their cosine similarity to a query. We index two real collections, in both editions:
#
# - the 10,003 training queries of BANKING77, each labelled with one of 77 intents;
# - the 7,765 ChnSentiCorp hotel reviews, segmented with jieba, each labelled positive (1) or negative (0).
#
# The index is the TF-IDF matrix: fitted once, then one sparse matrix product per query. Segmenting the Chinese reviews takes a few seconds.
# %% [markdown] zh
# d2 和 d3 都夸交通便利，共有“交通”“便利”，得分较高。d0 和 d1 都谈早餐，得分却很低：d1 用的是半角标点，和 d0 共有的词只有“服务”和“早餐”。得分最高的反而是 d0 和 d3，因为两者都说服务“很热情”。可见这里的相似只意味着**有相同的词元**：意思相同但措辞不同的两段话，得分接近 0。第 5 节的词嵌入正是为解决这个问题而来。
#
# ## 4. 小型搜索引擎
#
# 搜索引擎按文档与查询的余弦相似度给文档排序。两个版本都为两份真实语料建立索引：
#
# - BANKING77 的 10,003 条训练问句，每条标注了 77 种意图之一；
# - ChnSentiCorp 的 7,765 条酒店评论，用 jieba 分词，每条标注为正面（1）或负面（0）。
#
# 索引就是 TF-IDF 矩阵：只需拟合一次，之后每个查询只做一次稀疏矩阵乘法。给中文评论分词需要几秒钟。
# %%
class SearchEngine:
    """TF-IDF search: ``search`` returns the k documents most similar to a query, with their cosine similarity."""

    def __init__(self, documents, labels, tokenize):
        self.documents, self.labels = documents, labels
        self.vectorizer = TfidfVectorizer(analyzer=tokenize, sublinear_tf=True)
        self.matrix = self.vectorizer.fit_transform(documents)  # (documents, vocabulary), rows of length 1

    def search(self, query, k=3):
        scores = (self.matrix @ self.vectorizer.transform([query]).T).toarray().ravel()
        best = np.argsort(-scores, kind="stable")[:k]
        return [(round(float(scores[i]), 3), self.labels[i], self.documents[i]) for i in best]


start = time.perf_counter()
chinese_tokens = [text.tokenize(r["text"], "zh") for r in reviews]
segmented = dict(zip((r["text"] for r in reviews), chinese_tokens))
english_engine = SearchEngine([r["text"] for r in banking], [r["label"] for r in banking],
                              lambda d: text.tokenize(d, "en", lowercase=True))
chinese_engine = SearchEngine([r["text"] for r in reviews], [r["label"] for r in reviews],
                              lambda d: segmented[d] if d in segmented else text.tokenize(d, "zh"))
print(english_engine.matrix.shape, chinese_engine.matrix.shape, f"{time.perf_counter() - start:.1f} s")
# %%
for engine, queries in [(english_engine, ["my card still has not arrived", "can I top up with apple pay"]),
                        (chinese_engine, ["早餐很丰富", "隔音效果太差"])]:
    for query in queries:
        print(f"🔎 {query}")
        for score, label, document in engine.search(query):
            print(f"   {score:.3f}  [{label}]  {document[:70]}")
# %% [markdown] en
# How good is this search? A simple test: for each held-out text, find the most similar indexed text and check whether its label matches. For BANKING77 that is the official test set (3,080 queries, 77 intents: guessing gives 1.3%). For the reviews, we shuffle them, hold out 10% and index the rest (guessing "positive" every time already gives the share of positive reviews, about two thirds).
# %% [markdown] zh
# 这个搜索效果如何？一个简单的检验：对每条留出的文本，找出索引里与它最相似的文本，看两者的标签是否相同。BANKING77 用官方测试集（3,080 条问句，77 种意图，随机猜测的正确率是 1.3%）；酒店评论则先打乱顺序，留出 10%，用其余部分建索引（每次都猜“正面”，正确率就已经等于正面评论的比例，约为三分之二）。
# %% headline
def nearest_label_accuracy(engine, queries, labels, batch_size=512):
    """Share of queries whose most similar indexed document has the same label."""
    correct = 0
    for start in range(0, len(queries), batch_size):
        query_matrix = engine.vectorizer.transform(queries[start:start + batch_size])
        best = (query_matrix @ engine.matrix.T).toarray().argmax(axis=1)
        correct += sum(engine.labels[i] == label for i, label in zip(best, labels[start:start + batch_size]))
    return correct / len(queries)


banking_test = data.load_banking77("test")
# The file lists all positive reviews first, so shuffle (seeded) before holding out 10%.
shuffled_reviews = [reviews[i] for i in np.random.default_rng(1337).permutation(len(reviews))]
train_reviews, held_out_reviews = data.train_val_split(shuffled_reviews, 0.9)
review_engine = SearchEngine([r["text"] for r in train_reviews], [r["label"] for r in train_reviews], lambda d: segmented[d])
results = {
    "BANKING77": (nearest_label_accuracy(english_engine, [r["text"] for r in banking_test], [r["label"] for r in banking_test]),
                  1 / 77),
    "ChnSentiCorp": (nearest_label_accuracy(review_engine, [r["text"] for r in held_out_reviews], [r["label"] for r in held_out_reviews]),
                     np.mean([r["label"] == 1 for r in held_out_reviews])),
}
for name in pick(["ChnSentiCorp", "BANKING77"], ["BANKING77", "ChnSentiCorp"]):  # this edition's corpus prints last
    accuracy, baseline = results[name]
    print(f"{name:<13} {pick('nearest-neighbour accuracy', '最近邻准确率')} {accuracy:.1%}   ({pick('baseline', '基线')} {baseline:.1%})")
# %% [markdown] en
# Matching words works well for intents, because people ask about the same thing with the same key words ("apple pay", "top up"). The search results above also show its limits. "my card still has not arrived" first finds *transfers* that have not arrived, because "has not arrived" outweighs "card". For sentiment, nearest neighbours beat always guessing "positive" by only a few points: two reviews can share "房间" and "早餐" and still disagree, and one "不" reverses a sentence whose other words are all positive. The labels are noisy too: "服务太差" repeated five times is labelled positive in the data.
#
# ## 5. Word embeddings with word2vec
#
# ### The idea
#
# "You shall know a word by the company it keeps." Words that appear in similar contexts get similar vectors. **word2vec** learns a dense vector $v_w \in \mathbb{R}^d$ (here $d = 64$) for each word by making it good at predicting its neighbours within a window of $\pm 5$ words:
#
# - **skip-gram** predicts each context word $c$ from the centre word $w$;
# - **CBOW** (continuous bag of words) predicts the centre word from the average of its context vectors. It is faster, and it smooths over rare words.
#
# Computing a softmax over the whole vocabulary for each prediction would be slow, so word2vec uses **negative sampling**. It only learns to tell the true context word apart from $k$ random "negative" words $n_1, \dots, n_k$, drawn with probability proportional to frequency$^{3/4}$. For skip-gram the loss of one (word, context) pair is
#
# $$\mathcal{L} = -\log \sigma(u_c^\top v_w) - \sum_{i=1}^{k} \log \sigma(-u_{n_i}^\top v_w),$$
#
# where $\sigma$ is the sigmoid and $u$ are a second set of "output" vectors. Very frequent words are also randomly dropped from the training text (*subsampling*), so that "the" and 的 do not take most of the training time.
#
# ### Two corpora
#
# - **English**: the 29,155 English sentences of the Tatoeba English–Chinese pairs: short everyday sentences (180 thousand words) about family, food, time and travel;
# - **Chinese**: the ChnSentiCorp hotel reviews we segmented above (half a million words).
#
# We drop punctuation tokens and keep words seen at least 3 times. Each model passes over about 1.5 to 2 million words in total: 10 epochs of the small English corpus, 3 of the larger Chinese one. Training is seeded and uses a single worker thread, so the printed results are the same on every run; section 5.5 shows why that matters.
# %% [markdown] zh
# 按词匹配能很好地找出意图，因为人们问同一件事时用的关键词相同（“apple pay”、“top up”）。上面的检索结果也暴露了它的局限。“my card still has not arrived”排在最前面的是没有到账的**转账**，因为“has not arrived”的分量盖过了“card”。对于情感，最近邻只比“总是猜正面”高几个百分点：两条评论都提到“房间”和“早餐”，观点却可能相反；一个“不”字就能让一句其余用词全是褒义的话意思相反。标签本身也有噪声：把“服务太差”重复五遍的评论，在数据里被标成了正面。
#
# ## 5. 用 word2vec 训练词嵌入
#
# ### 基本思想
#
# “观其伴，知其义。”出现在相似上下文中的词会得到相似的向量。**word2vec** 为每个词学习一个稠密向量 $v_w \in \mathbb{R}^d$（这里 $d = 64$），方法是让它善于预测前后 5 个词以内的邻居：
#
# - **跳元模型**（skip-gram）用中心词 $w$ 预测每个上下文词 $c$；
# - **连续词袋模型**（CBOW）用上下文向量的平均值预测中心词。它更快，而且对罕见词起到平滑作用。
#
# 每次预测都在整个词表上算 softmax 太慢，所以 word2vec 采用**负采样**：只需把真正的上下文词与 $k$ 个随机抽取的“负样本”词 $n_1, \dots, n_k$ 区分开，负样本按词频的 $3/4$ 次方成比例抽取。对于跳元模型，一个（中心词，上下文词）对的损失为
#
# $$\mathcal{L} = -\log \sigma(u_c^\top v_w) - \sum_{i=1}^{k} \log \sigma(-u_{n_i}^\top v_w),$$
#
# 其中 $\sigma$ 是 sigmoid 函数，$u$ 是另一套“输出”向量。此外，高频词会被随机地从训练文本中删掉一部分（**下采样**），免得“the”和“的”占去大部分训练时间。
#
# ### 两个语料
#
# - **英文**：Tatoeba 英汉句对中的 29,155 个英文句子，都是关于家庭、饮食、时间、出行的日常短句（共 18 万词）；
# - **中文**：上面已经分好词的 ChnSentiCorp 酒店评论（约 50 万词）。
#
# 我们去掉标点词元，只保留至少出现 3 次的词。每个模型总共处理 150 万到 200 万个词：小的英文语料训练 10 轮，较大的中文语料训练 3 轮。训练设定了随机种子并只用一个工作线程，所以每次运行打印的结果都一样；第 5.5 节说明这为什么重要。
# %%
from gensim.models import Word2Vec


def words_only(tokens):
    return [token for token in tokens if any(char.isalnum() for char in token)]


english_sentences = [words_only(text.tokenize(pair["en"], "en", lowercase=True)) for pair in data.load_cmn_eng()]
chinese_sentences = [words_only(tokens) for tokens in chinese_tokens]
corpora = {"en": (english_sentences, 10), "zh": (chinese_sentences, 3)}
w2v = {}
for language, (sentences, epochs) in corpora.items():
    for name, sg in [("skip-gram", 1), ("CBOW", 0)]:
        start = time.perf_counter()
        w2v[language, name] = Word2Vec(sentences, vector_size=64, window=5, min_count=3, sg=sg, negative=5,
                                      epochs=epochs, seed=1337, workers=1)
        print(f"{language} {name:<9} {sum(map(len, sentences)):>7,} {pick('words', '个词')} × {epochs} {pick('epochs', '轮')}, "
              f"{len(w2v[language, name].wv):,} {pick('word vectors', '个词向量')}, {time.perf_counter() - start:.1f} s")
# %% [markdown] en
# ### 5.1 Nearest neighbours
#
# The nearest neighbours of a word by cosine similarity show what the model learned. Look for synonyms, antonyms (which share contexts: "good" and "bad" both follow "very"), and members of the same category.
# %% [markdown] zh
# ### 5.1 近邻词
#
# 按余弦相似度找出一个词的近邻，就能看出模型学到了什么。注意其中的同义词、反义词（它们的上下文相同：“好”和“差”前面都可以加“很”），以及同一类别的成员。
# %%
probes = {"en": ["good", "father", "monday", "eat", "dog"], "zh": ["早餐", "干净", "便宜", "服务", "北京"]}
rows = []
for language in pick(["en", "zh"], ["zh", "en"]):
    for word in probes[language]:
        row = {pick("word", "词"): word}
        for name in ["skip-gram", "CBOW"]:
            row[name] = ", ".join(neighbour for neighbour, _ in w2v[language, name].wv.most_similar(word, topn=5))
        rows.append(row)
pd.DataFrame(rows)
# %% [markdown] en
# ### 5.2 Analogies
#
# Differences between vectors can encode relations: if "king" − "man" + "woman" lands near "queen", the vector from "man" to "woman" stands for "female". gensim ships the standard test set, `questions-words.txt`: 19,544 questions "a is to b as c is to ?" in 14 sections (capitals, family, plurals, past tenses and more). A question counts as correct when the nearest word to $v_b - v_a + v_c$, excluding $a$, $b$ and $c$, is the expected one. Questions with a word outside the vocabulary are skipped, so we report how many were asked. There is no such standard set for Chinese in gensim, so this test is English only.
# %% [markdown] zh
# ### 5.2 类比
#
# 向量之差可以表示某种关系：如果“king”−“man”+“woman”落在“queen”附近，那么从“man”指向“woman”的向量就代表“女性”。gensim 自带标准测试集 `questions-words.txt`：19,544 道“a 之于 b，如同 c 之于 ?”的题目，分为 14 个部分（首都、亲属、复数、过去式等）。如果离 $v_b - v_a + v_c$ 最近的词（不含 $a$、$b$、$c$）正是答案，这道题就算答对。含有词表外单词的题目会被跳过，所以我们同时报告实际做了多少题。gensim 没有类似的中文标准测试集，因此这项测试只针对英文。
# %%
from gensim.test.utils import datapath

for name in ["skip-gram", "CBOW"]:
    vectors = w2v["en", name].wv
    accuracy, sections = vectors.evaluate_word_analogies(datapath("questions-words.txt"))
    total = sections[-1]
    asked = len(total["correct"]) + len(total["incorrect"])
    best_sections = sorted(sections[:-1], key=lambda s: -len(s["correct"]))[:3]
    print(f"{name:<9}: {pick('accuracy', '准确率')} {accuracy:.1%}, {pick('questions asked', '可做的题')} {asked:,} / 19,544; "
          + ", ".join(f"{s['section']} {len(s['correct'])}/{len(s['correct']) + len(s['incorrect'])}" for s in best_sections))
for a, b, c in [("boy", "brother", "girl"), ("he", "his", "she"), ("go", "went", "see"), ("big", "bigger", "small")]:
    answers = w2v["en", "skip-gram"].wv.most_similar(positive=[b, c], negative=[a], topn=3)
    print(f"{a} : {b} = {c} : ?  ->", ", ".join(f"{word} ({score:.2f})" for word, score in answers))
# %% [markdown] en
# ### 5.3 Word similarity
#
# `wordsim353.tsv` holds 353 word pairs with a similarity score given by human judges (for example "tiger–cat" 7.35, "stock–jaguar" 0.92). We compute the cosine similarity of each pair and the **Spearman rank correlation** with the human scores: 1 means the model orders the pairs exactly as people do, 0 means no relation. Pairs with a word outside the vocabulary are skipped.
# %% [markdown] zh
# ### 5.3 词语相似度
#
# `wordsim353.tsv` 含有 353 个词对，每对都有人工给出的相似度分数（例如 tiger–cat 为 7.35，stock–jaguar 为 0.92）。我们计算每对词的余弦相似度，再计算它与人工分数之间的**斯皮尔曼等级相关系数**：1 表示模型给词对排出的顺序与人完全一致，0 表示毫无关系。含有词表外单词的词对会被跳过。
# %%
for name in ["skip-gram", "CBOW"]:
    pearson, spearman, oov_percent = w2v["en", name].wv.evaluate_word_pairs(datapath("wordsim353.tsv"))
    print(f"{name:<9}: {pick('Spearman', '斯皮尔曼相关系数')} {spearman.statistic:.3f} (p = {spearman.pvalue:.1g}), "
          f"{pick('pairs skipped', '跳过的词对')} {oov_percent:.0f}%")
# %% [markdown] en
# These scores are modest because the corpora are tiny: word2vec vectors trained on billions of words answer most analogy questions and correlate far better with human judgements. Still, even 180 thousand words of simple sentences place family words, days and opposites together. Skip-gram makes one prediction per context word, so each word, rare ones included, gets more updates than with CBOW; that tends to help on small corpora like this one, and CBOW trains faster.
#
# ### 5.4 A map of the vectors
#
# To look at 64-dimensional vectors we project them onto the plane with **principal component analysis** (PCA): the two directions along which the chosen words' vectors vary most. Distances in the picture are only approximate, since two dimensions cannot keep all 64.
# %% [markdown] zh
# 这些分数并不高，因为语料太小：在数十亿词上训练的 word2vec 向量能答对大多数类比题，与人工判断的相关性也高得多。尽管如此，仅仅 18 万词的简单句子，也已经让亲属称谓、星期和反义词各自聚在了一起。跳元模型对每个上下文词都做一次预测，所以每个词（包括罕见词）得到的更新比 CBOW 多；在这样的小语料上这往往有帮助，而 CBOW 训练得更快。
#
# ### 5.4 向量地图
#
# 为了看清 64 维的向量，我们用**主成分分析**（PCA）把它们投影到平面上：取所选词向量变化最大的两个方向。图中的距离只是近似的，因为两个维度无法保留 64 维中的全部信息。
# %%
from sklearn.decomposition import PCA

groups = {
    "en": {pick("family", "亲属"): ["father", "mother", "brother", "sister", "son", "daughter", "uncle", "aunt"],
           pick("days", "星期"): ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
           pick("food and drink", "饮食"): ["bread", "cheese", "rice", "apple", "coffee", "tea", "milk", "beer"],
           pick("verbs", "动词"): ["run", "walk", "swim", "sing", "dance", "read", "write"]},
    "zh": {pick("meals", "餐饮"): ["早餐", "早饭", "晚餐", "自助餐", "咖啡", "水果"],
           pick("room", "客房"): ["房间", "床", "卫生间", "浴室", "空调", "窗户", "电视"],
           pick("cities", "城市"): ["北京", "上海", "杭州", "深圳", "南京", "广州", "西安"],
           pick("opinions", "评价"): ["干净", "整洁", "舒适", "不错", "差", "糟糕", "失望"]},
}
# Label offsets in points, tried in this order: right, left, above, below, then the diagonals, further out.
LABEL_OFFSETS = [(4, -4), (-4, -4), (0, 6), (0, -14), (5, 5), (-5, 5), (5, -14), (-5, -14),
                 (10, -4), (-10, -4), (0, 14), (0, -22)]


def label_points(ax, xy, labels, renderer):
    """Annotate each point with its label, moving a label to the first offset where it overlaps no earlier label."""
    placed = []
    for (x, y), label in zip(xy, labels):
        best = None
        for dx, dy in LABEL_OFFSETS:
            note = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=10,
                               ha="left" if dx >= 0 else "right")
            box = note.get_window_extent(renderer)
            overlap = sum(box.overlaps(other) for other in placed)
            if best is None or overlap < best[0]:
                if best is not None:
                    best[1].remove()
                best = (overlap, note, box)
            else:
                note.remove()
            if overlap == 0:
                break
        placed.append(best[2])


fig, axes = plt.subplots(1, 2, figsize=(12, 5))
labelled = []
for ax, language in zip(axes, pick(["en", "zh"], ["zh", "en"])):
    vectors = w2v[language, "skip-gram"].wv
    chosen = {group: [w for w in words if w in vectors] for group, words in groups[language].items()}
    words = [w for ws in chosen.values() for w in ws]
    points = PCA(n_components=2, random_state=0).fit_transform(vectors.get_normed_vectors()[[vectors.key_to_index[w] for w in words]])
    offset = 0
    for group, ws in chosen.items():
        xy = points[offset:offset + len(ws)]
        ax.scatter(xy[:, 0], xy[:, 1], label=group, s=25)
        offset += len(ws)
    labelled.append((ax, points, words))
    ax.set_title(pick("English skip-gram vectors, PCA", "英文跳元模型向量（PCA）") if language == "en"
                 else pick("Chinese skip-gram vectors, PCA", "中文跳元模型向量（PCA）"))
    ax.legend(loc="best", fontsize=9)
    ax.grid(alpha=0.3)
plt.tight_layout()
# Labels are placed after the layout is final, because their overlaps are measured in pixels on the canvas.
renderer = fig.canvas.get_renderer()
for ax, points, words in labelled:
    label_points(ax, points, words, renderer)
plt.show()
# %% [markdown] en
# ### 5.5 Why two runs give different vectors, and how to stop it
#
# word2vec is random in three places: the initial vectors, the choice of negative words, and which frequent words subsampling drops. Fixing `seed` fixes all three (gensim 4 draws the initial vectors from one generator seeded with it). One source remains. With `workers > 1`, several threads update the same shared vectors without locks, and the order in which the operating system schedules them changes from run to run. So the floating-point sums come out slightly different, and the differences grow during training. gensim's documentation also mentions `PYTHONHASHSEED`, which older versions needed because they seeded each word's vector from Python's string hash. We train a small model twice with one thread and twice with two threads and compare.
# %% [markdown] zh
# ### 5.5 为什么两次训练得到的向量不同，以及如何避免
#
# word2vec 有三处随机性：初始向量、负样本的选择，以及下采样时丢掉哪些高频词。固定 `seed` 就固定了这三处（gensim 4 从一个用它设定种子的随机数生成器中抽取初始向量）。还剩一个来源：`workers > 1` 时，多个线程不加锁地更新同一组共享向量，而操作系统调度线程的顺序每次都不同，于是浮点数求和的结果略有差异，这些差异在训练中不断放大。gensim 的文档还提到了 `PYTHONHASHSEED`：旧版本用 Python 的字符串哈希值为每个词的向量设定种子，所以需要它。下面用一个线程和两个线程各训练两次小模型，比较结果。
# %%
def train_small(workers):
    return Word2Vec(english_sentences, vector_size=32, window=5, min_count=3, sg=0, epochs=2, seed=1337, workers=workers).wv


for workers in [1, 2]:
    first, second = train_small(workers), train_small(workers)
    difference = np.abs(first.vectors - second.vectors).max()
    print(f"workers={workers}: {pick('identical', '完全相同')}={np.array_equal(first.vectors, second.vectors)}, "
          f"{pick('largest difference', '最大差值')} {difference:.2e}; 'good' → {[w for w, _ in first.most_similar('good', topn=3)]} / "
          f"{[w for w, _ in second.most_similar('good', topn=3)]}")
# %% [markdown] en
# With one thread the vectors are identical, bit for bit; with two they usually differ, and so can the neighbour lists. That is why this notebook trains with `workers=1`: slower, but every number you read above comes out the same when you run it. When you train for real, use all your cores and judge a model by averages over several runs, not by one lucky neighbour list. (Different CPUs and maths libraries can still round differently, so results may differ slightly between machines.)
#
# ## Summary
#
# - One-hot vectors name tokens but know nothing of similarity; bag of words counts them; TF-IDF down-weights tokens found everywhere. Our hand-written TF-IDF equals scikit-learn's.
# - Cosine similarity compares directions. With TF-IDF it makes a useful search engine, and nearest-neighbour search already classifies BANKING77 intents well, but it only sees shared words.
# - word2vec learns dense vectors from context with skip-gram or CBOW and negative sampling. Neighbours, analogies and word-similarity scores measure them; small corpora give modest scores.
# - Seed the model and use one worker thread when results must be reproducible.
#
# ## Exercises
# %% [markdown] zh
# 一个线程时，两次得到的向量逐位完全相同；两个线程时，它们通常不同，近邻词列表也可能随之改变。所以本笔记本用 `workers=1` 训练：速度慢一些，但上面的每个数字在你运行时都会原样出现。真正训练时，请用上所有 CPU 核心，并根据多次运行的平均结果来评价模型，而不要只看某一次碰巧漂亮的近邻词列表。（不同的 CPU 和数学库的舍入方式可能不同，因此不同机器上的结果仍可能略有差异。）
#
# ## 小结
#
# - 独热向量只给词元命名，不包含任何相似性；词袋统计词元出现的次数；TF-IDF 降低处处出现的词元的权重。我们手写的 TF-IDF 与 scikit-learn 的结果相同。
# - 余弦相似度比较向量的方向。配合 TF-IDF 就能做出有用的搜索引擎，最近邻检索已经能较好地分辨 BANKING77 的意图；但它只能看到相同的词。
# - word2vec 通过跳元模型或 CBOW 加负采样，从上下文中学习稠密向量。可以用近邻词、类比题和词语相似度来评估它；语料小，分数就不高。
# - 需要结果可复现时，请设定随机种子，并只用一个工作线程。
#
# ## 练习
# %% [markdown] en
# ### Exercise 1: cosine similarity
#
# Write `cosine(u, v)` for two 1-D NumPy arrays. If either vector is all zeros the angle is undefined; return 0.0 in that case, as search engines do for an empty query.
# %% [markdown] zh
# ### 练习 1：余弦相似度
#
# 请为两个一维 NumPy 数组编写 `cosine(u, v)`。如果其中一个向量全为 0，夹角没有定义；这时返回 0.0，就像搜索引擎处理空查询时那样。
# %%
from oi_helpers.exercises import Case


def cosine(u, v):
    raise NotImplementedError


COSINE_CASES = [
    Case((np.array([1.0, 0.0]), np.array([0.0, 1.0])), 0.0),
    Case((np.array([1.0, 2.0]), np.array([2.0, 4.0])), 1.0),
    Case((np.array([1.0, 0.0]), np.array([-3.0, 0.0])), -1.0),
    Case((np.array([3.0, 4.0]), np.array([4.0, 3.0])), 0.96),
    Case((np.array([0.0, 0.0]), np.array([1.0, 1.0])), 0.0),
]
COSINE_HINT = {
    "en": "Compute the two norms with np.linalg.norm; if either is 0 return 0.0, otherwise return np.dot(u, v) / (norm_u * norm_v).",
    "zh": "先用 np.linalg.norm 求两个范数；任一为 0 就返回 0.0，否则返回 np.dot(u, v) / (norm_u * norm_v)。",
}
oi.exercises.check({"en": "Exercise 1: cosine similarity", "zh": "练习 1：余弦相似度"}, cosine, COSINE_CASES, hint=COSINE_HINT);
# %% solution
def cosine(u, v):
    norm_u, norm_v = np.linalg.norm(u), np.linalg.norm(v)
    if norm_u == 0 or norm_v == 0:
        return 0.0
    return float(np.dot(u, v) / (norm_u * norm_v))


oi.exercises.check({"en": "Exercise 1: cosine similarity", "zh": "练习 1：余弦相似度"}, cosine, COSINE_CASES, hint=COSINE_HINT);
# %% [markdown] en
# ### Exercise 2: smoothed IDF
#
# Write `smooth_idf(documents)`, where `documents` is a list of token lists. Return a dict mapping each token to $\ln\frac{1 + n}{1 + \mathrm{df}(t)} + 1$, the formula of section 2. A token that occurs twice in one document still counts once in $\mathrm{df}$.
# %% [markdown] zh
# ### 练习 2：平滑 IDF
#
# 请编写 `smooth_idf(documents)`，其中 `documents` 是由词元列表组成的列表。返回一个字典，把每个词元映射到第 2 节的公式 $\ln\frac{1 + n}{1 + \mathrm{df}(t)} + 1$。一个词元在同一篇文档里出现两次，在 $\mathrm{df}$ 中仍只算一次。
# %%
def smooth_idf(documents):
    raise NotImplementedError


IDF_CASES = [
    Case(([["a", "b"], ["a"], ["c", "c"]],), {"a": 1.2876820724517808, "b": 1.6931471805599454, "c": 1.6931471805599454}),
    Case(([["房间", "干净"], ["房间", "房间"]],), {"房间": 1.0, "干净": 1.4054651081081644}),
    Case(([],), {}),
]
IDF_HINT = {
    "en": "Count df with a Counter over set(tokens) of each document, n = len(documents), then apply math.log((1 + n) / (1 + df)) + 1.",
    "zh": "对每篇文档的 set(tokens) 用 Counter 统计 df，n = len(documents)，再套用 math.log((1 + n) / (1 + df)) + 1。",
}
oi.exercises.check({"en": "Exercise 2: smoothed IDF", "zh": "练习 2：平滑 IDF"}, smooth_idf, IDF_CASES, hint=IDF_HINT);
# %% solution
import math
from collections import Counter


def smooth_idf(documents):
    n = len(documents)
    document_frequency = Counter(token for tokens in documents for token in set(tokens))
    return {token: math.log((1 + n) / (1 + df)) + 1 for token, df in document_frequency.items()}


oi.exercises.check({"en": "Exercise 2: smoothed IDF", "zh": "练习 2：平滑 IDF"}, smooth_idf, IDF_CASES, hint=IDF_HINT);
# %% [markdown] en
# ### Exercise 3: top-k search
#
# Write `top_k(query, matrix, k)`: given a query vector and a matrix whose rows are document vectors, return the indices of the `k` rows with the highest cosine similarity to the query, best first. Break ties by the smaller index. (Use your `cosine` from exercise 1, or normalise the rows and take dot products.)
# %% [markdown] zh
# ### 练习 3：top-k 检索
#
# 请编写 `top_k(query, matrix, k)`：给定查询向量和一个每行是一篇文档向量的矩阵，按余弦相似度从高到低返回最相似的 `k` 行的下标；相似度相同时下标小的在前。（可以用练习 1 的 `cosine`，也可以先把各行归一化再求点积。）
# %%
def top_k(query, matrix, k):
    raise NotImplementedError


DOCUMENT_VECTORS = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
TOP_K_CASES = [
    Case((np.array([1.0, 0.0, 0.0]), DOCUMENT_VECTORS, 2), [0, 4]),
    Case((np.array([1.0, 1.0, 0.0]), DOCUMENT_VECTORS, 3), [2, 0, 1]),
    Case((np.array([0.0, 5.0, 0.0]), DOCUMENT_VECTORS, 1), [1]),
    Case((np.array([0.0, 0.0, 1.0]), DOCUMENT_VECTORS, 2), [0, 1]),
]
TOP_K_HINT = {
    "en": "Compute one score per row, then sort the indices by (-score, index), e.g. sorted(range(len(scores)), key=lambda i: (-scores[i], i)), "
          "and keep the first k. An all-zero row or query has cosine 0.",
    "zh": "先为每一行算出一个分数，再按 (-分数, 下标) 排序下标，例如 sorted(range(len(scores)), key=lambda i: (-scores[i], i))，"
          "取前 k 个。全零的行或查询，余弦相似度为 0。",
}
oi.exercises.check({"en": "Exercise 3: top-k search", "zh": "练习 3：top-k 检索"}, top_k, TOP_K_CASES, hint=TOP_K_HINT);
# %% solution
def top_k(query, matrix, k):
    scores = [cosine(query, row) for row in matrix]
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]


oi.exercises.check({"en": "Exercise 3: top-k search", "zh": "练习 3：top-k 检索"}, top_k, TOP_K_CASES, hint=TOP_K_HINT);
# %% [markdown] en
# ### Exercise 4: solving an analogy
#
# Write `analogy(vectors, a, b, c)`: `vectors` maps words to NumPy vectors. Return the word $d$, other than $a$, $b$ and $c$, whose vector has the highest cosine similarity to $v_b - v_a + v_c$, the rule of section 5.2. The cases use tiny 2-D vectors, so you can check them on paper.
# %% [markdown] zh
# ### 练习 4：解类比题
#
# 请编写 `analogy(vectors, a, b, c)`：`vectors` 把词映射到 NumPy 向量。返回除 $a$、$b$、$c$ 以外、与 $v_b - v_a + v_c$ 余弦相似度最高的词 $d$，即第 5.2 节的规则。用例中的向量都是二维的小向量，你可以在纸上验算。
# %%
def analogy(vectors, a, b, c):
    raise NotImplementedError


TOY_VECTORS = {
    "man": np.array([1.0, 0.0]), "woman": np.array([1.0, 1.0]), "king": np.array([3.0, 0.2]),
    "queen": np.array([3.0, 1.3]), "apple": np.array([-1.0, 0.1]), "child": np.array([0.2, 0.5]),
}
ANALOGY_CASES = [
    Case((TOY_VECTORS, "man", "king", "woman"), "queen"),
    Case((TOY_VECTORS, "woman", "queen", "man"), "king"),
    Case((TOY_VECTORS, "king", "man", "queen"), "woman"),
]
ANALOGY_HINT = {
    "en": "Build target = vectors[b] - vectors[a] + vectors[c], skip the three input words, "
          "and keep the word with the largest cosine(vectors[word], target).",
    "zh": "先构造 target = vectors[b] - vectors[a] + vectors[c]，跳过三个输入词，"
          "保留 cosine(vectors[word], target) 最大的词。",
}
oi.exercises.check({"en": "Exercise 4: analogies", "zh": "练习 4：类比"}, analogy, ANALOGY_CASES, hint=ANALOGY_HINT);
# %% solution
def analogy(vectors, a, b, c):
    target = vectors[b] - vectors[a] + vectors[c]
    candidates = [word for word in vectors if word not in (a, b, c)]
    return max(candidates, key=lambda word: cosine(vectors[word], target))


oi.exercises.check({"en": "Exercise 4: analogies", "zh": "练习 4：类比"}, analogy, ANALOGY_CASES, hint=ANALOGY_HINT);
