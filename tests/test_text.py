"""oi_helpers.text: normalisation, tokenizers, vocabularies, byte-pair encoding and n-grams, hard inputs included."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oi_helpers
from oi_helpers import text
from oi_helpers.text import BPE, CharVocab, Vocab

# Inputs a learner really passes; each must give a defined result or a clear error.
HARD_TEXTS = [
    "",
    "   \t\n ",
    "😀👍🏽👨‍👩‍👧🇨🇳",
    "ＡＢＣ１２３，！？：；（）　全角",
    "我用iPhone 15拍照，效果very good！",
    "Mixed ελληνικά, русский, العربية, 日本語のテキスト, 한국어",
    "\ufeffBOM at the start",
    "e\u0301 decomposed accent",
]
NOT_TEXT = [None, b"bytes", bytearray(b"x"), 42, 3.5, float("nan"), ["a", "list"]]
# Long lines that would make a careless regular expression backtrack for minutes.
LONG_LINES = {
    "letters": "a" * 200_000,
    "plus-joined": "a+" * 100_000,
    "dotted": "a." * 100_000,
    "url-then-dots": "http://" + "." * 200_000,
    "digits-and-commas": "1," * 100_000,
    "chinese": "自然语言处理" * 30_000,
    "emoji": "😀" * 100_000,
    "spaces": " " * 200_000,
}
SECONDS_PER_LONG_LINE = 10  # linear code takes well under a second; quadratic code takes minutes


# --- input checks -------------------------------------------------------------

@pytest.mark.parametrize("value", NOT_TEXT, ids=lambda value: type(value).__name__)
@pytest.mark.parametrize("function", [text.normalize, text.tokenize, text.tokenize_en, text.tokenize_zh,
                                      text.tokenize_zh_chars, text.split_sentences, text.bpe_chunks],
                         ids=lambda function: function.__name__)
def test_functions_reject_non_text(function, value):
    with pytest.raises(TypeError):
        function(value)


def test_none_message_names_the_problem():
    with pytest.raises(TypeError, match="None"):
        text.normalize(None)


def test_bytes_message_says_decode():
    with pytest.raises(TypeError, match=r"decode\(\"utf-8\"\)"):
        text.tokenize(b"caf\xc3\xa9")


def test_nan_message_mentions_missing_value():
    with pytest.raises(TypeError, match="missing value"):
        text.tokenize(float("nan"))


def test_errors_in_chinese():
    oi_helpers.set_language("zh")
    with pytest.raises(TypeError, match="收到的是 None"):
        text.tokenize(None)
    with pytest.raises(ValueError, match="未知的分词器"):
        text.tokenize("abc", "klingon")


def test_list_message_says_one_string():
    with pytest.raises(TypeError, match="Pass one string at a time") as caught:
        text.tokenize(["a", "list"])
    assert "['a', 'list']" in str(caught.value)
    assert "nan" not in str(caught.value)


def test_ngrams_of_a_number_names_it():
    with pytest.raises(TypeError, match="got the int 5, which is not iterable") as caught:
        text.ngrams(5, 2)
    assert "list" in str(caught.value)


def test_ngrams_of_bytes_says_decode():
    with pytest.raises(TypeError, match=r"decode\(\"utf-8\"\)") as caught:
        text.ngrams(b"caf\xc3\xa9", 2)
    assert "single string" not in str(caught.value)


def test_vocab_of_none_expects_tokens():
    with pytest.raises(TypeError, match=r"None where tokens \(a list of token strings\)") as caught:
        Vocab(None)
    assert "text (str)" not in str(caught.value)


def test_bpe_vocab_size_string_names_type():
    with pytest.raises(ValueError, match=r"must be an integer of at least 256 .*got the str 'x'") as caught:
        BPE.train("abc", "x")
    assert "needs at least" not in str(caught.value)


def test_bpe_vocab_size_too_small_message():
    with pytest.raises(ValueError, match="at least 256 tokens .* vocab_size = 100"):
        BPE.train("abc", 100)


def test_input_check_errors_in_chinese():
    oi_helpers.set_language("zh")
    with pytest.raises(TypeError, match="请一次只传入一个字符串"):
        text.tokenize(["a", "list"])
    with pytest.raises(TypeError, match="int 5，它不可迭代"):
        text.ngrams(5, 2)
    with pytest.raises(TypeError, match="解码"):
        text.ngrams(b"ab", 2)
    with pytest.raises(TypeError, match="tokens 应当是由词元字符串组成的列表，但收到的是 None"):
        Vocab(None)
    with pytest.raises(ValueError, match="vocab_size 必须是不小于 256 的整数"):
        BPE.train("abc", "x")


# --- normalisation -------------------------------------------------------------

def test_nfkc_maps_full_width_forms():
    assert text.normalize("ＡＢＣ１２３") == "ABC123"
    assert text.normalize("，！？：；（）") == ",!?:;()"
    assert text.normalize("全角　空格") == "全角 空格"  # U+3000 ideographic space


def test_nfkc_keeps_chinese_full_stop_and_quotes():
    assert text.normalize("“你好。”、《书》") == "“你好。”、《书》"


def test_normalize_drops_invisible_keeps_joiner():
    assert text.normalize("\ufeffa\u200bb") == "ab"
    family = "👨\u200d👩\u200d👧"
    assert text.normalize(family) == family


def test_normalize_composes_accents():
    assert text.normalize("e\u0301", "NFC") == "é"
    assert text.normalize("é", "NFD") == "e\u0301"
    assert text.normalize("e\u0301", None) == "e\u0301"


def test_normalize_casefold_and_whitespace():
    assert text.normalize("Straße", casefold=True) == "strasse"
    assert text.normalize("  a \t\n b  ", collapse_whitespace=True) == "a b"
    assert text.normalize("   ", collapse_whitespace=True) == ""


def test_normalize_rejects_unknown_form():
    with pytest.raises(ValueError, match="NFKC"):
        text.normalize("x", "NFX")


@pytest.mark.parametrize("sample", HARD_TEXTS)
def test_normalize_is_idempotent(sample):
    once = text.normalize(sample, casefold=True, collapse_whitespace=True)
    assert text.normalize(once, casefold=True, collapse_whitespace=True) == once


# --- tokenizers ------------------------------------------------------------------

def test_en_keeps_contractions_urls_numbers_emoji():
    sample = "I can't pay $3.50 at https://example.com/a?b=1. 😀 👍🏽 U.S.A. e-mail 1,000 50% 10:30"
    assert text.tokenize(sample) == [
        "I", "can't", "pay", "$", "3.50", "at", "https://example.com/a?b=1", ".", "😀", "👍🏽",
        "U.S.A.", "e-mail", "1,000", "50%", "10:30"]


def test_en_keeps_email_and_flag_and_family():
    assert text.tokenize("mail a.b+c@ex-ample.co.uk 🇨🇳 👨‍👩‍👧!") == [
        "mail", "a.b+c@ex-ample.co.uk", "🇨🇳", "👨\u200d👩\u200d👧", "!"]


def test_en_treats_a_chinese_clause_as_one_word():
    assert text.tokenize("我爱自然语言处理。") == ["我爱自然语言处理", "。"]


def test_en_lowercase_option():
    assert text.tokenize("The Cat", lowercase=True) == ["the", "cat"]


def test_zh_char_splits_chinese_keeps_latin_words():
    assert text.tokenize("我用iPhone 15拍照！", "zh-char") == ["我", "用", "iPhone", "15", "拍", "照", "！"]


def test_zh_segments_words_with_jieba():
    assert text.tokenize("我来到北京清华大学", "zh") == ["我", "来到", "北京", "清华大学"]


def test_zh_keeps_urls_and_emoji():
    tokens = text.tokenize("访问https://example.com/a?b=1看看 👨‍👩‍👧", "zh")
    assert tokens == ["访问", "https://example.com/a?b=1", "看看", "👨\u200d👩\u200d👧"]


def test_char_tokenizer_round_trips():
    for sample in HARD_TEXTS:
        assert "".join(text.tokenize(sample, "char")) == sample


@pytest.mark.parametrize("method", ["en", "zh", "zh-char"])
@pytest.mark.parametrize("sample", ["", " ", "\n\t  \u3000"])
def test_empty_and_blank_give_no_tokens(method, sample):
    assert text.tokenize(sample, method) == []


@pytest.mark.parametrize("method", ["en", "zh", "zh-char"])
@pytest.mark.parametrize("sample", HARD_TEXTS)
def test_tokens_cover_every_visible_character(method, sample):
    tokens = text.tokenize(sample, method)
    assert all(token and not token.isspace() for token in tokens)
    assert "".join(tokens) == "".join(sample.split())


def test_unknown_tokenizer_lists_choices():
    with pytest.raises(ValueError, match="zh-char"):
        text.tokenize("abc", "words")


@pytest.mark.parametrize("name", sorted(LONG_LINES))
@pytest.mark.parametrize("method", ["en", "zh-char", "zh"])
def test_long_lines_tokenize_in_linear_time(method, name):
    line = LONG_LINES[name]
    start = time.perf_counter()
    tokens = text.tokenize(line, method)
    assert time.perf_counter() - start < SECONDS_PER_LONG_LINE
    assert "".join(tokens) == "".join(line.split())


@given(st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_en_tokens_never_lose_characters(sample):
    assert "".join(text.tokenize(sample)) == "".join(sample.split())


# --- sentences -------------------------------------------------------------------

def test_split_sentences_english_and_chinese():
    sample = "He left! Did he? “Yes.” Then 他走了。她也走了！！真的吗？”是的。"
    assert text.split_sentences(sample) == ["He left!", "Did he?", "“Yes.”", "Then 他走了。", "她也走了！！",
                                            "真的吗？”", "是的。"]


def test_split_sentences_blank():
    assert text.split_sentences("") == []
    assert text.split_sentences("  \n ") == []


def test_split_sentences_splits_after_abbreviations():
    # A documented limit of the plain rule.
    assert text.split_sentences("Dr. Smith left.") == ["Dr.", "Smith left."]


# --- jieba -----------------------------------------------------------------------

JIEBA_SCRIPT = "from oi_helpers import text; print(text.tokenize('我来到北京清华大学', 'zh'))"


def _run_python(script: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)


def test_jieba_loads_quietly_with_a_per_user_cache(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    first = _run_python(JIEBA_SCRIPT, env)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert "清华大学" in first.stdout
    version = f"py{sys.version_info.major}.{sys.version_info.minor}"
    cache_file = tmp_path / "cache" / "oi_helpers" / "jieba" / version / "jieba.cache"
    assert cache_file.is_file()
    assert not (tmp_path / "tmp" / "jieba.cache").exists()

    second = _run_python(JIEBA_SCRIPT, env)
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""
    assert second.stdout == first.stdout


def test_jieba_cache_unusable_home_fallback(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(text.tempfile, "tempdir", None)  # make gettempdir() read TMPDIR again
    folder = text.jieba_cache_dir()
    assert folder.is_dir()
    assert folder.is_relative_to(tmp_path)
    assert not folder.is_relative_to(blocker)


def test_jieba_cache_foreign_folder_fallback(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setattr(text, "_is_private_writable_dir", lambda folder: False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(text.tempfile, "tempdir", None)
    folder = text.jieba_cache_dir()
    assert folder.is_dir()
    assert folder.name.startswith("oi_helpers-jieba-")


# --- n-grams ---------------------------------------------------------------------

def test_ngrams_of_tokens():
    assert text.ngrams(["a", "b", "c"], 2) == [("a", "b"), ("b", "c")]
    assert text.ngrams(["a", "b", "c"], 1) == [("a",), ("b",), ("c",)]


def test_ngrams_of_a_string_are_character_ngrams():
    assert text.ngrams("自然语言", 2) == [("自", "然"), ("然", "语"), ("语", "言")]


def test_ngrams_padding():
    assert text.ngrams(["a", "b"], 3, pad=True) == [
        ("<s>", "<s>", "a"), ("<s>", "a", "b"), ("a", "b", "</s>")]
    assert text.ngrams([], 2, pad=True) == [("<s>", "</s>")]


def test_ngrams_shorter_than_n_is_empty():
    assert text.ngrams(["a"], 2) == []
    assert text.ngrams("", 1) == []


@pytest.mark.parametrize("n", [0, -1, 1.5, "2", True, None])
def test_ngrams_reject_bad_n(n):
    with pytest.raises(ValueError, match="positive integer"):
        text.ngrams(["a", "b"], n)


def test_ngrams_reject_non_tokens():
    with pytest.raises(TypeError):
        text.ngrams(None, 2)
    with pytest.raises(TypeError):
        text.ngrams([1, 2, 3], 2)


def test_count_ngrams_over_sequences():
    counts = text.count_ngrams([["a", "b", "a", "b"], ["a", "b"]], 2)
    assert counts == {("a", "b"): 3, ("b", "a"): 1}


# --- Vocab -----------------------------------------------------------------------

CORPUS = [["the", "cat", "sat"], ["the", "dog", "sat"], ["the", "end"]]


def test_vocab_orders_specials_then_frequency_then_alphabet():
    vocab = Vocab.from_sequences(CORPUS)
    assert vocab.itos == ["<pad>", "<unk>", "the", "sat", "cat", "dog", "end"]
    assert vocab.pad_id == 0
    assert vocab.unk_id == 1


def test_vocab_min_freq_and_max_size():
    assert Vocab.from_sequences(CORPUS, min_freq=2).itos == ["<pad>", "<unk>", "the", "sat"]
    assert Vocab.from_sequences(CORPUS, max_size=1).itos == ["<pad>", "<unk>", "the"]
    assert Vocab.from_sequences(CORPUS, max_size=0).itos == ["<pad>", "<unk>"]


def test_vocab_from_counts_and_extra_specials():
    vocab = Vocab({"b": 1, "a": 5}, specials=["<s>", "</s>", "<pad>"])
    assert vocab.itos == ["<pad>", "<unk>", "<s>", "</s>", "a", "b"]


@pytest.mark.parametrize("count", [-1, 1.5, "3", None])
def test_vocab_rejects_bad_counts(count):
    with pytest.raises(ValueError, match="non-negative integer"):
        Vocab({"a": count})


def test_vocab_keeps_counts_below_min_freq():
    vocab = Vocab.from_sequences(CORPUS, min_freq=2)
    assert vocab.counts["dog"] == 1
    assert "dog" not in vocab


def test_vocab_unknown_tokens_map_to_unk():
    vocab = Vocab.from_sequences(CORPUS)
    assert vocab.encode(["the", "zebra"]) == [2, 1]
    assert vocab["zebra"] == vocab.unk_id
    assert vocab.decode([2, 1]) == ["the", "<unk>"]


def test_vocab_decode_skip_specials_and_arrays():
    vocab = Vocab.from_sequences(CORPUS)
    assert vocab.decode(np.array([0, 2, 1, 3]), skip_specials=True) == ["the", "sat"]


def test_vocab_empty_corpus_has_only_specials():
    vocab = Vocab()
    assert len(vocab) == 2
    assert vocab.encode([]) == []
    assert vocab.encode(["anything"]) == [vocab.unk_id]


def test_vocab_encode_rejects_a_string():
    vocab = Vocab.from_sequences(CORPUS)
    with pytest.raises(TypeError, match="Tokenize it first"):
        vocab.encode("the cat")
    with pytest.raises(TypeError, match="Tokenize it first"):
        Vocab.from_sequences(["the cat sat", "the dog"])


def test_vocab_rejects_non_str_tokens():
    with pytest.raises(TypeError, match="must be a str"):
        Vocab(["a", None])


@pytest.mark.parametrize("bad", [[99], [-1], [1.0], ["the"], [True]])
def test_vocab_decode_rejects_bad_ids(bad):
    vocab = Vocab.from_sequences(CORPUS)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        vocab.decode(bad)


@pytest.mark.parametrize("options", [{"min_freq": 0}, {"min_freq": 1.5}, {"max_size": -1}, {"max_size": "10"}])
def test_vocab_rejects_bad_options(options):
    with pytest.raises(ValueError):
        Vocab.from_sequences(CORPUS, **options)


def test_vocab_pad_batch():
    vocab = Vocab.from_sequences(CORPUS)
    assert vocab.pad_batch([[2, 3], [4]]) == [[2, 3], [4, 0]]
    assert vocab.pad_batch([[2, 3, 4], [5]], length=2) == [[2, 3], [5, 0]]
    assert vocab.pad_batch([]) == []
    with pytest.raises(ValueError):
        vocab.pad_batch([[1]], length=-1)


token_lists = st.lists(st.lists(st.text(min_size=1, max_size=5), max_size=8), max_size=6)


@given(token_lists)
@settings(max_examples=150, deadline=None)
def test_vocab_round_trip_for_known_tokens(sequences):
    vocab = Vocab.from_sequences(sequences)
    for sequence in sequences:
        known = [token for token in sequence if token in vocab]
        assert vocab.decode(vocab.encode(known)) == known


@given(token_lists, st.integers(min_value=1, max_value=3))
@settings(max_examples=100, deadline=None)
def test_vocab_ids_are_dense_and_unique(sequences, min_freq):
    vocab = Vocab.from_sequences(sequences, min_freq=min_freq)
    assert sorted(vocab.stoi.values()) == list(range(len(vocab)))
    assert all(vocab.counts[token] >= min_freq for token in vocab.itos[2:])


# --- BPE -------------------------------------------------------------------------

def test_bpe_learns_the_expected_merges():
    # In "aaabdaaabac", aa occurs 4 times because overlaps count. Next, ab and (aa)a
    # both occur twice and the smaller pair wins. Then (aa)(ab) occurs twice.
    # Every other pair occurs once, below the default min_frequency of 2.
    bpe = BPE.train("aaabdaaabac", 300)
    a, b = ord("a"), ord("b")
    assert bpe.merges == [(a, a), (a, b), (256, 257)]
    assert bpe.merge_counts == [4, 2, 2]
    assert bpe.token_text(258) == "aaab"
    assert bpe.encode("aaabdaaabac") == [258, ord("d"), 258, a, ord("c")]


def test_bpe_min_frequency_one_keeps_merging():
    bpe = BPE.train("aaabdaaabac", 300, min_frequency=1)
    assert len(bpe.merges) > 3


def test_bpe_does_not_merge_across_chunks():
    bpe = BPE.train("ab ab ab ab", 300)
    assert all(b" " not in token[1:] for token in bpe.vocab[256:])


def test_bpe_vocab_size_is_an_upper_bound():
    bpe = BPE.train("the cat sat on the mat " * 20, 260)
    assert len(bpe) == 260
    assert bpe.vocab_size == 260


def test_bpe_empty_text_gives_the_byte_vocabulary():
    bpe = BPE.train("", 1000)
    assert len(bpe) == 256
    assert bpe.encode("") == []
    assert bpe.decode([]) == ""
    assert bpe.decode(bpe.encode("新 😀")) == "新 😀"


@pytest.mark.parametrize("size", [255, 0, -1, 300.0, None, True])
def test_bpe_rejects_bad_vocab_size(size):
    with pytest.raises(ValueError):
        BPE.train("abc", size)


def test_bpe_rejects_non_text():
    with pytest.raises(TypeError):
        BPE.train(None, 300)
    with pytest.raises(TypeError):
        BPE().encode(b"bytes")


@pytest.mark.parametrize("merges", [[(256, 1)], [(1, 2), (300, 1)], [(1,)], [(1, 2, 3)], [None], [(-1, 2)]])
def test_bpe_rejects_bad_merges(merges):
    with pytest.raises(ValueError, match="Merge"):
        BPE(merges)


def test_bpe_from_merge_prefix():
    trained = BPE.train("low lower lowest newer wider " * 10, 280)
    smaller = BPE(trained.merges[:5])
    assert len(smaller) == 261
    sample = "lowest newest"
    assert smaller.decode(smaller.encode(sample)) == sample
    assert len(smaller.encode(sample)) >= len(trained.encode(sample))


def test_bpe_decode_of_a_cut_character_uses_replacement():
    bpe = BPE()
    ids = bpe.encode("中")
    assert len(ids) == 3
    assert bpe.decode(ids[:2]) == "\ufffd"
    assert bpe.token_text(ids[0]) == "\\xe4"


@pytest.mark.parametrize("bad", [[256], [-1], [1.5], ["a"]])
def test_bpe_decode_rejects_bad_ids(bad):
    with pytest.raises(ValueError, match="outside the vocabulary"):
        BPE().decode(bad)


def test_bpe_rejects_lone_surrogates():
    with pytest.raises(UnicodeEncodeError):
        BPE().encode("a\ud800b")


def test_bpe_learns_chinese_characters():
    sample = "自然语言处理。" * 50
    bpe = BPE.train(sample, 300)
    assert "自然语言处理" in [bpe.token_text(index) for index in range(256, len(bpe))]
    assert bpe.tokens("自然语言处理") == ["自然语言处理"]


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_bpe_long_lines_round_trip_quickly(name):
    bpe = BPE.train("aaaa a+a+ 1,1, 自然语言处理 😀😀 .... http://x   " * 20, 400)
    line = LONG_LINES[name]
    start = time.perf_counter()
    ids = bpe.encode(line)
    assert time.perf_counter() - start < SECONDS_PER_LONG_LINE
    assert bpe.decode(ids) == line


def _train_by_recounting(sample: str, max_merges: int) -> list[tuple[int, int]]:
    """Reference BPE training: recount every pair before each merge, ties to the smaller pair."""
    chunk_counts = Counter(text.bpe_chunks(sample))
    words = [list(chunk.encode("utf-8")) for chunk in chunk_counts]
    frequencies = list(chunk_counts.values())
    merges = []
    for step in range(max_merges):
        pair_counts = Counter()
        for word, frequency in zip(words, frequencies):
            for pair in zip(word, word[1:]):
                pair_counts[pair] += frequency
        if not pair_counts:
            break
        best = min(pair_counts, key=lambda pair: (-pair_counts[pair], pair))
        if pair_counts[best] < 2:
            break
        merges.append(best)
        words = [text._merge_pair(word, best, 256 + step) for word in words]
    return merges


@given(st.text(alphabet="ab 自然\n", max_size=120))
@settings(max_examples=200, deadline=None)
def test_bpe_training_matches_recounting(sample):
    assert BPE.train(sample, 256 + 40).merges == _train_by_recounting(sample, 40)


def test_bpe_training_matches_recounting_on_mixed_text():
    sample = "the theme of the thesis 自然语言处理自然语言 aaaa abab ababab " * 7
    assert BPE.train(sample, 256 + 60).merges == _train_by_recounting(sample, 60)


@pytest.fixture(scope="module")
def trained_bpe():
    corpus = ("The quick brown fox jumps over the lazy dog. 我爱自然语言处理，也爱机器学习！"
              "Emoji 😀👍🏽 and numbers 1,234.5 and ＡＢＣ full width. ") * 30
    return BPE.train(corpus, 500)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_bpe_round_trip_always(trained_bpe, sample):
    assert trained_bpe.decode(trained_bpe.encode(sample)) == sample


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_bpe_chunks_join_to_the_text(sample):
    assert "".join(text.bpe_chunks(sample)) == sample


@given(st.lists(st.sampled_from(list("The quick fox 我爱处理 aaaa".encode("utf-8"))), max_size=300))
@settings(max_examples=200, deadline=None)
def test_bpe_heap_merge_equals_rescanning(trained_bpe, byte_values):
    expected = text._merge_by_rescanning(list(byte_values), trained_bpe.ranks)
    assert text._merge_with_heap(list(byte_values), trained_bpe.ranks) == expected


# --- CharVocab (unchanged API) -----------------------------------------------------

def test_char_vocab_round_trip_and_unknown():
    vocab = CharVocab.from_text("hello 世界")
    assert vocab.decode(vocab.encode("hello世")) == "hello世"
    with pytest.raises(ValueError, match="not in the vocabulary"):
        vocab.encode("z")
    with pytest.raises(TypeError):
        vocab.encode(None)
    with pytest.raises(ValueError):
        CharVocab.from_text("")


@given(st.text(min_size=1, max_size=100))
@settings(max_examples=100, deadline=None)
def test_char_vocab_round_trip(sample):
    vocab = CharVocab.from_text(sample)
    assert vocab.decode(vocab.encode(sample)) == sample


def test_module_imports_without_jieba_loaded():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, oi_helpers.text; print('jieba' in sys.modules)"],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent)
    assert result.stdout.strip() == "False"
