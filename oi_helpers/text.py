"""Text to tokens and token ids: normalisation, tokenizers, vocabularies, byte-pair encoding, n-grams.

Every function that takes text raises a TypeError with a translated message
for ``None``, ``bytes`` or any other type that is not ``str``, so a learner
who forgot to decode a file or passed a missing table value learns what to
do. Empty and whitespace-only text are valid input and never raise.

jieba loads only on the first Chinese word segmentation (see
:func:`load_jieba`), quietly and with a cache file private to the user.
"""
from __future__ import annotations

import heapq
import logging
import operator
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .i18n import tr

# --- input checks -----------------------------------------------------------


def _require_text(text) -> str:
    """Return ``text`` unchanged if it is a str; raise a translated TypeError otherwise."""
    if isinstance(text, str):
        return text
    if text is None:
        raise TypeError(tr("text.none_text"))
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(tr("text.not_text", kind=type(text).__name__))
    if isinstance(text, (list, tuple)):
        raise TypeError(tr("text.list_not_text", kind=type(text).__name__, value=_preview(text)))
    raise TypeError(tr("text.wrong_type", kind=type(text).__name__, value=_preview(text)))


def _preview(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_index(value) -> int | None:
    """Return ``value`` as an int if it is an integer (Python or NumPy) and not a bool, else None."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def _require_tokens(tokens, argument: str = "tokens") -> list:
    """Return ``tokens`` as a list of str; None, a bare str or bytes, a non-iterable or a non-str token raises TypeError.

    ``argument`` names the argument in the error message.
    """
    if tokens is None:
        raise TypeError(tr("text.none_tokens", argument=argument))
    if isinstance(tokens, (bytes, bytearray)):
        raise TypeError(tr("text.tokens_are_bytes", argument=argument, kind=type(tokens).__name__,
                           value=_preview(tokens)))
    if isinstance(tokens, str):
        raise TypeError(tr("text.tokens_not_list", argument=argument, value=_preview(tokens)))
    if not isinstance(tokens, Iterable):
        raise TypeError(tr("text.tokens_not_iterable", argument=argument, kind=type(tokens).__name__,
                           value=_preview(tokens)))
    tokens = list(tokens)
    for token in tokens:
        if not isinstance(token, str):
            raise TypeError(tr("text.token_not_str", kind=type(token).__name__, value=_preview(token)))
    return tokens


# --- character vocabulary ---------------------------------------------------


class CharVocab:
    """A character vocabulary: each distinct character gets an id, in sorted order.

    ``encode`` raises on a character it has not seen, unless the vocabulary was
    built with ``unk`` (a placeholder string that unknown characters map to).
    """

    def __init__(self, chars: Iterable[str], unk: str | None = None):
        symbols = sorted(set(chars))
        if unk is not None and unk not in symbols:
            symbols = [unk] + symbols
        if not symbols:
            raise ValueError(tr("text.empty_corpus"))
        self.itos: list[str] = symbols
        self.stoi: dict[str, int] = {s: i for i, s in enumerate(symbols)}
        self.unk = unk

    @classmethod
    def from_text(cls, text: str, unk: str | None = None) -> "CharVocab":
        """Build the vocabulary of every character in ``text``."""
        return cls(_require_text(text), unk=unk)

    def __len__(self) -> int:
        return len(self.itos)

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    def __repr__(self) -> str:
        preview = "".join(self.itos[:20])
        return f"CharVocab(vocab_size={len(self)}, first={preview!r})"

    def encode(self, text: str) -> list[int]:
        """Return the id of each character of ``text``."""
        _require_text(text)
        if self.unk is not None:
            unk_id = self.stoi[self.unk]
            return [self.stoi.get(ch, unk_id) for ch in text]
        try:
            return [self.stoi[ch] for ch in text]
        except KeyError as error:
            char = error.args[0]
            raise ValueError(tr("text.unknown_char", char=char, code=ord(char), size=len(self))) from None

    def decode(self, ids: Sequence[int]) -> str:
        """Return the text for a sequence of ids (a list, or a 1-D tensor or array)."""
        if hasattr(ids, "tolist"):
            ids = ids.tolist()
        out = []
        for i in ids:
            if not 0 <= int(i) < len(self.itos):
                raise ValueError(tr("text.unknown_id", value=i, size=len(self)))
            out.append(self.itos[int(i)])
        return "".join(out)


# --- normalisation ----------------------------------------------------------

NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD")
# U+FEFF is the byte-order mark (a "zero-width no-break space" inside text) and
# U+200B the zero-width space: both are invisible and only split words. The
# zero-width joiner U+200D is kept because emoji sequences need it.
INVISIBLE_CHARS = "\ufeff\u200b"
_INVISIBLE_TABLE = {ord(char): None for char in INVISIBLE_CHARS}
_WHITESPACE_RUN = re.compile(r"\s+")


def normalize(text: str, form: str | None = "NFKC", *, casefold: bool = False,
              collapse_whitespace: bool = False) -> str:
    """Return ``text`` cleaned for counting and matching.

    The steps run in this order. First the invisible characters in
    ``INVISIBLE_CHARS`` are dropped. Then the Unicode normal form ``form`` is
    applied (one of ``NORMAL_FORMS``, or None to skip it). With ``casefold``,
    ``str.casefold`` folds case, so "Straße" becomes "strasse". With
    ``collapse_whitespace``, each run of whitespace becomes one space and both
    ends are stripped.

    NFKC, the default, maps full-width Latin letters, digits and the
    full-width punctuation of Chinese text ("，！？：；（）") to their ASCII
    forms, but leaves "。", "、", "“”" and "《》" as they are.
    """
    _require_text(text)
    if form is not None and form not in NORMAL_FORMS:
        raise ValueError(tr("text.bad_form", value=_preview(form), choices=", ".join(NORMAL_FORMS)))
    text = text.translate(_INVISIBLE_TABLE)
    if form is not None:
        text = unicodedata.normalize(form, text)
    if casefold:
        text = text.casefold()
    if collapse_whitespace:
        text = _WHITESPACE_RUN.sub(" ", text).strip()
    return text


# --- tokenizers -------------------------------------------------------------

# CJK ideographs (the unified block, extension A, compatibility ideographs and
# the supplementary-plane extensions) plus Japanese kana: scripts written
# without spaces between words.
CJK_CLASS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Emoji: one pictograph, optionally followed by variation selectors, skin-tone
# modifiers and zero-width-joiner continuations, so "👨‍👩‍👧" stays one token.
_PICTOGRAPH = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]"
_EMOJI = (r"[\U0001F1E6-\U0001F1FF]{2}"  # a flag is a pair of regional indicators
          rf"|{_PICTOGRAPH}(?:[\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]|\u200D{_PICTOGRAPH})*")
# A URL runs to the next space or Chinese character, but gives back trailing
# punctuation such as the full stop that ends a sentence.
_URL = (rf"https?://[^\s<>\"{CJK_CLASS}，。！？（）、；：]*"
        rf"[^\s<>\"'.,;:!?)\]}}{CJK_CLASS}，。！？（）、；：]")
# The local part is capped at 64 characters (the limit of RFC 5321), which also
# keeps the search linear on long runs of word characters without an "@".
_EMAIL = r"\w[\w.+-]{0,63}@[\w-]+(?:\.[\w-]+)+"
_ABBREVIATION = r"(?:[^\W\d_]\.){2,}"  # U.S.A., e.g.
_NUMBER = r"\d+(?:[.,:]\d+)*%?"  # 3.50, 1,000, 10:30, 50%
_MARKS = r"\u0300-\u036f"  # combining accents, as in a decomposed "é"
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
_LETTER_NOT_CJK = rf"(?:(?![{CJK_CLASS}])[^\W\d_]|[{_MARKS}])"
_APOSTROPHE_OR_HYPHEN = r"['’\-]"

_PROTECTED = rf"{_URL}|{_EMAIL}|{_EMOJI}"
_EN_PATTERN = re.compile(
    rf"{_PROTECTED}|{_ABBREVIATION}|{_NUMBER}"
    rf"|{_LETTER}+(?:{_APOSTROPHE_OR_HYPHEN}{_LETTER}+)*"
    r"|\S")
_ZH_CHAR_PATTERN = re.compile(
    rf"{_PROTECTED}|[{CJK_CLASS}]|{_ABBREVIATION}|{_NUMBER}"
    rf"|{_LETTER_NOT_CJK}+(?:{_APOSTROPHE_OR_HYPHEN}{_LETTER_NOT_CJK}+)*"
    r"|\S")
_PROTECTED_PATTERN = re.compile(_PROTECTED)

TOKENIZERS = ("en", "zh", "zh-char", "char")


def tokenize_en(text: str) -> list[str]:
    """Split text into words, numbers, URLs, e-mail addresses, emoji and single punctuation marks.

    Contractions and hyphenated words stay whole ("can't", "e-mail"), as do
    abbreviations with full stops ("U.S.A."). A run of letters is one token
    in any script, so a Chinese clause, written without spaces, comes out as a
    single token: use "zh" or "zh-char" for Chinese.
    """
    return _EN_PATTERN.findall(_require_text(text))


def tokenize_zh_chars(text: str) -> list[str]:
    """Split text into single CJK characters, keeping Latin words, numbers, URLs and emoji whole as in :func:`tokenize_en`."""
    return _ZH_CHAR_PATTERN.findall(_require_text(text))


def tokenize_zh(text: str, hmm: bool = True) -> list[str]:
    """Segment Chinese text into words with jieba's precise mode.

    URLs, e-mail addresses and emoji sequences are cut out first and kept
    whole, because jieba would split them into their characters. Whitespace
    tokens are dropped. ``hmm=True`` lets jieba guess words missing from its
    dictionary with its hidden Markov model. Full-width letters and digits
    ("ＡＢＣ") come out one per token: run :func:`normalize` first.
    """
    text = _require_text(text)
    jieba = load_jieba()
    tokens: list[str] = []
    start = 0
    for match in _PROTECTED_PATTERN.finditer(text):
        tokens.extend(jieba.lcut(text[start:match.start()], HMM=hmm))
        tokens.append(match.group())
        start = match.end()
    tokens.extend(jieba.lcut(text[start:], HMM=hmm))
    return [token for token in tokens if not token.isspace()]


def tokenize(text: str, method: str = "en", *, lowercase: bool = False) -> list[str]:
    """Split ``text`` into tokens with one of the course tokenizers.

    ``method`` is one of ``TOKENIZERS``:

    - "en": :func:`tokenize_en`, a regular expression for English;
    - "zh": :func:`tokenize_zh`, jieba word segmentation for Chinese;
    - "zh-char": :func:`tokenize_zh_chars`, one token per Chinese character;
    - "char": every Unicode code point, spaces included, so
      ``"".join(tokens) == text``. An emoji built from several code points
      (a skin tone, a family joined with U+200D) gives several tokens.

    ``lowercase=True`` lower-cases the text first.
    """
    text = _require_text(text)
    if method not in TOKENIZERS:
        raise ValueError(tr("text.unknown_tokenizer", value=_preview(method), choices=", ".join(TOKENIZERS)))
    if lowercase:
        text = text.lower()
    if method == "en":
        return tokenize_en(text)
    if method == "zh":
        return tokenize_zh(text)
    if method == "zh-char":
        return tokenize_zh_chars(text)
    return list(text)


# An English sentence ends at . ! ? or …, plus any closing quotes or brackets,
# followed by whitespace. A Chinese one ends after the last of a run of 。！？
# and any closing quotes, with or without a space after it.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"'”’)\]]*\s+"
    r"|(?<=[。！？])(?![。！？])[”’」』）]*\s*")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at end punctuation, in English and Chinese; whitespace-only pieces are dropped.

    A plain rule: it also splits after abbreviations such as "Dr." or "p.m.",
    which trained splitters (NLTK's Punkt, spaCy's parser) handle better.
    """
    text = _require_text(text)
    pieces = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        # Closing quotes belong to the sentence they close; the spaces after them do not.
        pieces.append(text[start:end].strip())
        start = end
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


# --- jieba ------------------------------------------------------------------

_jieba_module = None


def jieba_cache_dir() -> Path:
    """Return the folder where jieba keeps its dictionary cache for this user and Python version.

    jieba's own default is one shared file in the system temporary folder.
    When two users share a machine, the second cannot replace the first one's
    file, so jieba logs an error on every start. This folder is
    ``$XDG_CACHE_HOME/oi_helpers/jieba/pyX.Y`` (``~/.cache`` when the variable
    is unset), or a private folder in the temporary directory when the home
    folder is read-only.
    """
    version = f"py{sys.version_info.major}.{sys.version_info.minor}"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    preferred = Path(base).expanduser() / "oi_helpers" / "jieba" / version
    if _is_private_writable_dir(preferred):
        return preferred
    user = _user_name()
    fallback = Path(tempfile.gettempdir()) / f"oi_helpers-{user}" / "jieba" / version
    if _is_private_writable_dir(fallback):
        return fallback
    # Another user owns the fallback path: use a fresh folder, losing only the cache.
    return Path(tempfile.mkdtemp(prefix="oi_helpers-jieba-"))


def _user_name() -> str:
    try:
        import getpass

        name = getpass.getuser()
    except (ImportError, KeyError, OSError):  # no login name in some containers
        name = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return re.sub(r"[^\w.-]", "_", name)


def _is_private_writable_dir(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
        return False
    return os.access(folder, os.W_OK)


def load_jieba():
    """Return the ``jieba`` module, initialised once, with no log lines and a per-user cache.

    Call this before anything else uses jieba (spaCy's Chinese pipeline with
    the jieba segmenter does): jieba logs at DEBUG level to stderr when it
    first builds its dictionary, unless its log level is raised first.
    """
    global _jieba_module
    if _jieba_module is not None:
        return _jieba_module
    try:
        import jieba
    except ImportError as error:
        raise ImportError(tr("text.missing_package", package="jieba")) from error
    jieba.setLogLevel(logging.WARNING)
    if not jieba.dt.initialized:
        # With only tmp_dir set, jieba still names the file after the dictionary
        # ("jieba.cache", or "jieba.u<md5>.cache" for a custom one), so a custom
        # dictionary never loads the default dictionary's cache.
        jieba.dt.tmp_dir = str(jieba_cache_dir())
        jieba.initialize()
    _jieba_module = jieba
    return jieba


# --- n-grams ----------------------------------------------------------------

BOS = "<s>"
EOS = "</s>"


def _require_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(tr("text.bad_n", value=_preview(n)))
    return n


def ngrams(tokens: Sequence[str] | str, n: int, *, pad: bool = False) -> list[tuple[str, ...]]:
    """Return the n-grams of ``tokens`` as tuples, in order.

    A string gives character n-grams. With ``pad=True`` the sequence first
    gets n-1 ``BOS`` markers in front and one ``EOS`` at the end, the usual
    set-up for an n-gram language model. A sequence shorter than ``n`` (after
    padding) has no n-grams and gives an empty list.
    """
    _require_n(n)
    items = list(_require_text(tokens)) if isinstance(tokens, str) else _require_tokens(tokens)
    if pad:
        items = [BOS] * (n - 1) + items + [EOS]
    return [tuple(items[i:i + n]) for i in range(len(items) - n + 1)]


def count_ngrams(sequences: Iterable[Sequence[str] | str], n: int, *, pad: bool = False) -> Counter:
    """Count the n-grams of every sequence (a list of tokens, or a string for characters) in ``sequences``."""
    _require_n(n)
    counts: Counter = Counter()
    for sequence in sequences:
        counts.update(ngrams(sequence, n, pad=pad))
    return counts


# --- word vocabulary --------------------------------------------------------

PAD = "<pad>"
UNK = "<unk>"


class Vocab:
    """A token vocabulary: ``<pad>`` has id 0, ``<unk>`` id 1, then any extra specials, then tokens by frequency.

    Tokens seen fewer than ``min_freq`` times are left out, and ``max_size``
    (when given) keeps only that many of the most frequent ones. Tokens with
    equal counts are ordered alphabetically, so the ids do not depend on the
    order of the corpus. Encoding maps a token outside the vocabulary to
    ``unk_id``, which decodes to ``"<unk>"``. So encode followed by decode
    returns the input only when every token is in the vocabulary.
    """

    def __init__(self, tokens: Iterable[str] | Mapping[str, int] = (), *, min_freq: int = 1,
                 max_size: int | None = None, specials: Sequence[str] = ()):
        if isinstance(min_freq, bool) or not isinstance(min_freq, int) or min_freq < 1:
            raise ValueError(tr("text.bad_min_freq", value=_preview(min_freq)))
        if max_size is not None and (isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 0):
            raise ValueError(tr("text.bad_max_size", value=_preview(max_size)))
        if isinstance(tokens, Mapping):
            counts = Counter()
            for token, count in zip(_require_tokens(tokens.keys()), tokens.values()):
                if _as_index(count) is None or count < 0:
                    raise ValueError(tr("text.bad_count", token=token, value=_preview(count)))
                counts[token] = _as_index(count)
        else:
            counts = Counter(_require_tokens(tokens))
        special_tokens = [PAD, UNK] + [s for s in _require_tokens(specials, "specials") if s not in (PAD, UNK)]
        special_tokens = list(dict.fromkeys(special_tokens))
        frequent = [token for token, count in counts.items() if count >= min_freq and token not in special_tokens]
        frequent.sort(key=lambda token: (-counts[token], token))
        if max_size is not None:
            frequent = frequent[:max_size]
        self.counts: Counter = counts
        self.min_freq = min_freq
        self.specials: list[str] = special_tokens
        self.itos: list[str] = special_tokens + frequent
        self.stoi: dict[str, int] = {token: index for index, token in enumerate(self.itos)}
        self.pad_id = self.stoi[PAD]
        self.unk_id = self.stoi[UNK]

    @classmethod
    def from_sequences(cls, sequences: Iterable[Sequence[str]], **options) -> "Vocab":
        """Build a vocabulary from a corpus given as token lists (one per sentence or document)."""
        counts: Counter = Counter()
        for index, sequence in enumerate(sequences):
            counts.update(_require_tokens(sequence, f"sequences[{index}]"))
        return cls(counts, **options)

    def __len__(self) -> int:
        return len(self.itos)

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    def __contains__(self, token) -> bool:
        return token in self.stoi

    def __getitem__(self, token: str) -> int:
        """Return the id of ``token``, or ``unk_id`` for a token outside the vocabulary."""
        return self.stoi.get(token, self.unk_id)

    def __repr__(self) -> str:
        preview = self.itos[len(self.specials):len(self.specials) + 8]
        return f"Vocab(vocab_size={len(self)}, min_freq={self.min_freq}, specials={self.specials}, first={preview})"

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Return the id of each token; tokens outside the vocabulary get ``unk_id``."""
        return [self.stoi.get(token, self.unk_id) for token in _require_tokens(tokens)]

    def decode(self, ids: Sequence[int], *, skip_specials: bool = False) -> list[str]:
        """Return the token of each id (a list, or a 1-D tensor or array); ``skip_specials`` drops ``<pad>``, ``<unk>`` and the like."""
        if hasattr(ids, "tolist"):
            ids = ids.tolist()
        tokens = []
        for value in ids:
            index = _as_index(value)
            if index is None or not 0 <= index < len(self.itos):
                raise ValueError(tr("text.unknown_id", value=_preview(value), size=len(self)))
            token = self.itos[index]
            if skip_specials and index < len(self.specials):
                continue
            tokens.append(token)
        return tokens

    def pad_batch(self, sequences: Sequence[Sequence[int]], length: int | None = None) -> list[list[int]]:
        """Return id sequences cut or padded with ``pad_id`` on the right to one length.

        ``length`` defaults to the longest sequence. The result has shape
        (batch, length) as nested lists; ``torch.tensor(result)`` makes a tensor.
        """
        rows = [list(row.tolist() if hasattr(row, "tolist") else row) for row in sequences]
        if length is None:
            length = max((len(row) for row in rows), default=0)
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise ValueError(tr("text.bad_length", value=_preview(length)))
        return [row[:length] + [self.pad_id] * (length - len(row[:length])) for row in rows]


# --- byte-pair encoding -----------------------------------------------------

# Pre-tokenization for byte-pair encoding: merges never cross the boundaries
# of these chunks. A chunk is a run of whitespace, or a run of letters, digits
# or other symbols with at most one leading space. Letters of every script
# count, so a Chinese clause is one chunk. Every character falls in one of the
# classes, so joining the chunks gives back the text.
_BPE_CHUNK = re.compile(
    rf" ?{_LETTER}+"
    r"| ?\d+"
    rf"| ?(?:[^\s\w{_MARKS}]|_)+"
    r"|\s+(?!\S)"
    r"|\s+")
_BYTE_COUNT = 256
# Chunks up to this many bytes are encoded by the plain rescanning loop. Longer
# ones go to the heap-based loop, whose cost grows as n log n instead of n².
_SHORT_CHUNK_BYTES = 64


def bpe_chunks(text: str) -> list[str]:
    """Split text into the chunks that byte-pair encoding learns and applies merges within."""
    return _BPE_CHUNK.findall(_require_text(text))


class BPE:
    """Byte-level byte-pair encoding: the 256 byte values, plus one new token per learned merge.

    Token ids 0–255 are single bytes of the text's UTF-8 encoding; merge number
    ``k`` (from 0) creates token ``256 + k`` from the pair ``merges[k]``.
    Every text is a byte string in UTF-8, so any text encodes (Chinese, emoji,
    characters never seen in training) and decoding the ids returns it exactly.
    The exception is a str holding a lone surrogate (U+D800 to U+DFFF), which
    is not valid Unicode: UTF-8 cannot encode it, so it raises
    UnicodeEncodeError.

    Build one with :meth:`train`, or from a list of merges such as
    ``BPE(trained.merges[:100])`` for a smaller vocabulary.
    """

    def __init__(self, merges: Iterable[tuple[int, int]] = ()):
        self.merges: list[tuple[int, int]] = []
        self.vocab: list[bytes] = [bytes([value]) for value in range(_BYTE_COUNT)]
        for pair in merges:
            try:
                left, right = pair
            except (TypeError, ValueError):  # not a pair
                left = right = None
            left, right = _as_index(left), _as_index(right)
            if left is None or right is None or not (0 <= left < len(self.vocab) and 0 <= right < len(self.vocab)):
                raise ValueError(tr("text.bad_merge", index=len(self.merges), pair=_preview(pair),
                                    size=len(self.vocab)))
            self.merges.append((left, right))
            self.vocab.append(self.vocab[left] + self.vocab[right])
        self.ranks: dict[tuple[int, int], int] = {pair: rank for rank, pair in enumerate(self.merges)}
        # How often each pair occurred in the training text when it was merged (empty unless trained).
        self.merge_counts: list[int] = []
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def train(cls, text: str, vocab_size: int, *, min_frequency: int = 2) -> "BPE":
        """Learn merges from ``text`` until the vocabulary has ``vocab_size`` tokens.

        Each step merges the most frequent adjacent pair of tokens within the
        chunks of :func:`bpe_chunks`, where a chunk counts as often as it
        occurs in the text. Ties go to the pair with the smaller ids.
        Training stops early, with a smaller vocabulary, when no pair occurs
        ``min_frequency`` times or more.
        """
        text = _require_text(text)
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, int):
            raise ValueError(tr("text.vocab_size_not_int", kind=type(vocab_size).__name__,
                                value=_preview(vocab_size), minimum=_BYTE_COUNT))
        if vocab_size < _BYTE_COUNT:
            raise ValueError(tr("text.bad_vocab_size", value=_preview(vocab_size), minimum=_BYTE_COUNT))
        if isinstance(min_frequency, bool) or not isinstance(min_frequency, int) or min_frequency < 1:
            raise ValueError(tr("text.bad_min_freq", value=_preview(min_frequency)))
        chunk_counts = Counter(bpe_chunks(text))
        words = [list(chunk.encode("utf-8")) for chunk in chunk_counts]
        frequencies = list(chunk_counts.values())
        merges, merge_counts = _learn_merges(words, frequencies, vocab_size - _BYTE_COUNT, min_frequency)
        model = cls(merges)
        model.merge_counts = merge_counts
        return model

    def __len__(self) -> int:
        return len(self.vocab)

    @property
    def vocab_size(self) -> int:
        return len(self.vocab)

    def __repr__(self) -> str:
        return f"BPE(vocab_size={len(self)}, merges={len(self.merges)})"

    def encode(self, text: str) -> list[int]:
        """Return the token ids of ``text``."""
        ids: list[int] = []
        for chunk in bpe_chunks(text):
            cached = self._cache.get(chunk)
            if cached is None:
                cached = self._encode_chunk(chunk.encode("utf-8"))
                if len(self._cache) < 100_000:
                    self._cache[chunk] = cached
            ids.extend(cached)
        return ids

    def _encode_chunk(self, data: bytes) -> list[int]:
        if len(data) <= _SHORT_CHUNK_BYTES:
            return _merge_by_rescanning(list(data), self.ranks)
        return _merge_with_heap(list(data), self.ranks)

    def decode(self, ids: Sequence[int]) -> str:
        """Return the text of a sequence of ids (a list, or a 1-D tensor or array).

        A sequence cut inside a multi-byte character is not valid UTF-8; its
        broken bytes decode to U+FFFD, the replacement character "�".
        """
        return self.decode_bytes(ids).decode("utf-8", errors="replace")

    def decode_bytes(self, ids: Sequence[int]) -> bytes:
        """Return the raw bytes of a sequence of ids."""
        if hasattr(ids, "tolist"):
            ids = ids.tolist()
        parts = []
        for value in ids:
            index = _as_index(value)
            if index is None or not 0 <= index < len(self.vocab):
                raise ValueError(tr("text.unknown_id", value=_preview(value), size=len(self)))
            parts.append(self.vocab[index])
        return b"".join(parts)

    def token_text(self, index: int) -> str:
        """Return token ``index`` as readable text; bytes that are not whole UTF-8 characters show as ``\\xNN``."""
        return self.decode_bytes([index]).decode("utf-8", errors="backslashreplace")

    def tokens(self, text: str) -> list[str]:
        """Return the tokens of ``text`` as readable strings (see :meth:`token_text`)."""
        return [self.token_text(index) for index in self.encode(text)]


def _learn_merges(words: list[list[int]], frequencies: list[int], max_merges: int,
                  min_frequency: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Return the merges learned from distinct chunks ``words`` (byte ids) seen ``frequencies`` times, and their counts.

    Each word is stored as a str with one character per token id, so that
    ``str.replace`` applies a merge (left to right, without overlaps) and
    ``str.find`` locates the merged tokens at C speed. Pair counts are then
    updated only around each merged token, never by recounting a whole word.
    ``where`` maps a pair to the words that may contain it. A max-heap of
    (-count, pair) entries picks the next pair. Every change of a count pushes
    a fresh entry, so an entry whose count is out of date is skipped.
    """
    # NOTE: chr() limits token ids to 0x10FFFF, so a vocabulary must stay below
    # about 1.1 million tokens.
    texts = ["".join(map(chr, word)) for word in words]
    pair_counts: Counter = Counter()
    where: dict[tuple[int, int], set[int]] = {}
    for index, (word, frequency) in enumerate(zip(words, frequencies)):
        for pair in zip(word, word[1:]):
            pair_counts[pair] += frequency
            where.setdefault(pair, set()).add(index)
    heap = [(-count, pair) for pair, count in pair_counts.items()]
    heapq.heapify(heap)

    merges: list[tuple[int, int]] = []
    counts: list[int] = []
    while len(merges) < max_merges and heap:
        negative_count, pair = heapq.heappop(heap)
        count = pair_counts.get(pair, 0)
        if count != -negative_count:
            continue
        if count < min_frequency:
            break
        new_id = _BYTE_COUNT + len(merges)
        merges.append(pair)
        counts.append(count)
        changed = _apply_merge(texts, frequencies, pair, new_id, pair_counts, where)
        for changed_pair in changed:
            remaining = pair_counts[changed_pair]
            if remaining > 0:
                heapq.heappush(heap, (-remaining, changed_pair))
            else:
                del pair_counts[changed_pair]
    return merges, counts


def _apply_merge(texts: list[str], frequencies: list[int], pair: tuple[int, int], new_id: int,
                 pair_counts: Counter, where: dict[tuple[int, int], set[int]]) -> set[tuple[int, int]]:
    """Merge ``pair`` into ``new_id`` in every word that contains it, update the counts, and return the changed pairs.

    For each merged token X at position j of the merged word, the pair
    (left, X) replaces (left, a), and (X, right) replaces (b, right). When the
    left neighbour is itself an X, the pair between the two occurrences was
    (b, a) and becomes (X, X), and the right side is handled by the next X.
    """
    left_id, right_id = pair
    target = chr(left_id) + chr(right_id)
    merged_char = chr(new_id)
    changed = {pair}
    for index in where.pop(pair, ()):
        word = texts[index]
        if target not in word:
            continue  # the pair left this word in an earlier merge
        frequency = frequencies[index]
        merged = word.replace(target, merged_char)
        texts[index] = merged
        position = merged.find(merged_char)
        while position != -1:
            pair_counts[pair] -= frequency
            if position > 0:
                left = ord(merged[position - 1])
                old_left = (right_id, left_id) if left == new_id else (left, left_id)
                pair_counts[old_left] -= frequency
                pair_counts[(left, new_id)] += frequency
                where.setdefault((left, new_id), set()).add(index)
                changed.update((old_left, (left, new_id)))
            if position + 1 < len(merged):
                right = ord(merged[position + 1])
                if right != new_id:
                    pair_counts[(right_id, right)] -= frequency
                    pair_counts[(new_id, right)] += frequency
                    where.setdefault((new_id, right), set()).add(index)
                    changed.update(((right_id, right), (new_id, right)))
            position = merged.find(merged_char, position + 1)
    return changed


def _merge_pair(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Replace each occurrence of ``pair`` in ``ids``, scanning left to right without overlaps, by ``new_id``."""
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def _merge_by_rescanning(ids: list[int], ranks: dict[tuple[int, int], int]) -> list[int]:
    """Apply merges in training order: repeatedly merge every occurrence of the adjacent pair learned first."""
    while len(ids) > 1:
        best = min(zip(ids, ids[1:]), key=lambda pair: ranks.get(pair, len(ranks)))
        rank = ranks.get(best)
        if rank is None:
            break
        ids = _merge_pair(ids, best, _BYTE_COUNT + rank)
    return ids


def _merge_with_heap(ids: list[int], ranks: dict[tuple[int, int], int]) -> list[int]:
    """Return the same result as :func:`_merge_by_rescanning` in O(n log n) time, for long chunks.

    The tokens form a linked list. A heap contains (rank, position, right
    neighbour) for each adjacent pair that has a merge, leftmost first among
    equal ranks. A pair created by a merge always has a higher rank than the
    merge that created it, so popping by rank then position applies merges in
    the same order as rescanning. Entries made stale by a neighbouring merge
    are skipped when popped.
    """
    count = len(ids)
    following = list(range(1, count + 1))  # index of the next live token; count means none
    preceding = list(range(-1, count - 1))
    alive = [True] * count
    heap = []
    for position in range(count - 1):
        rank = ranks.get((ids[position], ids[position + 1]))
        if rank is not None:
            heap.append((rank, position, position + 1))
    heapq.heapify(heap)
    while heap:
        rank, position, right = heapq.heappop(heap)
        if not (alive[position] and alive[right] and following[position] == right
                and ranks.get((ids[position], ids[right])) == rank):
            continue
        ids[position] = _BYTE_COUNT + rank
        alive[right] = False
        after = following[right]
        following[position] = after
        if after < count:
            preceding[after] = position
        before = preceding[position]
        if before >= 0:
            left_rank = ranks.get((ids[before], ids[position]))
            if left_rank is not None:
                heapq.heappush(heap, (left_rank, before, position))
        if after < count:
            right_rank = ranks.get((ids[position], ids[after]))
            if right_rank is not None:
                heapq.heappush(heap, (right_rank, position, after))
    return [token for token, live in zip(ids, alive) if live]
