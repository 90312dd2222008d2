"""Matplotlib set-up for the course: Chinese labels that render, and common plots.

Call :func:`setup` once (``import oi_helpers`` does not, so importing stays
cheap). It finds an installed CJK font, puts it after DejaVu Sans in the
font fallback list, so Latin text keeps its usual look and Chinese glyphs come
from the CJK font, and keeps the minus sign rendering.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from .i18n import tr

# Family names of common CJK fonts, Simplified Chinese faces first.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Hiragino Sans GB",
    "STHeiti", "Arial Unicode MS", "Droid Sans Fallback",
)
# A folder the learner can drop a font file into when nothing is installed.
USER_FONT_DIR = Path.home() / ".fonts"

_font: str | None = None
_configured = False


def _register_user_fonts() -> None:
    from matplotlib import font_manager

    for folder in (USER_FONT_DIR, Path.home() / ".local/share/fonts"):
        if folder.is_dir():
            for font_file in folder.rglob("*"):
                if font_file.suffix.lower() in (".ttf", ".otf", ".ttc"):
                    font_manager.fontManager.addfont(str(font_file))


def find_cjk_font() -> str | None:
    """Return the family name of an installed font with Chinese glyphs, or None."""
    from matplotlib import font_manager

    _register_user_fonts()
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    # Fall back to any family whose name says it covers Chinese.
    for family in sorted(installed):
        if any(tag in family for tag in ("CJK", " SC", "Hei", "Song", "Kai", "Ming")):
            return family
    return None


def setup(warn: bool = True) -> str | None:
    """Configure matplotlib for the course and return the CJK font family found (or None).

    With no CJK font installed, warns once, in the learner's language, how to
    install one.
    """
    global _font, _configured
    import matplotlib

    if not _configured:
        _font = find_cjk_font()
        _configured = True
        if _font is None and warn:
            warnings.warn(tr("plot.no_cjk_font", folder=USER_FONT_DIR), stacklevel=2)
    families = ["DejaVu Sans"] + ([_font] if _font else [])
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = families + [
        f for f in matplotlib.rcParams["font.sans-serif"] if f not in families]
    # Most CJK fonts lack U+2212; the ASCII hyphen-minus always renders.
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 100
    return _font


def loss_curve(history, ax=None, title: str | None = None):
    """Plot training and validation loss from a training history.

    ``history`` holds lists under "step", "train_loss" and "val_loss"
    (the dict that :func:`oi_helpers.train.train` returns). Returns the axes.
    """
    import matplotlib.pyplot as plt

    setup()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(history["step"], history["train_loss"], label=tr("plot.train"))
    ax.plot(history["step"], history["val_loss"], label=tr("plot.val"))
    ax.set_xlabel(tr("plot.step"))
    ax.set_ylabel(tr("plot.loss"))
    ax.set_title(title if title is not None else tr("plot.loss_curve_title"))
    ax.grid(alpha=0.3)
    ax.legend()
    return ax
