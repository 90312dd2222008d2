"""Plots render Chinese labels and the minus sign; the doctor report runs."""
from __future__ import annotations

import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from oi_helpers import plot  # noqa: E402


def test_cjk_font_is_found():
    font = plot.setup()
    assert font is not None, "install a CJK font, e.g. `apt-get install fonts-noto-cjk`"


def test_chinese_and_minus_render_without_missing_glyphs():
    plot.setup()
    figure, ax = plt.subplots()
    ax.plot([-2, -1, 0], [0, -1, -2])
    ax.set_title("训练损失 (loss) −1")
    ax.set_xlabel("步")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for boxes
        figure.canvas.draw()
    plt.close(figure)


def test_loss_curve_labels_follow_language():
    import oi_helpers

    oi_helpers.set_language("zh")
    history = {"step": [0, 10], "train_loss": [4.0, 2.0], "val_loss": [4.1, 2.2]}
    ax = plot.loss_curve(history)
    assert ax.get_xlabel() == "步"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["训练集", "验证集"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()
    plt.close(ax.figure)


@pytest.mark.parametrize("lang,expected", [("en", "CJK font for plots"), ("zh", "绘图用中文字体")])
def test_doctor_report(lang, expected):
    result = subprocess.run([sys.executable, "-m", "oi_helpers", "--lang", lang, "doctor"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert "torch" in result.stdout
