"""The dataset registry: what each course dataset is and where its files come from.

The shipped registry (``registry.json``) is generated from the course's
dataset manifest by ``tools/make_registry.py``. Teachers can add their own
datasets at run time with :func:`register`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from ..i18n import tr


class UnknownDatasetError(KeyError):
    """Raised for a dataset name that is not in the registry."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class FileInfo:
    """One file of a dataset: its path relative to the cache root, size in bytes, SHA-256 and download URL."""

    path: str
    bytes: int
    sha256: str
    url: str


@dataclass(frozen=True)
class DatasetInfo:
    """A registered dataset and its files."""

    name: str
    description: str
    license: str
    files: tuple[FileInfo, ...]
    language: str = ""
    license_status: str = "stated"
    source: str = ""

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)


def _load_shipped() -> dict[str, DatasetInfo]:
    raw = json.loads(resources.files(__package__).joinpath("registry.json").read_text(encoding="utf-8"))
    datasets = {}
    for entry in raw["datasets"]:
        files = tuple(FileInfo(**f) for f in entry.pop("files"))
        datasets[entry["name"]] = DatasetInfo(files=files, **entry)
    return datasets


_REGISTRY: dict[str, DatasetInfo] = _load_shipped()


def register(info: DatasetInfo) -> None:
    """Add or replace a dataset in the registry (for a teacher's own data, or for tests)."""
    _REGISTRY[info.name] = info


def unregister(name: str) -> None:
    """Remove a dataset from the registry; does nothing if it is not there."""
    _REGISTRY.pop(name, None)


def names() -> list[str]:
    """Return the registered dataset names in registry order."""
    return list(_REGISTRY)


def info(name: str) -> DatasetInfo:
    """Return the registry entry for ``name``; raises UnknownDatasetError listing the valid names."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise UnknownDatasetError(tr("data.unknown_dataset", name=name, available=", ".join(_REGISTRY))) from None
