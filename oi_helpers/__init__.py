"""oi_helpers: the helper package of the Open Interpreter course.

Small modules, one concept each: ``data`` (datasets), ``text`` (tokens and
vocabularies), ``autograd`` (the chapter 4 engines), ``optim`` and
``schedules`` (optimizers and learning-rate schedules), ``ngram`` and
``models`` (language models), ``train`` (training loop and checkpoints),
``sampling`` (generation), ``plot``, ``toy`` (2-D toy data), ``exercises``
and ``i18n``. ``widgets`` (ipywidgets controls) and ``surfaces`` are imported
on request. Importing the package opens no network connection and does not
import the heavy optional libraries (spaCy, gensim, jieba).
"""
from importlib import metadata as _metadata

from . import autograd, data, exercises, i18n, models, ngram, optim, plot, sampling, schedules, text, toy, train
from .i18n import get_language, set_language, tr
from .runtime import device, limit_threads_to_quota, seed

__version__ = "0.1.0"

# Binder-style containers allow fewer CPUs than torch sees; match torch's threads to what is allowed.
limit_threads_to_quota()

__all__ = ["__version__", "autograd", "check_version", "data", "device", "exercises", "get_language", "i18n",
           "models", "ngram", "optim", "plot", "sampling", "schedules", "seed", "set_language", "text", "toy",
           "train", "tr"]


def check_version(expected: str) -> str:
    """Raise if the installed oi_helpers is not the ``major.minor`` version a notebook was written for.

    Returns the installed version. A notebook calls this in its first cell,
    so a stale install fails early with a clear message instead of later with
    a missing function.
    """
    def major_minor(version: str) -> tuple[str, ...]:
        return tuple(version.split(".")[:2])

    if major_minor(__version__) != major_minor(expected):
        raise RuntimeError(tr("i18n.version_mismatch", expected=expected, installed=__version__))
    try:
        distribution = _metadata.version("oi-helpers")
    except _metadata.PackageNotFoundError:  # imported from a source folder without installing
        distribution = __version__
    return distribution
