"""Loaders that turn the registered datasets into plain Python objects.

Every file is read as UTF-8 explicitly, whatever the system locale. Records
are dicts with the field names given in each docstring.
"""
from __future__ import annotations

import csv
import io
import json

from ..i18n import tr
from .fetch import path


def _read_text(name: str, filename: str | None = None) -> str:
    return path(name, filename).read_text(encoding="utf-8-sig")


def _check_split(name: str, split: str, choices: tuple[str, ...]) -> None:
    if split not in choices:
        raise ValueError(tr("data.bad_split", name=name, split=split, choices=", ".join(choices)))


def load_shakespeare() -> str:
    """Return Tiny Shakespeare as one string (1,115,394 characters, 65 distinct)."""
    return _read_text("tiny-shakespeare")


def load_names() -> list[str]:
    """Return the 32,033 lowercase first names of the makemore list, duplicates kept."""
    return _read_text("names").splitlines()


def _to_simplified(records: list[dict], fields: tuple[str, ...]) -> list[dict]:
    """Convert the given text fields from Traditional to Simplified characters with OpenCC (t2s)."""
    from opencc import OpenCC

    # One conversion call over all texts is about 50x faster than one per string.
    separator = "\n\u2063\n"
    texts = []
    for record in records:
        for field in fields:
            value = record[field]
            texts.extend(value if isinstance(value, list) else [value])
    converted = iter(OpenCC("t2s").convert(separator.join(texts)).split(separator))
    for record in records:
        for field in fields:
            value = record[field]
            if isinstance(value, list):
                record[field] = [next(converted) for _ in value]
            else:
                record[field] = next(converted)
    return records


def load_tang_poems(simplified: bool = True, include_300: bool = False) -> list[dict]:
    """Return Tang poems as {"title", "author", "paragraphs"} dicts, ``paragraphs`` a list of lines.

    The source is in Traditional characters; ``simplified=True`` converts
    with OpenCC, which can pick the wrong character where a Traditional one
    maps to several. ``include_300`` adds the 唐诗三百首 selection, which
    overlaps the other files.
    """
    from .registry import info

    files = [f.path.split("/", 1)[1] for f in info("chinese-poetry").files if "/tang/" in f.path]
    records = []
    for filename in files:
        if filename.endswith("tangshi300.json") and not include_300:
            continue
        for entry in json.loads(_read_text("chinese-poetry", filename)):
            records.append({
                "title": entry.get("title", ""),
                "author": entry.get("author", ""),
                "paragraphs": list(entry.get("paragraphs", [])),
            })
    if simplified:
        records = _to_simplified(records, ("title", "author", "paragraphs"))
    return records


def load_song_ci(include_300: bool = False) -> list[dict]:
    """Return Song ci (already Simplified) as {"rhythmic", "author", "paragraphs"} dicts."""
    from .registry import info

    files = [f.path.split("/", 1)[1] for f in info("chinese-poetry").files if "/songci/" in f.path]
    records = []
    for filename in files:
        if filename.endswith("songci300.json") and not include_300:
            continue
        for entry in json.loads(_read_text("chinese-poetry", filename)):
            records.append({
                "rhythmic": entry.get("rhythmic", ""),
                "author": entry.get("author", ""),
                "paragraphs": list(entry.get("paragraphs", [])),
            })
    return records


def load_chnsenticorp() -> list[dict]:
    """Return ChnSentiCorp hotel reviews as {"text", "label"} dicts; label 1 is positive, 0 negative.

    The file lists every positive review before the negative ones, so shuffle
    before splitting. The one row with an empty review is skipped (7,765 of 7,766).
    """
    rows = csv.DictReader(io.StringIO(_read_text("chnsenticorp-htl")))
    return [{"text": row["review"], "label": int(row["label"])} for row in rows if row["review"]]


def load_online_shopping() -> list[dict]:
    """Return the online-shopping reviews as {"category", "text", "label"} dicts (label 1 positive).

    The one row with an empty review is skipped (62,773 of 62,774).
    """
    folder = path("online-shopping-10-cats") / "online_shopping_10_cats"
    text = (folder / "online_shopping_10_cats.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return [{"category": row["cat"], "text": row["review"], "label": int(row["label"])}
            for row in rows if row["review"]]


def load_sst2(split: str = "train") -> list[dict]:
    """Return SST-2 sentences as {"text", "label"} dicts; split is "train", "dev" or "test"."""
    _check_split("sst2", split, ("train", "dev", "test"))
    records = []
    for line in _read_text("sst2", f"sentiment-{split}").splitlines():
        if not line.strip():
            continue
        text, label = line.rsplit("\t", 1)
        records.append({"text": text.strip(), "label": int(label)})
    return records


def load_cmn_eng() -> list[dict]:
    """Return Tatoeba English–Mandarin pairs as {"en", "zh", "attribution"} dicts."""
    records = []
    for line in _read_text("cmn-eng").splitlines():
        if not line.strip():
            continue
        english, chinese, attribution = line.split("\t")
        records.append({"en": english, "zh": chinese, "attribution": attribution})
    return records


def load_banking77(split: str = "train") -> list[dict]:
    """Return BANKING77 queries as {"text", "label"} dicts, label an intent name; split "train" or "test"."""
    _check_split("banking77", split, ("train", "test"))
    rows = csv.DictReader(io.StringIO(_read_text("banking77", f"{split}.csv")))
    return [{"text": row["text"], "label": row["category"]} for row in rows]


def banking77_categories() -> list[str]:
    """Return the 77 BANKING77 intent names."""
    return json.loads(_read_text("banking77", "categories.json"))


def load_cais(split: str = "train") -> list[dict]:
    """Return CAIS utterances as {"text", "chars", "tags", "intent"} dicts; split "train", "valid" or "test".

    ``chars`` and ``tags`` are aligned lists (one BIOES slot tag per character).
    """
    _check_split("cais", split, ("train", "valid", "test"))
    blocks = _read_text("cais", f"{split}/ch.{split}").split("\n\n")
    intents = _read_text("cais", f"{split}/ch.{split}.intent").splitlines()
    utterances = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        chars, tags = [], []
        for line in lines:
            char, tag = line.rsplit(" ", 1) if line.count(" ") >= 1 else (line, "O")
            chars.append(char if char else " ")
            tags.append(tag)
        utterances.append((chars, tags))
    return [{"text": "".join(chars), "chars": chars, "tags": tags, "intent": intent}
            for (chars, tags), intent in zip(utterances, intents)]


def train_val_split(sequence, fraction: float = 0.9):
    """Split a sequence (text, list or tensor) at ``fraction`` of its length into (train, val), in order."""
    if not 0 < fraction < 1:
        raise ValueError(tr("data.bad_fraction", value=fraction))
    cut = int(len(sequence) * fraction)
    return sequence[:cut], sequence[cut:]
