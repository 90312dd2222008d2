"""Course datasets: a checksummed registry, a cache, mirrors for classrooms, and loaders.

Quick use::

    from oi_helpers import data
    text = data.load_shakespeare()
    data.path("names")            # local path, fetched on first use

Command line: ``python -m oi_helpers data list | fetch NAME... | fetch --all | verify``.
"""
from .fetch import DataError, cache_dir, download, fetch, is_cached, mirror, path, safe_extract, verify
from .loaders import (banking77_categories, load_banking77, load_cais, load_chnsenticorp, load_cmn_eng,
                      load_names, load_online_shopping, load_shakespeare, load_song_ci, load_sst2,
                      load_tang_poems, train_val_split)
from .registry import DatasetInfo, FileInfo, UnknownDatasetError, info, names, register, unregister

__all__ = [
    "DataError", "DatasetInfo", "FileInfo", "UnknownDatasetError",
    "cache_dir", "download", "fetch", "info", "is_cached", "mirror", "names", "path", "register",
    "safe_extract", "unregister", "verify",
    "banking77_categories", "load_banking77", "load_cais", "load_chnsenticorp", "load_cmn_eng",
    "load_names", "load_online_shopping", "load_shakespeare", "load_song_ci", "load_sst2",
    "load_tang_poems", "train_val_split",
]
