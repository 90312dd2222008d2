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
    # Name the families themselves: matplotlib falls back glyph by glyph only across the families listed in
    # font.family, and the generic "sans-serif" resolves to one font (checked with matplotlib 3.11).
    matplotlib.rcParams["font.family"] = families + ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = families + [
        f for f in matplotlib.rcParams["font.sans-serif"] if f not in families]
    # Most CJK fonts lack U+2212; the ASCII hyphen-minus always renders.
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 100
    return _font


def loss_curve(history, ax=None, title: str | None = None):
    """Plot training and validation loss from a training history.

    ``history`` has lists under "step", "train_loss" and "val_loss"
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


def decision_boundary(predict, X, y, ax=None, title: str | None = None, resolution: int = 200, margin: float = 0.3):
    """Shade the class ``predict`` assigns to each point of the plane around ``X``, and scatter ``X`` by label.

    ``predict`` maps an array of shape (n, 2) to integer class ids of shape
    (n,); ``X`` has shape (N, 2) and ``y`` holds the N true class ids.
    ``resolution`` is the number of grid points per axis and ``margin`` the
    padding around the data, in data units. Returns the axes.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap

    setup()
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4.0))
    X, y = np.asarray(X), np.asarray(y)
    x_min, y_min = X.min(axis=0) - margin
    x_max, y_max = X.max(axis=0) + margin
    grid_x, grid_y = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)                 # (resolution^2, 2)
    classes = np.asarray(predict(points)).reshape(grid_x.shape)
    n_classes = int(max(classes.max(), y.max())) + 1
    colors = plt.get_cmap("tab10").colors[:n_classes]
    ax.contourf(grid_x, grid_y, classes, levels=np.arange(n_classes + 1) - 0.5, cmap=ListedColormap(colors), alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=[colors[int(label)] for label in y], s=12, edgecolors="white", linewidths=0.4)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    return ax
