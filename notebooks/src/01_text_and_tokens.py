# %% [markdown] en
# # 01 · Text and tokens
#
# A model never sees text: it sees numbers. This chapter follows raw text all the way to token ids, in English and in Chinese, on real corpora:
#
# 1. **Reading text correctly**: bytes, encodings, the mojibake you get from the wrong one, and Unicode normalisation.
# 2. **English tokenization** three ways (a regular expression, NLTK, spaCy), sentence splitting, and where the tools disagree.
# 3. **Chinese**: characters versus words, word segmentation with jieba, spaCy's Chinese pipeline, and Traditional versus Simplified characters.
# 4. **Normalising words**: stemming, lemmatization and stop words.
# 5. **Counting**: n-grams, a vocabulary with `<unk>` and `<pad>`, and Zipf's law.
# 6. **Subwords**: byte-pair encoding (BPE), trained from scratch and watched merge by merge.
#
# The chapter ends with four exercises that check your code automatically. All cells together run in about a minute on two CPU cores.
# %% [markdown] zh
# # 01 · 文本与词元
#
# 模型看到的从来不是文字，而是数字。本章用真实语料，把原始文本一步步变成词元 id，中文和英文都会讲到：
#
# 1. **正确读取文本**：字节与编码、用错编码产生的乱码，以及 Unicode 规范化。
# 2. **英文分词**的三种做法（正则表达式、NLTK、spaCy），分句，以及这些工具的分歧。
# 3. **中文**：字与词、用 jieba 做中文分词、spaCy 的中文流水线，以及繁体字与简体字。
# 4. **词的归一化**：词干提取、词形还原与停用词。
# 5. **计数**：n 元语法、带 `<unk>` 和 `<pad>` 的词表，以及齐普夫定律。
# 6. **子词**：从零训练字节对编码（BPE），逐次观察每一步合并。
#
# 本章最后有四道练习，代码写好后会自动检查。在两个 CPU 核心上运行全部单元格大约需要一分钟。
# %%
# On Google Colab only: install the course package and the libraries Colab lacks, keeping Colab's own torch.
import sys
if "google.colab" in sys.modules:
    !pip install -q "oi-helpers @ git+https://github.com/open-interpreter-course/open-interpreter" spacy-lookups-data
# %% edition en
LANG = "en"
# %% edition zh
LANG = "zh"
# %% [markdown] en
# ## Setting up
#
# Besides the course package we load jieba (Chinese word segmentation) through `text.load_jieba()`, which keeps jieba quiet and gives it a cache file of your own. `pick(en, zh)` chooses the label for this edition, so the code cells stay the same in both languages.
# %% [markdown] zh
# ## 准备工作
#
# 除了课程软件包，我们还通过 `text.load_jieba()` 加载中文分词工具 jieba：它让 jieba 不再输出日志，并为它准备一个只属于你的缓存文件。`pick(en, zh)` 按当前版本选择标签，这样中英文两个版本的代码单元格完全相同。
# %%
import io
import locale
import unicodedata
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import oi_helpers as oi
from oi_helpers import data, text

oi.check_version("0.1")
oi.set_language(LANG)
oi.seed(1337)
oi.plot.setup()
jieba = text.load_jieba()


def pick(en, zh):
    """Return the English or the Chinese version of a label, for this edition."""
    return zh if LANG == "zh" else en
# %% [markdown] en
# ## 1. Reading text correctly
#
# ### Bytes and encodings
#
# A file holds bytes, not characters. An *encoding* says which bytes stand for which character: UTF-8 uses one byte for ASCII letters and three for most Chinese characters. Here are the first bytes of the ChnSentiCorp hotel-review file, a CSV with a `label,review` header.
# %% [markdown] zh
# ## 1. 正确读取文本
#
# ### 字节与编码
#
# 文件里存的是字节，不是字符。**编码**规定哪些字节代表哪个字符：UTF-8 用一个字节表示 ASCII 字母，用三个字节表示大多数汉字。下面是 ChnSentiCorp 酒店评论文件开头的字节，这是一个表头为 `label,review` 的 CSV 文件。
# %%
path = data.path("chnsenticorp-htl")
raw = path.read_bytes()
print(f"{path.name}: {len(raw):,} bytes")
print(raw[:40])
print(raw[:40].decode("utf-8"))
# %% [markdown] en
# ### Mojibake: decoding with the wrong encoding
#
# Decode the same bytes with another encoding and you get *mojibake*, garbled text. This is what happens when a program falls back on the system's default: `open(path)` without `encoding=` uses the locale's encoding, which is GBK (cp936) on Chinese Windows and cp1252 on Western Windows. Undecodable bytes show as `�`.
# %% [markdown] zh
# ### 乱码：用错了编码
#
# 同样的字节换一种编码来解码，就会得到乱码（mojibake）。程序退回到系统默认编码时就会这样：`open(path)` 不写 `encoding=` 时使用区域设置的编码，在中文版 Windows 上是 GBK（cp936），在西文版 Windows 上是 cp1252。无法解码的字节显示为 `�`。
# %%
snippet = raw[16:47]  # the first review's first ten characters, after the header and '1,"'.
for encoding in ["utf-8", "gbk", "cp1252", "latin-1"]:
    print(f"{encoding:>8}: {snippet.decode(encoding, errors='replace')}")
print(pick("This machine's default encoding:", "本机的默认编码："), locale.getpreferredencoding(False))
# %% [markdown] en
# English text suffers too: curly quotes and accented letters are several bytes in UTF-8. Mojibake can sometimes be repaired by reversing the mistake, but not when a byte had no character in the wrong encoding: that information is gone.
# %% [markdown] zh
# 英文文本同样会出问题：弯引号和带重音的字母在 UTF-8 中占好几个字节。有时可以把错误反过来做一遍来修复乱码，但如果某个字节在错误的编码里根本没有对应字符，那部分信息就永久丢失了。
# %%
sentence = "A “naïve” café — 咖啡馆"
garbled = sentence.encode("utf-8").decode("cp1252", errors="replace")
print(garbled)
repaired = sentence.encode("utf-8").decode("latin-1").encode("latin-1").decode("utf-8")
print(repaired == sentence, pick("(latin-1 maps every byte, so the round trip works)", "（latin-1 为每个字节都定义了字符，所以能还原）"))
try:
    "房间很干净".encode("gbk").decode("utf-8")
except UnicodeDecodeError as error:
    print(pick("GBK bytes read as UTF-8:", "把 GBK 字节当作 UTF-8 读取："), error)
# %% [markdown] en
# **Rule: always pass `encoding="utf-8"`** when you open a text file, as `oi.data` does. One more trap is the *byte-order mark* (BOM): the character U+FEFF, invisible, which some Windows programs write at the start of a file (bytes `EF BB BF`). The Tatoeba English–Chinese file starts with one. Decoded as plain UTF-8, its first sentence is not `"Hi."` but `"\ufeffHi."`, and `"Hi." == first` is false. The `utf-8-sig` codec removes a BOM at the start of a file, but the online-shopping reviews have one *inside* the first review, which only `text.normalize` removes.
# %% [markdown] zh
# **规则：打开文本文件时一定要写 `encoding="utf-8"`**，`oi.data` 就是这样做的。还有一个陷阱是**字节顺序标记**（BOM）：即看不见的字符 U+FEFF，有些 Windows 程序会把它写在文件开头（字节 `EF BB BF`）。Tatoeba 英汉句对文件的开头就有一个。如果按普通 UTF-8 解码，第一句不是 `"Hi."` 而是 `"\ufeffHi."`，`"Hi." == first` 的结果为假。`utf-8-sig` 编解码器会去掉文件开头的 BOM；但网购评论数据的 BOM 出现在第一条评论**内部**，只有 `text.normalize` 能去掉它。
# %%
pairs_file = data.path("cmn-eng").read_bytes()
print(pairs_file[:6])
first = pairs_file.decode("utf-8").split("\t")[0]
print(repr(first), first == "Hi.", "|", repr(pairs_file.decode("utf-8-sig").split("\t")[0]))
shopping_review = data.load_online_shopping()[0]["text"]
print(repr(shopping_review[:8]), "->", repr(text.normalize(shopping_review)[:8]))
# %% [markdown] en
# ### Unicode normalisation
#
# One character can be written in several ways. `é` is one code point (U+00E9) or two (`e` followed by the combining accent U+0301); they look identical but compare unequal. Normal form **NFC** composes them, **NFD** decomposes them. The *compatibility* forms **NFKC**/**NFKD** go further and fold look-alikes: full-width letters and digits, ligatures, circled numbers.
#
# For Chinese text NFKC matters because Chinese input methods type full-width punctuation. NFKC turns `，！？：；（）` into their ASCII forms but leaves `。、“”《》` alone, so after NFKC a Chinese sentence mixes the two kinds.
# %% [markdown] zh
# ### Unicode 规范化
#
# 同一个字符可能有多种写法。`é` 可以是一个码位（U+00E9），也可以是两个（`e` 加上组合重音符 U+0301）；二者看起来一模一样，比较时却不相等。规范化形式 **NFC** 把它们合成一个，**NFD** 把它们拆开。**兼容**形式 **NFKC**/**NFKD** 更进一步，把外形相近的字符统一起来：全角字母和数字、连字、带圈数字等。
#
# NFKC 对中文尤其重要，因为中文输入法打出的是全角标点。NFKC 会把 `，！？：；（）` 变成对应的 ASCII 符号，却保留 `。、“”《》` 不变，所以经过 NFKC 之后，一句中文里会混有两类标点。
# %%
# NBVAL_CHECK_OUTPUT
composed, decomposed = "caf\u00e9", "cafe\u0301"
print(composed, decomposed, composed == decomposed, len(composed), len(decomposed))
print(unicodedata.normalize("NFC", decomposed) == composed)
print()
for sample in ["ＡＢＣ１２３", "，！？：；（）", "。、“”《》", "全角\u3000空格", "…", "①②", "㎏", "ﬁ", "ｶﾀｶﾅ"]:
    nfkc = unicodedata.normalize("NFKC", sample)
    print(f"{sample!r:>14} -> {nfkc!r:<12} {unicodedata.name(sample[0])}")
# %% [markdown] en
# How often does this matter in real data? We count, over all 7,765 hotel reviews, the characters that NFKC would change.
# %% [markdown] zh
# 这在真实数据中有多常见？我们统计全部 7,765 条酒店评论里会被 NFKC 改变的字符。
# %%
reviews = [record["text"] for record in data.load_chnsenticorp()]
changed = Counter(char for review in reviews for char in review if unicodedata.normalize("NFKC", char) != char)
affected = sum(any(char in changed for char in review) for review in reviews)
print(pick(f"{affected:,} of {len(reviews):,} reviews ({affected / len(reviews):.0%}) contain a character that NFKC changes.",
           f"{len(reviews):,} 条评论中有 {affected:,} 条（{affected / len(reviews):.0%}）含有会被 NFKC 改变的字符。"))
for char, count in changed.most_common(8):
    print(f"{char!r} -> {unicodedata.normalize('NFKC', char)!r}  {count:>6,}  {unicodedata.name(char)}")
# %% [markdown] en
# **Case folding** is the Unicode way to ignore case. `lower()` is not enough for every language: the German `ß` lowercases to itself but case-folds to `ss`. `text.normalize` does all of it in one call: it drops invisible characters (the BOM, zero-width spaces), applies NFKC, and optionally case-folds and collapses whitespace.
# %% [markdown] zh
# **大小写折叠**（case folding）是 Unicode 规定的忽略大小写的方法。`lower()` 并不适用于所有语言：德语的 `ß` 转小写后不变，折叠后却变成 `ss`。`text.normalize` 一次完成所有步骤：删除看不见的字符（BOM、零宽空格），做 NFKC 规范化，还可以选择折叠大小写、合并空白。
# %%
# NBVAL_CHECK_OUTPUT
print("Straße".lower() == "STRASSE".lower(), "Straße".casefold() == "STRASSE".casefold())
messy = "\ufeffＨｏｔｅｌ　ＡＢＣ：房间很干净！！  Straße\u200b"
print(repr(text.normalize(messy, casefold=True, collapse_whitespace=True)))
# %% [markdown] en
# ## 2. English tokenization
#
# *Tokenization* splits text into the units a model counts: its *tokens*. For English a first attempt is to split on spaces, but punctuation sticks to words ("card," and "card" would be different tokens). Real tokenizers make choices about contractions, numbers, URLs and emoji, and they do not agree. We compare four:
#
# - `text.tokenize(s, "en")`, this course's regular expression: it keeps contractions, URLs, e-mail addresses, numbers and emoji whole;
# - NLTK's `TreebankWordTokenizer`, the convention of the Penn Treebank (it splits "can't" into "ca" + "n't");
# - NLTK's `TweetTokenizer`, made for social media (emoticons, @handles);
# - a blank spaCy English pipeline, whose tokenizer uses rules and exception lists.
#
# NLTK's popular `word_tokenize` needs a model downloaded with `nltk.download`; the two NLTK tokenizers here need no download.
# %% [markdown] zh
# ## 2. 英文分词
#
# **词元化**（分词）就是把文本切成模型要计数的单位，即**词元**。对英文来说，最先想到的是按空格切分，但标点会粘在单词上（“card,”和“card”会变成两个不同的词元）。真正的分词器要决定如何处理缩写、数字、网址和表情符号，而它们的做法并不一致。我们比较四种：
#
# - `text.tokenize(s, "en")`，本课程的正则表达式：缩写、网址、电子邮件地址、数字和表情符号都保持完整；
# - NLTK 的 `TreebankWordTokenizer`，遵循宾州树库（Penn Treebank）的约定（把“can't”切成“ca”和“n't”）；
# - NLTK 的 `TweetTokenizer`，为社交媒体设计（颜文字、@用户名）；
# - 空白的 spaCy 英文流水线，其分词器基于规则和例外表。
#
# NLTK 常用的 `word_tokenize` 需要先用 `nltk.download` 下载模型；这里用的两个 NLTK 分词器无需下载。
# %%
import spacy
from nltk.tokenize import TreebankWordTokenizer, TweetTokenizer

nlp_en = spacy.blank("en")
tokenizers = {
    "oi regex": lambda s: text.tokenize(s, "en"),
    "NLTK Treebank": TreebankWordTokenizer().tokenize,
    "NLTK Tweet": TweetTokenizer().tokenize,
    "spaCy": lambda s: [token.text for token in nlp_en(s) if not token.is_space],
}
banking = data.load_banking77()
examples = [
    next(r["text"] for r in banking if "n't" in r["text"]),
    next(r["text"] for r in banking if "£" in r["text"]),
    next(r["text"] for r in banking if "--" in r["text"]),
    "Email help@bank.example or see https://bank.example/faq. Thanks!! 😀👍🏽 :)",
]
for example in examples:
    print(example)
    for name, tokenize in tokenizers.items():
        print(f"  {name:<14}", " | ".join(tokenize(example)))
    print()
# %% [markdown] en
# Where do they disagree on real text? Over all 10,003 BANKING77 customer queries, we count how often each tool's tokens differ from the regular expression's, and which tokens only that tool produces.
# %% [markdown] zh
# 在真实文本上它们的分歧在哪里？我们在 BANKING77 的全部 10,003 条客服问句上，统计每个工具的结果与正则表达式不同的比例，以及只有该工具才会产生的词元。
# %%
queries = [record["text"] for record in banking]
reference = [Counter(text.tokenize(q, "en")) for q in queries]
rows = []
for name, tokenize in list(tokenizers.items())[1:]:
    differing, only_here = 0, Counter()
    for query, ours in zip(queries, reference):
        theirs = Counter(tokenize(query))
        if theirs != ours:
            differing += 1
            only_here.update(theirs - ours)
    rows.append({pick("tokenizer", "分词器"): name,
                 pick("queries that differ", "结果不同的问句"): f"{differing / len(queries):.1%}",
                 pick("most common tokens only it produces", "只有它产生的最常见词元"): " ".join(t for t, _ in only_here.most_common(10))})
pd.DataFrame(rows)
# %% [markdown] en
# Treebank and spaCy disagree with the regular expression on almost a third of the queries. Nearly always the reason is that they split contractions ("has" + "n't", "It" + "'s", "ca" + "n't"), and spaCy also splits "top-up". The Tweet tokenizer agrees almost everywhere: it keeps runs of dots ("...") and emoticons whole, and leaves "bad.This" glued when a customer forgot a space. None of them is wrong. What matters is to use **the same one** for training and for use, because a model only knows the tokens it was trained on.
#
# ### Sentence splitting
#
# A full stop does not always end a sentence ("Dr.", "p.m.", "U.S."). We compare a plain rule (`text.split_sentences`), NLTK's Punkt algorithm without any knowledge of abbreviations, Punkt given a list of abbreviations (Punkt normally learns them from a large corpus; NLTK's pre-trained English model needs a download), and spaCy's rule-based `sentencizer`.
# %% [markdown] zh
# Treebank 和 spaCy 与正则表达式的结果在近三分之一的问句上不同，原因几乎都是它们拆开了缩写（“has” + “n't”、“It” + “'s”、“ca” + “n't”）；spaCy 还会拆开“top-up”。Tweet 分词器几乎处处一致：它把连续的点（“...”）和颜文字保留为整体，顾客忘了加空格时，它也让“bad.This”粘在一起。这些分词器没有对错之分。关键是训练和使用时要用**同一个**分词器，因为模型只认识训练时见过的词元。
#
# ### 分句
#
# 句号不一定表示句子结束（“Dr.”、“p.m.”、“U.S.”）。我们比较：简单规则（`text.split_sentences`）、不了解任何缩写的 NLTK Punkt 算法、给定缩写表的 Punkt（Punkt 通常从大语料中自行学习缩写，NLTK 预训练的英文模型需要下载），以及 spaCy 基于规则的 `sentencizer`。
# %%
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

paragraph = "Dr. Smith paid $3.50 at 5 p.m. on Friday. Was it enough? The U.S. office said no! \"Really?\" she asked."
known_abbreviations = PunktParameters()
known_abbreviations.abbrev_types = {"dr", "p.m", "u.s"}
nlp_sentences = spacy.blank("en")
nlp_sentences.add_pipe("sentencizer")
splitters = {
    "text.split_sentences": text.split_sentences,
    "Punkt": PunktSentenceTokenizer().tokenize,
    pick("Punkt + abbreviations", "Punkt + 缩写表"): PunktSentenceTokenizer(known_abbreviations).tokenize,
    "spaCy sentencizer": lambda s: [sent.text for sent in nlp_sentences(s).sents],
}
for name, split in splitters.items():
    print(name)
    for sentence_text in split(paragraph):
        print("   ", sentence_text)
# %% [markdown] en
# The plain rule and Punkt without abbreviations cut after "Dr.", "p.m." and "U.S."; given the list, Punkt gets them right. spaCy's sentencizer gets them right too, because its tokenizer already keeps "Dr.", "p.m." and "U.S." as single tokens, but it puts the opening quote mark at the end of the previous sentence. And every splitter cuts before `she asked`: none of these rules knows that a question in quotes can continue the sentence.
#
# ## 3. Chinese: characters and words
#
# Chinese is written without spaces. A regular expression made for English sees a whole clause as one "word", so Chinese needs its own tokenization. There are two common choices:
#
# - **characters**: every character is a token. Simple, a small vocabulary (a few thousand common characters), and no segmentation errors;
# - **words**: a *word segmenter* such as jieba splits the text into words, which carry more meaning per token but need a dictionary and make mistakes.
# %% [markdown] zh
# 简单规则和不了解缩写的 Punkt 都在“Dr.”、“p.m.”和“U.S.”后面断开了；给出缩写表后，Punkt 就切对了。spaCy 的 sentencizer 也没有在缩写处出错，因为它的分词器本来就把“Dr.”、“p.m.”和“U.S.”各当作一个词元；但它把开头的引号放到了上一句的末尾。而且每种方法都在 `she asked` 前面断开：这些规则都不知道引号里的问句后面还可以接着写。
#
# ## 3. 中文：字与词
#
# 中文书写时词与词之间没有空格。为英文设计的正则表达式会把整个分句当成一个“词”，所以中文需要专门的分词方法。常见的选择有两种：
#
# - **按字**：每个汉字是一个词元。简单，词表小（常用字只有几千个），也不会出现分词错误；
# - **按词**：用 jieba 这样的**中文分词**工具把文本切成词。每个词元携带的意义更多，但需要词典，而且会切错。
# %%
review = reviews[3]
print(review)
print("en      :", text.tokenize(review, "en")[:8])
print("zh-char :", text.tokenize(review, "zh-char")[:20])
print("zh      :", text.tokenize(review, "zh")[:14])
# %% [markdown] en
# Over the whole corpus, a jieba word is on average a little over one and a half characters long, so word tokens make sequences shorter, at the price of a much larger vocabulary.
# %% [markdown] zh
# 在整个语料上，jieba 切出的词平均长度略高于一个半汉字。所以按词切分能让序列变短，代价是词表大得多。
# %%
# The file lists all positive reviews first; a seeded shuffle makes every split below mix both labels.
reviews = [reviews[i] for i in np.random.default_rng(1337).permutation(len(reviews))]
zh_docs = [text.tokenize(r, "zh") for r in reviews]
zh_words = [w for doc in zh_docs for w in doc]
zh_chars = [c for doc in zh_docs for w in doc for c in w]
print(pick(f"{len(zh_words):,} words of {len(set(zh_words)):,} kinds, {len(zh_chars):,} characters of {len(set(zh_chars)):,} kinds;"
           f" {len(zh_chars) / len(zh_words):.2f} characters per word",
           f"共 {len(zh_words):,} 个词（{len(set(zh_words)):,} 种），{len(zh_chars):,} 个字（{len(set(zh_chars)):,} 种）；"
           f"平均每词 {len(zh_chars) / len(zh_words):.2f} 个字"))
# %% [markdown] en
# ### jieba's modes
#
# jieba builds a graph of every dictionary word the sentence contains and picks the most probable path through it, using word frequencies from its dictionary. Words not in the dictionary are guessed by a hidden Markov model (HMM). It has three modes:
#
# - **precise** (`jieba.lcut(s)`), the default: one segmentation;
# - **full** (`cut_all=True`): every dictionary word found anywhere, overlapping;
# - **search** (`lcut_for_search`): precise, plus the shorter words inside long ones, which is useful for a search index.
#
# Segmentation can be genuinely ambiguous. "乒乓球拍卖完了" means "the table-tennis bats are sold out" (乒乓球拍 / 卖完 / 了), but can also be read as "the table-tennis ball auction is over" (乒乓球 / 拍卖 / 完 / 了).
# %% [markdown] zh
# ### jieba 的分词模式
#
# jieba 先找出句子里所有的词典词，构成一张图，再根据词典中的词频选出概率最大的切分路径。词典里没有的词由隐马尔可夫模型（HMM）来猜。jieba 有三种模式：
#
# - **精确模式**（`jieba.lcut(s)`，默认）：给出一种切分；
# - **全模式**（`cut_all=True`）：列出句中所有可能的词典词，彼此可以重叠；
# - **搜索引擎模式**（`lcut_for_search`）：在精确模式基础上，把长词再切出其中的短词，适合建搜索索引。
#
# 分词可能存在真正的歧义。“乒乓球拍卖完了”可以是“乒乓球拍 / 卖完 / 了”，也可以读成“乒乓球 / 拍卖 / 完 / 了”。
# %%
for sentence_text in ["乒乓球拍卖完了", "研究生命起源", "我用iPhone 15拍了张照片"]:
    print(sentence_text)
    print("   ", pick("precise:", "精确模式："), jieba.lcut(sentence_text))
    print("   ", pick("no HMM: ", "关闭 HMM："), jieba.lcut(sentence_text, HMM=False))
    print("   ", pick("full:   ", "全模式：  "), jieba.lcut(sentence_text, cut_all=True))
    print("   ", pick("search: ", "搜索模式："), jieba.lcut_for_search(sentence_text))
print({word: jieba.get_FREQ(word) for word in ["乒乓球", "乒乓球拍", "拍卖", "卖完"]})
# %% [markdown] en
# The dictionary frequencies explain the first choice: 拍卖 (auction) is far more frequent in jieba's dictionary than 乒乓球拍 (bat), so the auction reading wins. Note also "我用": with the HMM on, jieba glued 我 and 用 into a "new word", a typical HMM mistake.
#
# ### A user dictionary
#
# New terms (product names, jargon) are usually missing from the dictionary and get split. Add them with `jieba.add_word`, or load a file of `word frequency part-of-speech` lines with `jieba.load_userdict`. This changes jieba for the whole session, including `text.tokenize(..., "zh")`.
# %% [markdown] zh
# 词频解释了第一句的结果：在 jieba 的词典里，“拍卖”的词频远高于“乒乓球拍”，于是“拍卖”的读法胜出。再看“我用”：开启 HMM 时，jieba 把“我”和“用”粘成了一个“新词”，这是 HMM 的典型错误。
#
# ### 用户词典
#
# 新词（产品名、专业术语）通常不在词典里，会被切碎。可以用 `jieba.add_word` 添加，或用 `jieba.load_userdict` 载入每行为“词 词频 词性”的文件。这会改变整个会话中的 jieba，包括 `text.tokenize(..., "zh")`。
# %%
sentence_text = "大语言模型正在改变自然语言处理，词元化是第一步"
print(pick("before:", "之前："), jieba.lcut(sentence_text))
jieba.add_word("大语言模型")
jieba.load_userdict(io.StringIO("自然语言处理 20 n\n词元化 5 n\n"))
print(pick("after: ", "之后："), jieba.lcut(sentence_text))
# %% [markdown] en
# ### Mixed Chinese and English
#
# Real Chinese text is full of Latin letters, digits, URLs and emoji. jieba keeps Latin words together but splits URLs and emoji sequences into pieces, so `text.tokenize(..., "zh")` cuts those out first and keeps them whole. It also drops the spaces jieba returns as tokens. Full-width letters (`ＡＢＣ`) come out one per token, so normalise with NFKC first.
# %% [markdown] zh
# ### 中英混排
#
# 真实的中文文本里夹杂着大量拉丁字母、数字、网址和表情符号。jieba 会把拉丁字母组成的单词保留在一起，却会把网址和组合表情符号拆散；所以 `text.tokenize(..., "zh")` 会先把这些部分取出来整体保留，并去掉 jieba 当作词元返回的空格。全角字母（`ＡＢＣ`）会被逐个切开，所以应先做 NFKC 规范化。
# %%
mixed = "访问https://hotel.example/cn查看👨‍👩‍👧房型，ＷｉＦｉ很快！"
print("jieba      :", jieba.lcut(mixed))
print("zh         :", text.tokenize(mixed, "zh"))
print("NFKC + zh  :", text.tokenize(text.normalize(mixed), "zh"))
print("zh-char    :", text.tokenize(text.normalize(mixed), "zh-char"))
# %% [markdown] en
# ### spaCy's Chinese pipeline
#
# spaCy can use jieba as the segmenter of a blank Chinese pipeline. Its tokens then carry spaCy's attributes, such as punctuation, number-likeness and stop words, just as for English. (We loaded jieba with `text.load_jieba()` first; otherwise spaCy's first use of jieba would print jieba's log lines.)
# %% [markdown] zh
# ### spaCy 的中文流水线
#
# spaCy 可以把 jieba 用作空白中文流水线的分词器。这样得到的词元和英文一样带有 spaCy 的各种属性，例如是否为标点、是否像数字、是否为停用词。（我们已经先用 `text.load_jieba()` 加载了 jieba；否则 spaCy 第一次调用 jieba 时会打印 jieba 的日志。）
# %%
nlp_zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
doc = nlp_zh("我在携程网订了3晚，房间很干净！")
pd.DataFrame([{"token": t.text, "is_punct": t.is_punct, "like_num": t.like_num, "is_stop": t.is_stop} for t in doc]).T
# %% [markdown] en
# ### Traditional and Simplified characters
#
# Chinese is written in Simplified characters (mainland China, Singapore) and Traditional ones (Taiwan, Hong Kong, Macau). The Tang poems of the course data are stored in Traditional characters. OpenCC converts between the two: `t2s` (Traditional to Simplified), `s2t`, and regional variants such as `s2twp` (Taiwan, with Taiwanese vocabulary).
# %% [markdown] zh
# ### 繁体字与简体字
#
# 中文有简体字（中国大陆、新加坡）和繁体字（台湾、香港、澳门）两套写法。课程数据里的唐诗用繁体字存储。OpenCC 可以在两者之间转换：`t2s`（繁转简）、`s2t`（简转繁），以及各地区的变体，例如 `s2twp`（转为台湾正体，并替换为台湾常用词）。
# %%
from opencc import OpenCC

poem = data.load_tang_poems(simplified=False)[14]
original = "".join(poem["paragraphs"][:2])
print(poem["title"], "·", poem["author"])
print(pick("original (Traditional):", "原文（繁体）："), original)
print(pick("t2s (Simplified):      ", "t2s（简体）： "), OpenCC("t2s").convert(original))
# %% [markdown] en
# Simplified to Traditional is the harder direction: several Traditional characters often merged into one Simplified character, so the converter must look at the word. 发 is 髮 in 头发 (hair) but 發 in 发展 (develop); 干 is 乾 in 干净 (clean), 幹 in 干部 (cadre) and stays 干 in 干涉 (interfere). Converting character by character gets such words wrong; OpenCC uses phrase tables. Regions also differ in vocabulary, not only in characters: software is 软件 in the mainland and 軟體 in Taiwan.
# %% [markdown] zh
# 简转繁更难：常常是几个繁体字合并成了一个简体字，转换时必须看词。“发”在“头发”里是“髮”，在“发展”里是“發”；“干”在“干净”里是“乾”，在“干部”里是“幹”，在“干涉”里仍是“干”。逐字转换会把这些词转错，OpenCC 则使用词组表。各地区的差别也不只是字形，还有用词：大陆叫“软件”，台湾叫“軟體”。
# %%
# NBVAL_CHECK_OUTPUT
simplified = "头发 发展 干净 干部 干涉 软件 鼠标 打印机"
single_chars = "".join(OpenCC("s2t").convert(char) for char in simplified)
print(pick("s2t, char by char:", "s2t，逐字转换：  "), single_chars)
print(pick("s2t, OpenCC      :", "s2t，OpenCC：    "), OpenCC("s2t").convert(simplified))
print(pick("s2twp (Taiwan)   :", "s2twp（台湾）：  "), OpenCC("s2twp").convert(simplified))
# %% [markdown] en
# ## 4. Normalising words
#
# English words change form: "studies", "studying" and "studied" are one word to a reader but three tokens to a model. Two standard fixes:
#
# - **stemming** chops suffixes by rules and may produce non-words ("studi"). NLTK ships the Porter stemmer, its successor Snowball, and the more aggressive Lancaster stemmer;
# - **lemmatization** maps a word to its dictionary form ("geese" → "goose", "ran" → "run"). spaCy's `lookup` lemmatizer uses a table from the `spacy-lookups-data` package.
#
# Chinese has no inflection, so it needs neither: 学习 is 学习 in every tense.
# %% [markdown] zh
# ## 4. 词的归一化
#
# 英文单词会变形：“studies”、“studying”、“studied”在读者看来是同一个词，对模型来说却是三个词元。标准的处理方法有两种：
#
# - **词干提取**按规则砍掉后缀，结果可能不是真正的单词（“studi”）。NLTK 提供 Porter 词干提取器、它的后继者 Snowball，以及更激进的 Lancaster；
# - **词形还原**把单词还原成词典中的原形（“geese” → “goose”，“ran” → “run”）。spaCy 的 `lookup` 词形还原器使用 `spacy-lookups-data` 包中的对照表。
#
# 中文没有词形变化，所以两者都不需要：“学习”在任何时态下都是“学习”。
# %%
from nltk.stem import LancasterStemmer, PorterStemmer, SnowballStemmer

words = ["studies", "studying", "studied", "running", "ran", "geese", "better", "fairly", "university", "universe", "organization"]
nlp_lemma = spacy.blank("en")
nlp_lemma.add_pipe("lemmatizer", config={"mode": "lookup"})
nlp_lemma.initialize()
stemmers = {"Porter": PorterStemmer(), "Snowball": SnowballStemmer("english"), "Lancaster": LancasterStemmer()}
table = {name: [stemmer.stem(w) for w in words] for name, stemmer in stemmers.items()}
table[pick("spaCy lemma", "spaCy 词形还原")] = [nlp_lemma(w)[0].lemma_ for w in words]
pd.DataFrame(table, index=words)
# %% [markdown] en
# Stemmers merge "university" and "universe", which mean different things; the lemmatizer keeps them apart but needs a table and cannot handle words missing from it. Without the sentence around it, a lookup lemmatizer also cannot tell "better" the adjective from "better" the adverb.
#
# ### Stop words
#
# *Stop words* are the very frequent function words ("the", "of", 的, 了). For counting-based methods such as keyword search they are often removed; for language models never, since they carry grammar. spaCy ships stop-word lists for both languages. How much of real text do they cover?
# %% [markdown] zh
# 词干提取器把含义不同的“university”和“universe”合成了一个；词形还原器能把它们分开，但需要对照表，表里没有的词就无能为力。脱离上下文时，查表式的词形还原器也分不清作形容词的“better”和作副词的“better”。
#
# ### 停用词
#
# **停用词**是出现频率极高的功能词（“the”、“of”、“的”、“了”）。基于计数的方法（如关键词检索）常常把它们去掉；语言模型则从不去掉，因为它们承载着语法。spaCy 为两种语言都提供了停用词表。它们在真实文本中占多大比例？
# %%
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.zh.stop_words import STOP_WORDS as ZH_STOP_WORDS

en_docs = [text.tokenize(q, "en", lowercase=True) for q in queries]
en_words = [w for doc in en_docs for w in doc]
for name, tokens, stop_words in [("BANKING77", en_words, EN_STOP_WORDS), ("ChnSentiCorp", zh_words, ZH_STOP_WORDS)]:
    share = sum(token in stop_words for token in tokens) / len(tokens)
    top = [f"{token}{'*' if token in stop_words else ''}" for token, _ in Counter(tokens).most_common(15)]
    print(pick(f"{name}: {len(stop_words)} stop words cover {share:.0%} of {len(tokens):,} tokens",
               f"{name}：{len(stop_words)} 个停用词覆盖了 {len(tokens):,} 个词元中的 {share:.0%}"))
    print("   ", " ".join(top), pick("   (* = stop word)", "   （* 为停用词）"))
# %% [markdown] en
# ## 5. Counting
#
# ### n-grams
#
# An *n-gram* is a run of $n$ consecutive tokens. Counting them is the first step toward a language model (chapter 7): how often does "thank" come before "you"? `text.ngrams` returns them as tuples; with `pad=True` it adds start markers `<s>` and an end marker `</s>`, so the first word also has a history.
# %% [markdown] zh
# ## 5. 计数
#
# ### n 元语法
#
# **n 元语法**（n-gram）是连续的 $n$ 个词元。统计 n 元语法是构建语言模型（第 7 章）的第一步：“谢谢”后面跟着“你”的情况有多常见？`text.ngrams` 以元组形式返回它们；`pad=True` 时会加上开始标记 `<s>` 和结束标记 `</s>`，这样第一个词也有“上文”。
# %%
# NBVAL_CHECK_OUTPUT
print(text.ngrams(["thank", "you", "so", "much"], 2))
print(text.ngrams(["谢谢", "你"], 3, pad=True))
print(text.ngrams("自然语言", 2))
# %% [markdown] en
# The most frequent bigrams of each corpus, skipping those that contain punctuation, already show its style. The English corpus here is Tiny Shakespeare, tokenized and lower-cased.
# %% [markdown] zh
# 去掉含标点的二元组后，每个语料中最常见的二元组已经显露出它的风格。这里的英文语料是 Tiny Shakespeare（分词并转为小写）。
# %%
shakespeare = data.load_shakespeare()
en_lines = [text.tokenize(line, "en", lowercase=True) for line in shakespeare.splitlines() if line.strip()]


def is_word(token):
    return any(char.isalnum() for char in token)


for name, docs in [("Tiny Shakespeare", en_lines), ("ChnSentiCorp", zh_docs)]:
    counts = text.count_ngrams(docs, 2)
    top = [(" ".join(gram), count) for gram, count in counts.most_common(400) if all(map(is_word, gram))][:10]
    print(f"{name}: {len(counts):,} {pick('distinct bigrams', '种二元组')}")
    print("   ", ", ".join(f"{gram} ({count})" for gram, count in top))
# %% [markdown] en
# ### A vocabulary
#
# A model needs a fixed list of tokens, the *vocabulary*, with one id each. Two special tokens are standard:
#
# - `<unk>` (unknown) stands for every token not in the vocabulary;
# - `<pad>` (padding) fills short sequences so that a batch of them forms a rectangle.
#
# Rare tokens (a name seen once, a typo) would take up most of the vocabulary, so a *minimum frequency* leaves them out and maps them to `<unk>`. The price is the *out-of-vocabulary rate* (OOV rate) on new text. We build vocabularies on the first 90% of each corpus and measure the OOV rate on the rest.
# %% [markdown] zh
# ### 词表
#
# 模型需要一份固定的词元清单，即**词表**，每个词元对应一个 id。有两个特殊词元是通用做法：
#
# - `<unk>`（未知）代表所有不在词表里的词元；
# - `<pad>`（填充）用来补齐较短的序列，让一批序列排成一个矩形。
#
# 低频词元（只出现一次的人名、错别字）会占据词表的大部分，所以可以设一个**最小词频**，把它们排除在外并映射成 `<unk>`。代价是新文本上的**未登录词率**（OOV 率）。我们用每个语料的前 90% 构建词表，在剩下的 10% 上测量 OOV 率。
# %%
rows = []
for name, docs in [("Tiny Shakespeare", en_lines), ("ChnSentiCorp", zh_docs)]:
    train_docs, held_out_docs = data.train_val_split(docs, 0.9)
    held_out = [token for doc in held_out_docs for token in doc]
    for min_freq in [1, 2, 3, 5, 10]:
        vocab = text.Vocab.from_sequences(train_docs, min_freq=min_freq)
        unknown = sum(token not in vocab for token in held_out)
        rows.append({pick("corpus", "语料"): name, "min_freq": min_freq, "vocab_size": len(vocab),
                     pick("OOV rate", "OOV 率"): f"{unknown / len(held_out):.2%}"})
pd.DataFrame(rows)
# %% [markdown] en
# Raising `min_freq` from 1 to 3 shrinks the vocabulary to about a third, while the OOV rate rises by only two to four points: most distinct tokens are rare. Here is the vocabulary at work: `<unk>` replaces the unknown token, and `pad_batch` fills sequences with the id of `<pad>`, which is 0.
# %% [markdown] zh
# 把 `min_freq` 从 1 提高到 3，词表缩小到原来的三分之一左右，OOV 率却只升高两到四个百分点：大多数不同的词元都很少见。下面看词表如何工作：`<unk>` 替换了未知词元，`pad_batch` 用 `<pad>` 的 id（即 0）补齐序列。
# %%
vocab = text.Vocab.from_sequences(zh_docs if LANG == "zh" else en_lines, min_freq=3)
print(vocab)
batch = [pick("to be or not to be", "房间很干净"), pick("the zyzzyva is here", "早餐有豆浆油条和猕猴桃")]
encoded = [vocab.encode(text.tokenize(s, pick("en", "zh"))) for s in batch]
for s, ids in zip(batch, encoded):
    print(s, "->", ids, "->", vocab.decode(ids))
print(vocab.pad_batch(encoded))
# %% [markdown] en
# ### Zipf's law
#
# Sort a corpus's tokens from most to least frequent and plot frequency against rank on log–log axes: the points fall close to a straight line. This is *Zipf's law*, $f(r) \approx C / r^{s}$ with $s$ close to 1, which means $\log f = \log C - s \log r$. A few tokens are extremely common and a long tail is rare, which is why a minimum frequency removes so many kinds of tokens but so few occurrences. We fit the line by least squares over ranks 10 to 1,000, where the law holds best, for English words, Chinese words and Chinese characters, and extend it to the right as a dashed line.
# %% [markdown] zh
# ### 齐普夫定律
#
# 把语料中的词元按频率从高到低排序，在双对数坐标上画出频率与排名的关系，这些点几乎落在一条直线上。这就是**齐普夫定律**：$f(r) \approx C / r^{s}$，$s$ 接近 1，即 $\log f = \log C - s \log r$。少数词元极其常见，而长长的尾部都很罕见；这正是设置最小词频能去掉很多种词元、却只去掉很少出现次数的原因。我们用最小二乘法在排名 10 到 1,000 之间拟合直线（定律在这一段最准确），分别考察英文词、中文词和汉字，并用虚线把拟合直线向右延伸。
# %%
series = {
    pick("English words (Shakespeare)", "英文词（莎士比亚）"): [t for line in en_lines for t in line if is_word(t)],
    pick("Chinese words (ChnSentiCorp)", "中文词（ChnSentiCorp）"): [t for t in zh_words if is_word(t)],
    pick("Chinese characters (ChnSentiCorp)", "汉字（ChnSentiCorp）"): [c for c in zh_chars if is_word(c)],
}
fig, ax = plt.subplots(figsize=(7, 4.5))
for label, tokens in series.items():
    frequencies = np.array(sorted(Counter(tokens).values(), reverse=True))
    ranks = np.arange(1, len(frequencies) + 1)
    fit = slice(9, 1000)  # ranks 10 to 1,000
    slope, intercept = np.polyfit(np.log10(ranks[fit]), np.log10(frequencies[fit]), 1)
    line = ax.loglog(ranks, frequencies, label=f"{label}: s = {-slope:.2f}")[0]
    ax.loglog(ranks[9:], 10 ** (intercept + slope * np.log10(ranks[9:])), "--", color=line.get_color(), alpha=0.8)
    print(f"{label}: {len(frequencies):,} {pick('kinds', '种')}, s = {-slope:.2f}")
ax.set_xlabel(pick("rank", "排名"))
ax.set_ylabel(pick("frequency", "频次"))
ax.set_title(pick("Zipf's law (dashed: fitted lines)", "齐普夫定律（虚线为拟合直线）"))
ax.legend()
ax.grid(alpha=0.3, which="both")
plt.show()
# %% [markdown] en
# For words the fitted exponent is close to 1 in both languages: Zipf's law does not care about the script. Chinese characters leave their line after rank 1,000 or so and fall steeply: there are only a few thousand characters in common use, so the tail runs out. This is one reason character vocabularies are small and safe, while word vocabularies grow with every new corpus.
#
# ## 6. Subwords: byte-pair encoding
#
# Words give short sequences but an open vocabulary (every new name is `<unk>`); characters or bytes give a small closed vocabulary but long sequences. **Byte-pair encoding** (BPE) sits in between, and modern language models use it:
#
# 1. start with the 256 byte values as tokens, so that *any* text can be encoded;
# 2. count every pair of adjacent tokens in the training text;
# 3. merge the most frequent pair into a new token, and repeat until the vocabulary has the size you want.
#
# `text.BPE` splits the text into chunks first (runs of letters with their leading space, runs of digits, runs of punctuation), and merges never cross a chunk boundary. Since a Chinese clause is one run of letters, BPE can learn multi-character Chinese words. We train one model on Tiny Shakespeare and one on ChnSentiCorp reviews, each up to 1,256 tokens (1,000 merges), holding out the last 10% of each corpus.
# %% [markdown] zh
# 对于词，两种语言拟合出的指数都接近 1：齐普夫定律与文字体系无关。汉字的曲线在排名 1,000 左右之后离开拟合直线，急剧下降：常用汉字只有几千个，尾部很快就用完了。这也是按字建的词表小而稳妥、按词建的词表却随着新语料不断增长的原因之一。
#
# ## 6. 子词：字节对编码
#
# 按词切分，序列短，但词表是开放的（每个新名字都是 `<unk>`）；按字符或字节切分，词表小而封闭，但序列很长。**字节对编码**（BPE）介于两者之间，现代语言模型都在使用它：
#
# 1. 以 256 个字节值作为初始词元，这样**任何**文本都能编码；
# 2. 统计训练文本中每一对相邻词元出现的次数；
# 3. 把出现最多的一对合并成一个新词元；重复这一步，直到词表达到想要的大小。
#
# `text.BPE` 先把文本切成若干块（带前导空格的连续字母、连续数字、连续标点），合并不会跨越块的边界。一个中文分句是一整段“字母”，所以 BPE 能学到由多个汉字组成的词。我们分别在 Tiny Shakespeare 和 ChnSentiCorp 评论上训练一个模型，词表都最多 1,256 个词元（1,000 次合并），并留出每个语料最后的 10%。
# %%
chinese_corpus = "\n".join(reviews)
en_train, en_held_out = data.train_val_split(shakespeare, 0.9)
zh_train, zh_held_out = data.train_val_split(chinese_corpus, 0.9)
bpe_en = text.BPE.train(en_train, 1256)
bpe_zh = text.BPE.train(zh_train[:300_000], 1256)
print(bpe_en, bpe_zh)
bpe = bpe_zh if LANG == "zh" else bpe_en
# %% [markdown] en
# ### Merge by merge
#
# The first merges of this edition's model. Each row shows the two tokens joined, the new token and how often the pair occurred at that moment. Token 256 is the first new one, and `␣` marks a space. A token shown as `\xe5\x9c` is a piece of a Chinese character: two of the three bytes of its UTF-8 encoding, which is not yet a whole character.
# %% [markdown] zh
# ### 一次一次地合并
#
# 下面是本版本所用模型最先学到的合并。每行给出被合并的两个词元、新词元，以及此时这一对出现的次数。第一个新词元的 id 是 256，`␣` 表示空格。形如 `\xe5\x9c` 的词元是汉字的一部分：它是该汉字 UTF-8 编码三个字节中的两个，还不是完整的字。
# %%
def shown(model, index):
    """Return token ``index`` of a BPE model as text, with spaces shown as ␣."""
    return model.token_text(index).replace(" ", "␣")


rows = []
for step, (left, right) in enumerate(bpe.merges[:15]):
    rows.append({pick("step", "步"): step + 1, pick("left", "左"): shown(bpe, left), pick("right", "右"): shown(bpe, right),
                 pick("new token", "新词元"): shown(bpe, 256 + step), pick("pair count", "出现次数"): bpe.merge_counts[step]})
pd.DataFrame(rows)
# %% [markdown] en
# Watch one sentence as the merges accumulate. With 0 merges it is one token per byte. As the vocabulary grows, frequent words become single tokens and only rare ones stay in pieces.
# %% [markdown] zh
# 再看同一句话随着合并增多如何变化：0 次合并时每个字节是一个词元；词表变大后，常见的词变成单个词元，只有罕见的词仍被切成碎片。
# %%
sample = pick("The king hath sent for thee, my lord.", "房间很干净，服务员态度也很好。")
for merges in [0, 10, 100, 1000]:
    smaller = text.BPE(bpe.merges[:merges])
    pieces = [shown(smaller, index) for index in smaller.encode(sample)]
    print(f"{merges:>5} {pick('merges', '次合并')}: {len(pieces):>3} {pick('tokens', '个词元')} | " + " | ".join(pieces))
# %% [markdown] en
# ### Unseen words and the other language
#
# BPE has no `<unk>`: a word it never saw is spelled with smaller pieces, down to single bytes, and decoding always gives back the exact text. Each model handles its own language well and the other one poorly: the English model spends three byte tokens on every Chinese character, and the Chinese model spells English nearly letter by letter.
# %% [markdown] zh
# ### 没见过的词与另一种语言
#
# BPE 没有 `<unk>`：没见过的词会用更小的片段拼出来，最小可以到单个字节，而且解码总能还原出原文。每个模型处理自己的语言都很好，处理另一种语言则很差：英文模型给每个汉字都要用三个字节词元，中文模型则几乎要逐个字母拼写英文。
# %%
for word in ["unhappiness", "tokenization", "ChatGPT", "我爱自然语言处理", "酒店的早餐很丰富", "😀"]:
    for name, model in [("en", bpe_en), ("zh", bpe_zh)]:
        ids = model.encode(word)
        assert model.decode(ids) == word
        print(f"BPE-{name} {len(ids):>2} | {word} | " + " | ".join(model.tokens(word)))
# %% [markdown] en
# ### The vocabulary-size trade-off
#
# Every merge makes sequences shorter, which is good: a model attends over fewer positions and sees more text per step. But each new token is rarer than the last (right plot: the count of the pair at the moment it was merged), so the model gets fewer examples to learn it from, and the embedding table grows with the vocabulary. We measure tokens per character on the held-out 10% as the vocabulary grows.
# %% [markdown] zh
# ### 词表大小的取舍
#
# 每次合并都让序列变短，这是好事：模型需要关注的位置更少，每一步能看到更多文本。但每个新词元都比前一个更罕见（右图：每对词元被合并时的出现次数），模型学习它的样本就更少，而且嵌入表会随词表一起变大。我们在留出的 10% 文本上测量每个字符平均需要多少个词元，看它如何随词表变大而变化。
# %% headline
sizes = [0, 25, 50, 100, 200, 400, 700, 1000]
fig, (left_ax, right_ax) = plt.subplots(1, 2, figsize=(10, 3.8))
languages = [(pick("English", "英文"), bpe_en, en_held_out[:30_000]), (pick("Chinese", "中文"), bpe_zh, zh_held_out[:30_000])]
for name, model, held_out in pick(languages[::-1], languages):  # this edition's language prints last
    per_char = [len(text.BPE(model.merges[:k]).encode(held_out)) / len(held_out) for k in sizes]
    left_ax.plot([256 + k for k in sizes], per_char, marker="o", label=name)
    right_ax.semilogy(range(257, 257 + len(model.merge_counts)), model.merge_counts, label=name)
    print(f"{name}: " + ", ".join(f"{256 + k}: {value:.2f}" for k, value in zip(sizes, per_char)))
left_ax.set_xlabel("vocab_size")
left_ax.set_ylabel(pick("tokens per character (held out)", "每字符词元数（留出文本）"))
right_ax.set_xlabel("vocab_size")
right_ax.set_ylabel(pick("count of the newest pair", "最新一对的出现次数"))
for ax in (left_ax, right_ax):
    ax.grid(alpha=0.3)
    ax.legend()
plt.tight_layout()
plt.show()
# %% [markdown] en
# For English the first few hundred merges buy most of the compression; after that each merge saves little and adds a rarer token. Chinese starts near three tokens per character (three UTF-8 bytes each) and is still gaining at 1,000 merges, because the merges must first assemble thousands of characters before they can join them into words. Real models settle on tens of thousands of tokens (GPT-2 uses 50,257) because they train on billions of characters, where even the 50,000th pair is common.
#
# ## Summary
#
# - Files hold bytes; always decode them with an explicit encoding (`utf-8`), and normalise Unicode (NFKC) before counting.
# - English tokenizers disagree on contractions, numbers, URLs and emoji. Pick one and use it everywhere.
# - Chinese needs segmentation: characters are simple and robust, words (jieba) are shorter but depend on a dictionary. OpenCC converts Traditional and Simplified characters by phrase, not by character.
# - Stemming and lemmatization merge word forms; stop words are frequent function words.
# - Token frequencies follow Zipf's law, so a minimum frequency shrinks a vocabulary a lot for a small rise in `<unk>`.
# - BPE learns subwords from data, encodes any text without `<unk>`, and trades sequence length against vocabulary size.
#
# ## Exercises
#
# Each exercise gives a function to complete. Run its cell: a check calls your function on cases with known answers and tells you what passed. The solution is in the collapsed cell below it; try first.
# %% [markdown] zh
# 对英文来说，最初的几百次合并带来了大部分压缩效果；此后每次合并节省得很少，却增加一个更罕见的词元。中文一开始每个字符接近三个词元（每个字的 UTF-8 编码有三个字节），到 1,000 次合并时仍在明显下降：合并必须先把几千个汉字拼完整，才能再把字连成词。实际的模型通常有几万个词元（GPT-2 有 50,257 个），因为它们在几十亿个字符上训练，即使排第五万的字节对也很常见。
#
# ## 小结
#
# - 文件里存的是字节；解码时一定要明确指定编码（`utf-8`），计数之前先做 Unicode 规范化（NFKC）。
# - 各种英文分词器在缩写、数字、网址和表情符号上各不相同。选定一种，处处使用同一种。
# - 中文需要分词：按字简单稳妥，按词（jieba）序列更短但依赖词典。OpenCC 按词组而不是按单字做繁简转换。
# - 词干提取和词形还原把同一个词的不同形式合并；停用词是高频的功能词。
# - 词元频率服从齐普夫定律，所以设置最小词频能大幅缩小词表，而 `<unk>` 只略微增多。
# - BPE 从数据中学习子词，能编码任何文本而无需 `<unk>`，并在序列长度与词表大小之间取舍。
#
# ## 练习
#
# 每道练习都给出一个待完成的函数。运行它所在的单元格，检查程序会用已知答案的用例调用你的函数，并告诉你哪些通过了。答案在下方折叠的单元格里，请先自己尝试。
# %% [markdown] en
# ### Exercise 1: character n-grams with boundaries
#
# fastText represents a word by its character n-grams, after adding `<` at the start and `>` at the end so that prefixes and suffixes are recognisable. Write `char_ngrams(word, n)` that returns those n-grams as strings, in order. For `"where"` and `n = 3`: `["<wh", "whe", "her", "ere", "re>"]`. A padded word shorter than `n` has no n-grams.
# %% [markdown] zh
# ### 练习 1：带边界的字符 n 元语法
#
# fastText 用单词的字符 n 元语法来表示这个词：先在开头加 `<`、结尾加 `>`，这样前缀和后缀就能被识别出来。请编写 `char_ngrams(word, n)`，按顺序以字符串形式返回这些 n 元语法。例如 `"where"`、`n = 3` 时返回 `["<wh", "whe", "her", "ere", "re>"]`。加上边界后仍短于 `n` 的词没有 n 元语法。
# %%
from oi_helpers.exercises import Case


def char_ngrams(word, n):
    raise NotImplementedError


CHAR_NGRAM_CASES = [
    Case(("where", 3), ["<wh", "whe", "her", "ere", "re>"]),
    Case(("语言", 2), ["<语", "语言", "言>"]),
    Case(("a", 3), ["<a>"]),
    Case(("", 2), ["<>"]),
    Case(("", 3), []),
    Case(("cat", 6), []),
]
CHAR_NGRAM_HINT = {
    "en": "Build s = '<' + word + '>' first, then take s[i:i + n] for every start i from 0 to len(s) - n.",
    "zh": "先构造 s = '<' + word + '>'，再对从 0 到 len(s) - n 的每个起点 i 取 s[i:i + n]。",
}
oi.exercises.check({"en": "Exercise 1: character n-grams", "zh": "练习 1：字符 n 元语法"},
                   char_ngrams, CHAR_NGRAM_CASES, hint=CHAR_NGRAM_HINT);
# %% solution
def char_ngrams(word, n):
    padded = "<" + word + ">"
    return [padded[i:i + n] for i in range(len(padded) - n + 1)]


oi.exercises.check({"en": "Exercise 1: character n-grams", "zh": "练习 1：字符 n 元语法"},
                   char_ngrams, CHAR_NGRAM_CASES, hint=CHAR_NGRAM_HINT);
# %% [markdown] en
# ### Exercise 2: forward maximum matching
#
# Before statistical segmenters, Chinese was segmented with a dictionary and a greedy rule. At each position, take the **longest** dictionary word (at most `max_len` characters) that starts there, or a single character if no word does. Write `max_match(sentence, dictionary, max_len)` returning the list of words. The cases include "研究生命起源", where the greedy rule goes wrong (研究生 / 命 / 起源) while jieba got it right.
# %% [markdown] zh
# ### 练习 2：正向最大匹配
#
# 在统计分词方法出现之前，中文分词靠词典加一条贪心规则：在每个位置取从这里开始的**最长**词典词（最多 `max_len` 个字）；如果没有，就取单个字。请编写 `max_match(sentence, dictionary, max_len)`，返回词的列表。用例中包括“研究生命起源”：贪心规则在这里会切错（研究生 / 命 / 起源），而 jieba 切对了。
# %%
def max_match(sentence, dictionary, max_len):
    raise NotImplementedError


MAX_MATCH_CASES = [
    Case(("研究生命起源", {"研究", "研究生", "生命", "起源", "命"}, 3), ["研究生", "命", "起源"]),
    Case(("乒乓球拍卖完了", {"乒乓", "乒乓球", "乒乓球拍", "拍卖", "卖完"}, 4), ["乒乓球拍", "卖完", "了"]),
    Case(("我爱NLP", {"我", "爱"}, 3), ["我", "爱", "N", "L", "P"]),
    Case(("自然语言处理", {"自然", "自然语言", "语言", "处理", "自然语言处理"}, 4), ["自然语言", "处理"]),
    Case(("", {"词"}, 2), []),
]
MAX_MATCH_HINT = {
    "en": "Keep a position i. Try lengths from min(max_len, len(sentence) - i) down to 2; "
          "take the first slice that is in the dictionary, otherwise take one character. Then move i past it.",
    "zh": "维护当前位置 i。长度从 min(max_len, len(sentence) - i) 往下试到 2，"
          "取第一个在词典中的切片，都不在就取单个字；然后把 i 移到它后面。",
}
oi.exercises.check({"en": "Exercise 2: forward maximum matching", "zh": "练习 2：正向最大匹配"},
                   max_match, MAX_MATCH_CASES, hint=MAX_MATCH_HINT);
# %% solution
def max_match(sentence, dictionary, max_len):
    words, i = [], 0
    while i < len(sentence):
        length = 1
        for candidate in range(min(max_len, len(sentence) - i), 1, -1):
            if sentence[i:i + candidate] in dictionary:
                length = candidate
                break
        words.append(sentence[i:i + length])
        i += length
    return words


oi.exercises.check({"en": "Exercise 2: forward maximum matching", "zh": "练习 2：正向最大匹配"},
                   max_match, MAX_MATCH_CASES, hint=MAX_MATCH_HINT);
# %% [markdown] en
# ### Exercise 3: one BPE merge
#
# The heart of BPE is one operation: replace every occurrence of a pair of ids by a new id, scanning from left to right, without overlaps. Write `merge_pair(ids, pair, new_id)`. For `[5, 5, 5]` and the pair `(5, 5)` the answer is `[7, 5]` (with `new_id = 7`): the first two fives merge, and the third has no partner left.
# %% [markdown] zh
# ### 练习 3：一次 BPE 合并
#
# BPE 的核心是一个操作：从左到右扫描，把一对 id 的每次出现都替换成一个新 id，且不重叠。请编写 `merge_pair(ids, pair, new_id)`。例如对 `[5, 5, 5]` 和词元对 `(5, 5)`（`new_id = 7`），答案是 `[7, 5]`：前两个 5 合并，第三个已经没有搭档了。
# %%
def merge_pair(ids, pair, new_id):
    raise NotImplementedError


MERGE_CASES = [
    Case(([1, 2, 3, 1, 2], (1, 2), 99), [99, 3, 99]),
    Case(([5, 5, 5], (5, 5), 7), [7, 5]),
    Case(([5, 5, 5, 5], (5, 5), 7), [7, 7]),
    Case(([1, 2, 1, 2, 1], (2, 1), 9), [1, 9, 9]),
    Case(([1, 2], (2, 1), 9), [1, 2]),
    Case(([], (1, 2), 9), []),
]
MERGE_HINT = {
    "en": "Walk with an index i. If ids[i] and ids[i + 1] form the pair, append new_id and jump by 2; "
          "otherwise append ids[i] and step by 1. Check that i + 1 is still inside the list.",
    "zh": "用下标 i 向前走。若 ids[i] 与 ids[i + 1] 正好是这一对，就追加 new_id 并前进 2；"
          "否则追加 ids[i] 并前进 1。注意检查 i + 1 是否仍在列表范围内。",
}
oi.exercises.check({"en": "Exercise 3: one BPE merge", "zh": "练习 3：一次 BPE 合并"},
                   merge_pair, MERGE_CASES, hint=MERGE_HINT);
# %% solution
def merge_pair(ids, pair, new_id):
    merged, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == tuple(pair):
            merged.append(new_id)
            i += 2
        else:
            merged.append(ids[i])
            i += 1
    return merged


oi.exercises.check({"en": "Exercise 3: one BPE merge", "zh": "练习 3：一次 BPE 合并"},
                   merge_pair, MERGE_CASES, hint=MERGE_HINT);
# %% [markdown] en
# ### Exercise 4: out-of-vocabulary rate
#
# Write `oov_rate(tokens, vocab)`: the share of `tokens` that are not in the `text.Vocab` `vocab` (use `token in vocab`). An empty list has an OOV rate of 0.0.
# %% [markdown] zh
# ### 练习 4：未登录词率
#
# 请编写 `oov_rate(tokens, vocab)`：返回 `tokens` 中不在 `text.Vocab` 对象 `vocab` 里的词元所占的比例（用 `token in vocab` 判断）。空列表的未登录词率为 0.0。
# %%
def oov_rate(tokens, vocab):
    raise NotImplementedError


small_vocab = text.Vocab(["房间", "干净", "房间", "the", "king"])
OOV_CASES = [
    Case((["房间", "干净"], small_vocab), 0.0),
    Case((["房间", "很", "干净", "啊"], small_vocab), 0.5),
    Case((["the", "queen"], small_vocab), 0.5),
    Case((["a", "b", "c"], small_vocab), 1.0),
    Case(([], small_vocab), 0.0),
]
OOV_HINT = {
    "en": "Count the tokens for which `token not in vocab`, then divide by len(tokens); return 0.0 first when the list is empty.",
    "zh": "数出满足 `token not in vocab` 的词元个数，再除以 len(tokens)；列表为空时先直接返回 0.0。",
}
oi.exercises.check({"en": "Exercise 4: OOV rate", "zh": "练习 4：未登录词率（OOV 率）"}, oov_rate, OOV_CASES, hint=OOV_HINT);
# %% solution
def oov_rate(tokens, vocab):
    if not tokens:
        return 0.0
    return sum(token not in vocab for token in tokens) / len(tokens)


oi.exercises.check({"en": "Exercise 4: OOV rate", "zh": "练习 4：未登录词率（OOV 率）"}, oov_rate, OOV_CASES, hint=OOV_HINT);
