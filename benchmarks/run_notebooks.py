"""Run every notebook of an edition headless and print wall time, peak memory and headline metric.

Usage: python benchmarks/run_notebooks.py [--lang en|zh] [--only 00 03 ...] [--timeout 900]

Each notebook runs in a fresh kernel with its folder as working directory,
as nbval runs it. Peak memory is the kernel's maximum resident set size,
sampled every 0.2 s with psutil (children included). The headline metric is
the last line printed by the cell tagged "headline" (``# %% headline`` in
the notebook source). The notebooks on disk are not modified.
"""
from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


class PeakMemory:
    """Samples the resident memory of a process tree in a background thread."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                total = self.process.memory_info().rss
                total += sum(child.memory_info().rss for child in self.process.children(recursive=True))
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def headline(notebook) -> str:
    """Return the last line printed by the cell tagged "headline", or "-" when there is none."""
    lines = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or "headline" not in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                lines.extend(line for line in output["text"].splitlines() if line.strip())
    return lines[-1].strip() if lines else "-"


def run(path: Path, timeout: int) -> tuple[float, int, str]:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        monitor = PeakMemory(pid)
        start = time.perf_counter()
        try:
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
        finally:
            seconds = time.perf_counter() - start
            peak = monitor.stop()
    return seconds, peak, headline(notebook)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="which edition to run")
    parser.add_argument("--only", nargs="*", help="notebook number prefixes, e.g. 00 03")
    parser.add_argument("--timeout", type=int, default=900, help="per-cell timeout in seconds")
    args = parser.parse_args()

    paths = sorted((ROOT / "notebooks" / args.lang).glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        paths = [p for p in paths if any(p.name.startswith(prefix) for prefix in args.only)]
    print(f"{'notebook':<36} {'wall s':>7} {'peak MB':>8}  headline metric")
    for path in paths:
        seconds, peak, metric = run(path, args.timeout)
        print(f"{args.lang + '/' + path.name:<36} {seconds:>7.1f} {peak / 2**20:>8.0f}  {metric}", flush=True)


if __name__ == "__main__":
    main()
