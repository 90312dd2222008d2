"""Text to token ids and back."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .i18n import tr


def _require_text(text) -> str:
    if not isinstance(text, str):
        raise TypeError(tr("text.not_text", kind=type(text).__name__))
    return text


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
