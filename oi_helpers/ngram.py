"""Counting n-gram language models over characters or words.

An order-n model predicts each token from the n - 1 tokens before it (its
context ``h``), with probabilities estimated from counts ``c`` in a training
corpus. Three estimators:

* ``"mle"``: maximum likelihood, ``c(h w) / c(h)``. An n-gram never seen in
  training gets probability 0, so held-out perplexity is usually infinite.
* ``"add_k"``: add-k (Lidstone) smoothing, ``(c(h w) + k) / (c(h) + k |V|)``,
  where ``|V|`` counts every type in :attr:`NGramLM.vocab`, markers included.
* ``"kneser_ney"``: interpolated Kneser–Ney with one absolute discount ``d``
  (Chen and Goodman, "An empirical study of smoothing techniques for language
  modeling", 1998). Each order subtracts ``d`` from every count and gives the
  freed mass to the next lower order. The lower orders count *continuations*
  (how many distinct tokens precede an n-gram) rather than occurrences.

Each sequence is padded with n - 1 start markers ``<s>`` on the left and one
end marker ``</s>`` on the right. The model predicts every token of the
sequence and the end marker, never the start marker. Tokens seen fewer than
``min_count`` times in training are replaced by ``<unk>``, and so are unknown
tokens at test time.

Given the same n-grams, the three estimators return the scores of nltk.lm's
``MLE``, ``Lidstone`` and ``KneserNeyInterpolated`` (tests/test_ngram.py
checks this against nltk 3.10).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from operator import itemgetter

import numpy as np

from .i18n import tr
from .text import BOS, EOS, UNK

SMOOTHING = ("mle", "add_k", "kneser_ney")

# Slices of an n-gram tuple. Used with map(), they keep passes over millions of n-grams inside C.
_context_of = itemgetter(slice(0, -1))
_suffix_of = itemgetter(slice(1, None))
_middle_of = itemgetter(slice(1, -1))


def pad(tokens: Sequence, order: int) -> list:
    """Return ``tokens`` as a list with ``order - 1`` start markers before it and one end marker after it."""
    return [BOS] * (order - 1) + list(tokens) + [EOS]


def _as_sequences(sequences) -> list:
    """Accept one string (one sequence of characters) or an iterable of sequences."""
    if isinstance(sequences, str):
        return [sequences]
    if not isinstance(sequences, Iterable):
        raise TypeError(tr("ngram.bad_sequences", kind=type(sequences).__name__))
    return list(sequences)


class NGramLM:
    """An order-``order`` n-gram language model estimated by counting.

    Build it, then :meth:`fit` it on training sequences::

        model = NGramLM(3, smoothing="kneser_ney").fit(["to be or not to be"])
        model.prob("e", ("b",))       # p(e | ..., b), with a short context: a lower-order estimate
        model.perplexity(["to be"])   # per predicted token, end marker included

    ``k`` is the add-k constant and ``discount`` the Kneser–Ney discount in
    [0, 1]. ``smoothing``, ``k`` and ``discount`` may be changed after
    fitting: the counts stay the same. After fitting, ``vocab`` lists every
    type the model knows: the markers ``<s>``, ``</s>``, ``<unk>`` and the
    training tokens seen at least ``min_count`` times.
    """

    def __init__(self, order: int, smoothing: str = "kneser_ney", k: float = 1.0, discount: float = 0.75,
                 min_count: int = 1):
        if isinstance(order, bool) or not isinstance(order, int) or order < 1:
            raise ValueError(tr("ngram.bad_order", value=order))
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(tr("ngram.bad_min_count", value=min_count))
        self.order = order
        self.min_count = min_count
        self.vocab: list[str] = []
        self._index: dict[str, int] = {}
        # counts[m][g] is how often the m-gram g (a tuple of tokens) ends on a predicted token in training.
        self.counts: list[Counter] = []
        # continuations[m][g] is the number of distinct tokens seen before the m-gram g, for m < order.
        # Counted only once Kneser–Ney smoothing is used.
        self.continuations: list[Counter] = []
        # For each kind of count and order m: per context h (the first m - 1 tokens), the sum of the
        # counts of its m-grams (_totals) and how many distinct tokens follow it (_types).
        self._totals: dict[str, list[Counter]] = {}
        self._types: dict[str, list[Counter]] = {}
        self._token_tuples: list[tuple[str]] = []
        self._unigram_continuations = np.zeros(0)
        self.smoothing = smoothing
        self.k = k
        self.discount = discount

    # The estimator settings are read only when scoring, so they can be changed after fit() without recounting.

    @property
    def smoothing(self) -> str:
        """The estimator: "mle", "add_k" or "kneser_ney"."""
        return self._smoothing

    @smoothing.setter
    def smoothing(self, value: str) -> None:
        if value not in SMOOTHING:
            raise ValueError(tr("ngram.bad_smoothing", value=repr(value), choices=", ".join(SMOOTHING)))
        if value == "kneser_ney" and self.order < 2:
            raise ValueError(tr("ngram.kneser_ney_order"))
        self._smoothing = value
        if value == "kneser_ney" and self.counts and not self.continuations:
            self._count_continuations()

    @property
    def k(self) -> float:
        """The add-k constant, a positive number."""
        return self._k

    @k.setter
    def k(self, value: float) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not value > 0:
            raise ValueError(tr("ngram.bad_k", value=value))
        self._k = float(value)

    @property
    def discount(self) -> float:
        """The Kneser–Ney absolute discount, in [0, 1]."""
        return self._discount

    @discount.setter
    def discount(self, value: float) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise ValueError(tr("ngram.bad_discount", value=value))
        self._discount = float(value)

    def __repr__(self) -> str:
        return (f"NGramLM(order={self.order}, smoothing={self.smoothing!r}, vocab_size={len(self.vocab)}, "
                f"ngrams={self.num_ngrams() if self.counts else 0})")

    # --- training -----------------------------------------------------------

    def fit(self, sequences) -> "NGramLM":
        """Count the n-grams of every order up to ``order`` in ``sequences``; returns the model itself.

        ``sequences`` is one string (one sequence of characters) or an iterable
        of sequences, each a string of characters or a list of tokens.
        """
        sequences = _as_sequences(sequences)
        frequency = Counter()
        for sequence in sequences:
            frequency.update(sequence)
        if not frequency:
            raise ValueError(tr("ngram.empty_corpus"))
        kept = sorted(t for t, c in frequency.items() if c >= self.min_count and t not in (BOS, EOS, UNK))
        self.vocab = [BOS, EOS, UNK] + kept
        self._index = {token: i for i, token in enumerate(self.vocab)}

        n = self.order
        self.counts = [Counter() for _ in range(n + 1)]
        raw_totals = [Counter() for _ in range(n + 1)]
        for sequence in sequences:
            padded = pad(self.lookup(sequence), n)
            for m in range(1, n + 1):
                # Only m-grams that end on a predicted token (not on a start marker) are counted.
                tail = padded[n - m:]
                self.counts[m].update(zip(*(tail[i:] for i in range(m))))
                # c(h) sums c(h w) over w: count each context where a token follows it.
                raw_totals[m].update(zip(*(tail[:-1][i:] for i in range(m - 1))) if m > 1 else [()] * len(tail))

        self._totals = {"counts": raw_totals}
        self._types = {"counts": [Counter(map(_context_of, table)) for table in self.counts]}
        self._token_tuples = [(token,) for token in self.vocab]
        self.continuations = []
        if self.smoothing == "kneser_ney":
            self._count_continuations()
        return self

    def _count_continuations(self) -> None:
        """Derive the continuation counts that Kneser–Ney needs from the raw counts."""
        n = self.order
        self.continuations = [Counter() for _ in range(n + 1)]
        totals = [Counter() for _ in range(n + 1)]
        for m in range(1, n):
            # Each distinct (m + 1)-gram u h w adds one continuation to its suffix h w.
            self.continuations[m] = Counter(map(_suffix_of, self.counts[m + 1]))
            totals[m] = Counter(map(_middle_of, self.counts[m + 1]))
        self._totals["continuations"] = totals
        self._types["continuations"] = [Counter(map(_context_of, table)) for table in self.continuations]
        self._unigram_continuations = self._vector(self.continuations[1], ()) / totals[1][()]

    def num_ngrams(self) -> int:
        """Return the number of distinct n-grams of the highest order seen in training."""
        self._require_fitted()
        return len(self.counts[self.order])

    # --- lookup -------------------------------------------------------------

    def lookup(self, tokens: Sequence) -> list[str]:
        """Return ``tokens`` as a list with every token outside the vocabulary replaced by ``<unk>``."""
        self._require_fitted()
        index = self._index
        return [token if token in index else UNK for token in tokens]

    def _require_fitted(self) -> None:
        if not self._index:
            raise RuntimeError(tr("ngram.not_fitted"))

    def _context(self, context: Sequence) -> tuple:
        """Return the last ``order - 1`` tokens of ``context``, looked up in the vocabulary."""
        context = tuple(self.lookup(context))
        return context[-(self.order - 1):] if self.order > 1 else ()

    # --- probabilities ------------------------------------------------------

    def prob(self, token: str, context: Sequence = ()) -> float:
        """Return p(token | context).

        Only the last ``order - 1`` tokens of ``context`` are used. A shorter
        context gives the estimate of the lower orders alone, as in nltk.lm
        (for Kneser–Ney: from continuation counts).
        """
        self._require_fitted()
        token = token if token in self._index else UNK
        return self._prob(token, self._context(context))

    def _prob(self, token: str, context: tuple) -> float:
        if self.smoothing == "kneser_ney":
            return self._kneser_ney(token, context)
        m = len(context) + 1
        count = self.counts[m].get(context + (token,), 0)
        total = self._totals["counts"][m].get(context, 0)
        if self.smoothing == "mle":
            return count / total if total else 0.0
        return (count + self.k) / (total + self.k * len(self.vocab))

    def _kneser_ney(self, token: str, context: tuple) -> float:
        # Only the model's own order uses raw counts; every lower order, including the unigram level
        # and the top of a shorter context, uses continuation counts (as nltk.lm does).
        probability = self.continuations[1].get((token,), 0) / self._totals["continuations"][1][()]
        d = self.discount
        for m in range(2, len(context) + 2):
            history = context[len(context) - (m - 1):]
            kind = "counts" if m == self.order else "continuations"
            total = self._totals[kind][m].get(history)
            if not total:
                continue      # unseen context: all weight goes to the lower order, as in nltk.lm
            count = getattr(self, kind)[m].get(history + (token,), 0)
            types = self._types[kind][m][history]
            probability = max(count - d, 0.0) / total + d * types / total * probability
        return probability

    def distribution(self, context: Sequence = ()) -> np.ndarray:
        """Return p(w | context) for every w in :attr:`vocab`, as an array of shape ``(len(vocab),)``.

        Computes the same values as :meth:`prob`, for all tokens at once.
        """
        self._require_fitted()
        context = self._context(context)
        top = len(context) + 1
        if self.smoothing != "kneser_ney":
            counts = self._vector(self.counts[top], context)
            total = counts.sum()
            if self.smoothing == "mle":
                return counts / total if total else counts
            return (counts + self.k) / (total + self.k * len(self.vocab))
        probs = self._unigram_continuations
        d = self.discount
        for m in range(2, top + 1):
            history = context[len(context) - (m - 1):]
            kind = "counts" if m == self.order else "continuations"
            total = self._totals[kind][m].get(history)
            if not total:
                continue
            types = self._types[kind][m][history]
            counts = self._vector(getattr(self, kind)[m], history)
            probs = np.maximum(counts - d, 0.0) / total + d * types / total * probs
        return probs

    def _vector(self, table: Counter, context: tuple) -> np.ndarray:
        """Return ``table[context + (w,)]`` for every w in :attr:`vocab`, as an array."""
        return np.array([table.get(context + token, 0) for token in self._token_tuples], dtype=float)

    def logprobs(self, sequence: Sequence) -> list[float]:
        """Return the natural log-probability of each predicted token of ``sequence``, end marker included.

        The list has ``len(sequence) + 1`` entries; an impossible token gives ``-inf``.
        """
        self._require_fitted()
        padded = pad(self.lookup(sequence), self.order)
        width = self.order - 1
        cache: dict[tuple, float] = {}
        out = []
        for i in range(width, len(padded)):
            gram = tuple(padded[i - width:i + 1])
            value = cache.get(gram)
            if value is None:
                p = self._prob(gram[-1], gram[:-1])
                value = math.log(p) if p > 0 else -math.inf
                cache[gram] = value
            out.append(value)
        return out

    def cross_entropy(self, sequences) -> float:
        """Return the mean negative log-likelihood in nats per predicted token (``inf`` if any token is impossible)."""
        total, count = 0.0, 0
        for sequence in _as_sequences(sequences):
            values = self.logprobs(sequence)
            total -= math.fsum(values)
            count += len(values)
        return total / count

    def perplexity(self, sequences) -> float:
        """Return the perplexity exp(cross-entropy) over ``sequences``: the average branching factor."""
        cross_entropy = self.cross_entropy(sequences)
        return math.exp(cross_entropy) if math.isfinite(cross_entropy) else math.inf

    # --- sampling -----------------------------------------------------------

    def sample(self, max_tokens: int = 200, prompt: Sequence = (), temperature: float = 1.0,
               seed: int | None = None, skip_unk: bool = False) -> list[str]:
        """Generate up to ``max_tokens`` tokens after ``prompt``; returns the new tokens only.

        Sampling stops early at the end marker, which is not returned.
        ``temperature`` 0 picks the most likely token each time (greedy);
        other values divide the log-probabilities before renormalizing.
        A start marker is never sampled, and ``<unk>`` is not either with
        ``skip_unk=True``.
        """
        self._require_fitted()
        if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 0:
            raise ValueError(tr("ngram.bad_max_tokens", value=max_tokens))
        if not isinstance(temperature, (int, float)) or isinstance(temperature, bool) or not temperature >= 0:
            raise ValueError(tr("sampling.bad_temperature", value=temperature))
        rng = np.random.default_rng(seed)
        history = [BOS] * (self.order - 1) + self.lookup(prompt)
        out: list[str] = []
        for _ in range(max_tokens):
            probs = self.distribution(history[len(history) - (self.order - 1):] if self.order > 1 else ())
            probs[self._index[BOS]] = 0.0
            if skip_unk:
                probs[self._index[UNK]] = 0.0
            if probs.sum() <= 0:
                break
            if temperature == 0:
                choice = int(np.argmax(probs))
            else:
                with np.errstate(divide="ignore"):
                    logits = np.log(probs) / temperature
                weights = np.exp(logits - logits.max())
                choice = int(rng.choice(len(weights), p=weights / weights.sum()))
            token = self.vocab[choice]
            if token == EOS:
                break
            out.append(token)
            history.append(token)
        return out
