"""Build the English and Chinese editions of each notebook from one source file, and run them.

Each notebook is written once, as ``notebooks/src/NN_name.py``, in a cell
format close to Jupytext's "percent" format::

    # %% [markdown] en
    # ## English heading
    # Prose, one line per source line, after "# ".
    # %% [markdown] zh
    # ## 中文标题
    # %%
    code shared by both editions
    # %% edition en
    LANG = "en"            # a cell that differs between editions (tag: edition)
    # %% edition zh
    LANG = "zh"
    # %% solution
    code of a solution, collapsed in JupyterLab (tag: solution)
    # %% headline
    code whose last printed line is the notebook's headline metric, which
    benchmarks/run_notebooks.py reports (tag: headline)

Markdown lines must start with "# " (or be a lone "#"). Code cells keep their
lines as they are. The builder writes ``notebooks/en/NN_name.ipynb`` and
``notebooks/zh/NN_name.ipynb`` with identical code cells apart from those
tagged ``edition``, keeping the outputs of cells whose source did not change.

Usage::

    python tools/build_notebooks.py                 # write every notebook, keep outputs
    python tools/build_notebooks.py 00 --execute    # write and run notebook 00 in both editions
    python tools/build_notebooks.py 03 --execute --lang zh
    python tools/build_notebooks.py --check         # fail if an .ipynb is out of date with its source
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "notebooks" / "src"
REPOSITORY = "open-interpreter-course/open-interpreter"
COLAB_BADGE = {
    "en": "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
          "(https://colab.research.google.com/github/{repo}/blob/main/notebooks/en/{name})",
    "zh": "[![在 Colab 中打开](https://colab.research.google.com/assets/colab-badge.svg)]"
          "(https://colab.research.google.com/github/{repo}/blob/main/notebooks/zh/{name})",
}
LANGUAGES = ("en", "zh")
MARKER = re.compile(r"^# %%(?P<rest>.*)$")


def parse_source(text: str) -> list[dict]:
    """Split a source file into cells: {"kind", "lang" (or None), "tags", "source"}."""
    cells: list[dict] = []
    current: dict | None = None
    for line in text.splitlines():
        match = MARKER.match(line)
        if match:
            current = _new_cell(match.group("rest").split(), line)
            cells.append(current)
            continue
        if current is None:
            if line.strip():
                raise ValueError(f"text before the first '# %%' marker: {line!r}")
            continue
        if current["kind"] == "markdown":
            if line == "#":
                line = ""
            elif line.startswith("# "):
                line = line[2:]
            elif line.strip():
                raise ValueError(f"markdown line without '# ' prefix: {line!r}")
        current["lines"].append(line)
    for cell in cells:
        lines = cell.pop("lines")
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        cell["source"] = "\n".join(lines)
    return cells


def _new_cell(words: list[str], line: str) -> dict:
    cell = {"kind": "code", "lang": None, "tags": [], "lines": []}
    if words[:1] == ["[markdown]"]:
        if len(words) != 2 or words[1] not in LANGUAGES:
            raise ValueError(f"a markdown cell needs a language, 'en' or 'zh': {line!r}")
        cell.update(kind="markdown", lang=words[1])
    elif words[:1] == ["edition"]:
        if len(words) != 2 or words[1] not in LANGUAGES:
            raise ValueError(f"an edition cell needs a language, 'en' or 'zh': {line!r}")
        cell.update(lang=words[1], tags=["edition"])
    elif words[:1] == ["solution"]:
        cell["tags"] = ["solution"]
    elif words[:1] == ["headline"]:
        cell["tags"] = ["headline"]
    elif words:
        raise ValueError(f"unknown cell marker: {line!r}")
    return cell


def _with_colab_badge(markdown: str, lang: str, name: str) -> str:
    """Insert an "Open in Colab" badge after the title line unless the cell already links to Colab."""
    if "colab.research.google.com" in markdown:
        return markdown
    title, _, rest = markdown.partition("\n")
    badge = COLAB_BADGE[lang].format(repo=REPOSITORY, name=name)
    return f"{title}\n\n{badge}\n{rest}" if rest else f"{title}\n\n{badge}"


def build_edition(cells: list[dict], lang: str, previous: nbformat.NotebookNode | None,
                  name: str = "") -> nbformat.NotebookNode:
    """Return the notebook for one edition, reusing outputs of unchanged code cells from ``previous``.

    The first markdown cell gets an "Open in Colab" badge for this edition's ``name`` (file name).
    """
    old_outputs: dict[str, list] = {}
    if previous is not None:
        for old in previous.cells:
            if old.cell_type == "code":
                old_outputs.setdefault(old.source, (old.get("outputs", []), old.get("execution_count")))
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for cell in cells:
        if cell["lang"] not in (None, lang):
            continue
        if cell["kind"] == "markdown":
            source = cell["source"]
            if name and not any(c.cell_type == "markdown" for c in notebook.cells):
                source = _with_colab_badge(source, lang, name)
            notebook.cells.append(nbformat.v4.new_markdown_cell(source))
            continue
        code = nbformat.v4.new_code_cell(cell["source"])
        if cell["tags"]:
            code.metadata["tags"] = list(cell["tags"])
        if "solution" in cell["tags"]:
            code.metadata["jupyter"] = {"source_hidden": True}
        if cell["source"] in old_outputs:
            code.outputs, code.execution_count = old_outputs[cell["source"]]
        notebook.cells.append(code)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{lang}-{index:03d}"
    return notebook


def notebook_paths(stem: str) -> dict[str, Path]:
    return {lang: ROOT / "notebooks" / lang / f"{stem}.ipynb" for lang in LANGUAGES}


def execute(path: Path, timeout: int) -> float:
    """Run a notebook in place (cwd = its folder) and save its outputs; returns seconds taken."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


def _select(sources: list[Path], prefixes: list[str]) -> list[Path]:
    if not prefixes:
        return sources
    chosen = [s for s in sources if any(s.stem.startswith(p) for p in prefixes)]
    if not chosen:
        raise SystemExit(f"no source in {SOURCE_DIR} starts with {prefixes}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="number prefixes such as 00 or 03 (default: all)")
    parser.add_argument("--execute", action="store_true", help="run the built notebooks and save their outputs")
    parser.add_argument("--lang", choices=LANGUAGES, help="only this edition (default: both)")
    parser.add_argument("--timeout", type=int, default=900, help="per-cell timeout in seconds when executing")
    parser.add_argument("--check", action="store_true", help="exit 1 if any notebook's cells differ from its source")
    args = parser.parse_args(argv)

    stale = []
    for source in _select(sorted(SOURCE_DIR.glob("[0-9][0-9]_*.py")), args.notebooks):
        cells = parse_source(source.read_text(encoding="utf-8"))
        for lang, path in notebook_paths(source.stem).items():
            if args.lang and lang != args.lang:
                continue
            previous = nbformat.read(path, as_version=4) if path.exists() else None
            built = build_edition(cells, lang, previous, path.name)
            if args.check:
                old = [(c.cell_type, c.source) for c in previous.cells] if previous else None
                if old != [(c.cell_type, c.source) for c in built.cells]:
                    stale.append(str(path.relative_to(ROOT)))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(built, path)
            if args.execute:
                seconds = execute(path, args.timeout)
                print(f"executed {path.relative_to(ROOT)} in {seconds:.1f} s", flush=True)
            else:
                print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("out of date with notebooks/src (run tools/build_notebooks.py):\n  " + "\n  ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
