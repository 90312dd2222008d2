"""The two editions of every notebook: same code, saved outputs, built from their source."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EN = sorted((ROOT / "notebooks" / "en").glob("*.ipynb"))
ZH = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_every_notebook_has_both_editions():
    assert [p.name for p in EN] == [p.name for p in ZH]
    assert EN, "no notebooks found"


@pytest.mark.parametrize("name", [p.name for p in EN])
def test_editions_share_code_cells(name):
    english = _code_cells(ROOT / "notebooks" / "en" / name)
    chinese = _code_cells(ROOT / "notebooks" / "zh" / name)
    shared_en = [c.source for c in english if "edition" not in c.metadata.get("tags", [])]
    shared_zh = [c.source for c in chinese if "edition" not in c.metadata.get("tags", [])]
    assert shared_en == shared_zh
    edition_en = [c for c in english if "edition" in c.metadata.get("tags", [])]
    edition_zh = [c for c in chinese if "edition" in c.metadata.get("tags", [])]
    assert len(edition_en) == len(edition_zh)


@pytest.mark.parametrize("path", EN + ZH, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_outputs_are_saved_without_errors(path):
    cells = _code_cells(path)
    assert all(c.execution_count is not None for c in cells), "run the notebook and save it with outputs"
    errors = [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    counts = [c.execution_count for c in cells]
    assert counts == sorted(counts), "cells were run out of order: restart the kernel and run all"


@pytest.mark.parametrize("path", EN + ZH, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_first_cells_check_version_and_language(path):
    sources = [c.source for c in _code_cells(path)[:4]]
    assert any("google.colab" in s for s in sources)
    assert any("oi.check_version(" in s and "oi.set_language(LANG)" in s for s in sources)
    edition = [c.source for c in _code_cells(path) if "edition" in c.metadata.get("tags", [])]
    assert f'LANG = "{path.parent.name}"' in "\n".join(edition)


def test_notebooks_match_their_source():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_notebooks.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", EN + ZH, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_colab_badge_opens_this_notebook(path):
    first_markdown = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    assert f"blob/main/notebooks/{path.parent.name}/{path.name})" in first_markdown.source
