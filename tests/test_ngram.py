"""Tests of oi_helpers.ngram: agreement with nltk.lm, normalization, perplexity and sampling."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from nltk.lm import MLE, KneserNeyInterpolated, Lidstone, Vocabulary
from nltk.util import ngrams

from oi_helpers.ngram import BOS, EOS, UNK, NGramLM, pad

TRAIN_TEXT = (
    "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs on.\n"
    "A lazy afternoon: the brown dog dreams of a quick fox, and the fox dreams of nothing.\n"
    "Over the hill the river runs, and over the river the old bridge stands.\n"
)
TEST_TEXT = "The old fox jumps over the quiet river, and the dog runs home.\n"

TRAIN_WORDS = [line.lower().split() for line in TRAIN_TEXT.replace(".", " .").replace(",", " ,").splitlines()]
TEST_WORDS = [TEST_TEXT.lower().replace(".", " .").replace(",", " ,").split(), ["a", "zebra", "runs"]]


def nltk_model(kind: str, order: int, sequences, min_count: int = 1, **settings):
    """Fit an nltk.lm model on the n-grams our model counts, built here independently of oi_helpers.

    Tokens seen fewer than ``min_count`` times become <unk>; every sequence gets
    ``order - 1`` start markers and one end marker, and only n-grams that end
    on a predicted token (not a start marker) are counted.
    """
    frequency = Counter(token for sequence in sequences for token in sequence)
    kept = {token for token, count in frequency.items() if count >= min_count}
    grams = []
    for sequence in sequences:
        padded = [BOS] * (order - 1) + [t if t in kept else UNK for t in sequence] + [EOS]
        for m in range(1, order + 1):
            grams.extend(g for g in ngrams(padded, m) if g[-1] != BOS)
    # nltk counts <UNK> in len(vocab) by itself, so the vocabulary text leaves <unk> out.
    vocabulary_text = sorted(kept) + [BOS, EOS]
    classes = {
        "mle": lambda: MLE(order, vocabulary=Vocabulary(unk_label=UNK)),
        "add_k": lambda: Lidstone(settings["k"], order, vocabulary=Vocabulary(unk_label=UNK)),
        "kneser_ney": lambda: KneserNeyInterpolated(order, discount=settings["discount"],
                                                    vocabulary=Vocabulary(unk_label=UNK)),
    }
    model = classes[kind]()
    model.fit([grams], vocabulary_text=vocabulary_text)
    return model


def contexts_to_check(model: NGramLM, sequences) -> list[tuple]:
    """Full contexts from the test data, every shorter suffix of them, and a context never seen in training."""
    contexts = set()
    for sequence in sequences:
        padded = pad(model.lookup(sequence), model.order)
        for i in range(model.order - 1, len(padded)):
            full = tuple(padded[i - model.order + 1:i])
            for start in range(len(full) + 1):
                contexts.add(full[start:])
    contexts.add(tuple([model.vocab[-1]] * (model.order - 1)))
    return sorted(contexts)


CASES = [
    ("chars", "mle", 3, 1, {}),
    ("chars", "add_k", 3, 1, {"k": 0.5}),
    ("chars", "add_k", 2, 1, {"k": 1.0}),
    ("chars", "kneser_ney", 2, 1, {"discount": 0.75}),
    ("chars", "kneser_ney", 4, 1, {"discount": 0.75}),
    ("chars", "kneser_ney", 3, 2, {"discount": 0.3}),
    ("words", "mle", 2, 1, {}),
    ("words", "add_k", 3, 2, {"k": 0.1}),
    ("words", "kneser_ney", 3, 2, {"discount": 0.75}),
]


@pytest.mark.parametrize("level, smoothing, order, min_count, settings", CASES)
def test_probabilities_match_nltk(level, smoothing, order, min_count, settings):
    train, test = ([TRAIN_TEXT], [TEST_TEXT]) if level == "chars" else (TRAIN_WORDS, TEST_WORDS)
    ours = NGramLM(order, smoothing, min_count=min_count, **settings).fit(train)
    theirs = nltk_model(smoothing, order, train, min_count=min_count, **settings)
    assert len(theirs.vocab) == len(ours.vocab)
    for context in contexts_to_check(ours, test):
        for token in ours.vocab:
            expected = theirs.score(token, context)
            assert ours.prob(token, context) == pytest.approx(expected, rel=1e-12, abs=1e-15), (context, token)


@pytest.mark.parametrize("level, smoothing, order, min_count, settings",
                         [case for case in CASES if case[1] != "mle"])
def test_perplexity_matches_nltk(level, smoothing, order, min_count, settings):
    train, test = ([TRAIN_TEXT], [TEST_TEXT]) if level == "chars" else (TRAIN_WORDS, TEST_WORDS)
    ours = NGramLM(order, smoothing, min_count=min_count, **settings).fit(train)
    theirs = nltk_model(smoothing, order, train, min_count=min_count, **settings)
    test_ngrams = [gram for sequence in test for gram in ngrams(pad(ours.lookup(sequence), order), order)]
    assert ours.perplexity(test) == pytest.approx(theirs.perplexity(test_ngrams), rel=1e-9)


@pytest.mark.parametrize("smoothing", ["add_k", "kneser_ney"])
@pytest.mark.parametrize("order", [2, 3, 5])
def test_distribution_sums_to_one(smoothing, order):
    model = NGramLM(order, smoothing, k=0.2).fit([TRAIN_TEXT])
    for context in ["", "th", "the ", "zzzz", "ov"]:
        probs = model.distribution(context)
        assert probs.shape == (len(model.vocab),)
        assert probs.sum() == pytest.approx(1.0, abs=1e-12), context
        assert (probs >= 0).all()


@pytest.mark.parametrize("smoothing", ["mle", "add_k", "kneser_ney"])
def test_distribution_equals_prob(smoothing):
    model = NGramLM(3, smoothing, k=0.3).fit(TRAIN_WORDS)
    for context in [(), ("the",), ("the", "fox"), ("zebra", "the"), ("unknown", "words")]:
        expected = np.array([model.prob(token, context) for token in model.vocab])
        np.testing.assert_allclose(model.distribution(context), expected, rtol=1e-12, atol=1e-15)


def test_mle_gives_unseen_ngram_zero_probability():
    model = NGramLM(2, "mle").fit(["abab"])
    assert model.prob("b", "a") == 1.0
    assert model.prob("a", "a") == 0.0
    assert model.perplexity(["aa"]) == math.inf


def test_mle_bigram_by_hand():
    model = NGramLM(2, "mle").fit(["abba"])
    # Padded: <s> a b b a </s>; after b come b and a.
    assert model.prob("a", "b") == pytest.approx(0.5)
    assert model.prob("b", "b") == pytest.approx(0.5)
    assert model.prob("a", [BOS]) == 1.0
    assert model.prob(EOS, "a") == pytest.approx(0.5)


def test_add_k_by_hand():
    model = NGramLM(2, "add_k", k=0.5).fit(["abba"])
    vocab_size = len(model.vocab)           # <s>, </s>, <unk>, a, b
    assert vocab_size == 5
    assert model.prob("a", "b") == pytest.approx((1 + 0.5) / (2 + 0.5 * vocab_size))
    assert model.prob("a", "z") == pytest.approx(1 / vocab_size)   # unseen context: uniform


def test_perplexity_counts_predicted_tokens_only():
    model = NGramLM(3, "add_k", k=1.0).fit(["hello world"])
    logprobs = model.logprobs("hello")
    # The two start markers are context only; "hello" and the end marker are predicted.
    assert len(logprobs) == len("hello") + 1
    expected = math.exp(-sum(logprobs) / len(logprobs))
    assert model.perplexity(["hello"]) == pytest.approx(expected)
    assert model.perplexity("hello") == pytest.approx(expected)


def test_perplexity_pools_tokens_across_sequences():
    model = NGramLM(2, "kneser_ney").fit(TRAIN_WORDS)
    first, second = model.logprobs(TEST_WORDS[0]), model.logprobs(TEST_WORDS[1])
    pooled = math.exp(-(sum(first) + sum(second)) / (len(first) + len(second)))
    assert model.perplexity(TEST_WORDS) == pytest.approx(pooled)


def test_perplexity_of_uniform_model_is_vocabulary_size():
    # With k huge, add-k is close to uniform over the vocabulary.
    model = NGramLM(2, "add_k", k=1e12).fit(["abc"])
    assert model.perplexity(["cab"]) == pytest.approx(len(model.vocab), rel=1e-6)


def test_min_count_maps_rare_tokens_to_unk():
    model = NGramLM(2, "mle", min_count=2).fit([["a", "b", "a", "c"]])
    assert model.vocab == [BOS, EOS, UNK, "a"]
    assert model.lookup(["a", "b", "zebra"]) == ["a", UNK, UNK]
    assert model.prob("b", ["a"]) == model.prob(UNK, ["a"]) == 1.0


def test_kneser_ney_unigram_uses_continuation_counts():
    # "b" follows only "a" although it occurs 3 times; "c" follows three different tokens.
    model = NGramLM(2, "kneser_ney", discount=0.5).fit([["a", "b", "a", "b", "a", "b", "x", "c", "y", "c", "a", "c"]])
    unigram_b = model.prob("b", ())
    unigram_c = model.prob("c", ())
    assert unigram_c == pytest.approx(3 * unigram_b)


def test_smoothing_can_change_after_fit():
    model = NGramLM(3, "mle").fit([TRAIN_TEXT])
    assert model.perplexity([TEST_TEXT]) == math.inf
    model.smoothing = "kneser_ney"
    refit = NGramLM(3, "kneser_ney").fit([TRAIN_TEXT])
    assert model.perplexity([TEST_TEXT]) == pytest.approx(refit.perplexity([TEST_TEXT]))
    model.smoothing, model.k = "add_k", 0.01
    assert math.isfinite(model.perplexity([TEST_TEXT]))


def test_sample_is_reproducible_with_seed():
    model = NGramLM(3, "kneser_ney").fit([TRAIN_TEXT])
    first = model.sample(60, prompt="the ", seed=7)
    assert model.sample(60, prompt="the ", seed=7) == first
    assert any(model.sample(60, prompt="the ", seed=seed) != first for seed in range(8, 12))
    assert all(token in model.vocab and token != BOS for token in first)


def test_sample_temperature_zero_is_greedy():
    model = NGramLM(2, "mle").fit(["abcabcabd"])
    # After "a" always "b"; after "b" mostly "c"; greedy never leaves the cycle.
    assert "".join(model.sample(7, prompt="a", temperature=0)) == "bcabcab"
    assert model.sample(7, prompt="a", temperature=0, seed=1) == model.sample(7, prompt="a", temperature=0, seed=2)


def test_sample_stops_at_end_marker():
    model = NGramLM(2, "mle").fit(["ab"])
    assert model.sample(50, seed=0) == ["a", "b"]


@pytest.mark.parametrize("arguments, message", [
    ({"order": 0}, "order"),
    ({"order": 2.0}, "order"),
    ({"order": 2, "smoothing": "laplace"}, "smoothing"),
    ({"order": 1, "smoothing": "kneser_ney"}, "at least 2"),
    ({"order": 2, "smoothing": "add_k", "k": 0}, "positive"),
    ({"order": 2, "discount": 1.5}, "between 0 and 1"),
    ({"order": 2, "min_count": 0}, "min_count"),
])
def test_invalid_settings_are_rejected(arguments, message):
    with pytest.raises(ValueError, match=message):
        NGramLM(**arguments)


def test_unfitted_model_raises():
    with pytest.raises(RuntimeError, match="fit"):
        NGramLM(2).prob("a", "b")


def test_empty_corpus_is_rejected():
    with pytest.raises(ValueError, match="no tokens"):
        NGramLM(2).fit([""])


def test_bad_sample_settings_are_rejected():
    model = NGramLM(2, "mle").fit(["abc"])
    with pytest.raises(ValueError, match="temperature"):
        model.sample(5, temperature=-1)
    with pytest.raises(ValueError, match="max_tokens"):
        model.sample(-1)


def test_sample_can_skip_unk():
    # x, y and z are seen once, so they become <unk>, which follows "a" three times out of four.
    model = NGramLM(2, "mle", min_count=2).fit([["a", "x", "a", "y", "a", "z", "a"]])
    plain = [model.sample(6, prompt=["a"], seed=seed) for seed in range(20)]
    skipping = [model.sample(6, prompt=["a"], seed=seed, skip_unk=True) for seed in range(20)]
    assert any(UNK in tokens for tokens in plain)
    assert not any(UNK in tokens for tokens in skipping)
