"""An environment report for learners and teachers: versions, device, CJK font, cached datasets."""
from __future__ import annotations

import os
import platform
from importlib import metadata

from . import data
from .i18n import get_language, tr

PACKAGES = ("oi-helpers", "torch", "numpy", "matplotlib", "jupyterlab", "ipywidgets", "nltk", "spacy",
            "gensim", "jieba", "opencc-python-reimplemented", "scikit-learn", "sacrebleu", "tqdm")


def report() -> str:
    """Return the report as text in the learner's language."""
    import torch

    from .plot import find_cjk_font
    from .runtime import device

    lines = [tr("doctor.title"), ""]
    lines.append(f"{tr('doctor.language')}: {get_language()}")
    lines.append(f"{tr('doctor.python')}: {platform.python_version()} ({platform.system()} {platform.machine()})")
    lines.append(f"{tr('doctor.packages')}:")
    for name in PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = tr("doctor.not_installed")
        lines.append(f"  {name:<30} {version}")
    lines.append(f"{tr('doctor.device')}: {device()}")
    lines.append(f"{tr('doctor.threads')}: {torch.get_num_threads()}")
    font = find_cjk_font()
    lines.append(f"{tr('doctor.font')}: {font or tr('doctor.font_missing')}")
    lines.append(f"{tr('doctor.cache')}: {data.cache_dir()}")
    lines.append(f"{tr('doctor.mirror')}: {os.environ.get('OI_DATA_MIRROR') or tr('doctor.mirror_none')}")
    cached = [name for name in data.names() if data.is_cached(name)]
    lines.append(f"{tr('doctor.datasets')}: {', '.join(cached) if cached else tr('doctor.none')}")
    return "\n".join(lines)
