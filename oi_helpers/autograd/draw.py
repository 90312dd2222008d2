"""Draw a computational graph with matplotlib (no Graphviz needed, so it works on Binder and Colab)."""
from __future__ import annotations

from ..i18n import tr
from .graph import topological_order

MAX_NODES = 60


def _node_text(node, show_grad: bool) -> str:
    lines = [node.label] if node.label else []
    data = node.data
    if getattr(data, "ndim", 0):  # a Tensor: show its shape, not its numbers
        lines.append(f"shape {tuple(data.shape)}")
    else:
        lines.append(f"data {float(data):.4g}")
        if show_grad:
            lines.append(f"grad {float(node.grad):.4g}")
    return "\n".join(lines)


def _layout(order: list) -> dict:
    """Return {node: (column, row)}, with the root in the rightmost column.

    A node computed from other nodes sits one column right of its deepest
    operand. A leaf sits one column left of the first node that uses it, so
    edges stay short. Rows are set from the root leftwards: each node goes
    near the mean row of the nodes that use it, at least one row apart from
    its neighbours in the column.
    """
    column = {}
    parents: dict = {node: [] for node in order}
    for node in order:  # operands come before the nodes computed from them
        children = node.children
        column[node] = 1 + max(column[c] for c in children) if children else 0
        for child in children:
            parents[child].append(node)
    for node in order:
        if not node.children and parents[node]:
            column[node] = min(column[p] for p in parents[node]) - 1
    by_column: dict[int, list] = {}
    for node in order:
        by_column.setdefault(column[node], []).append(node)
    row = {}
    for index in sorted(by_column, reverse=True):
        nodes = by_column[index]
        target_row = {n: sum(row[p] for p in parents[n]) / len(parents[n]) if parents[n] else 0.0 for n in nodes}
        nodes.sort(key=lambda n: target_row[n])
        placed = []
        for n in nodes:
            placed.append(max(target_row[n], placed[-1] + 1.0) if placed else target_row[n])
        shift = (sum(target_row.values()) - sum(placed)) / len(placed)  # centre the column on its target rows
        for n, r in zip(nodes, placed):
            row[n] = r + shift
    return {node: (column[node], row[node]) for node in order}


def draw_graph(root, ax=None, show_grad: bool = True, title: str | None = None):
    """Draw the graph that computed ``root`` (a Value or Tensor), from the leaves on the left to ``root``.

    Each node is a box with its label, value and gradient, or its shape for a
    Tensor. Each operation is a circle between its operands and its result.
    Graphs of more than 60 nodes raise ValueError, because they would not be
    readable. Returns the matplotlib axes.
    """
    import matplotlib.pyplot as plt

    from .. import plot

    order = topological_order(root)
    if len(order) > MAX_NODES:
        raise ValueError(tr("autograd.graph_too_large", count=len(order), limit=MAX_NODES))
    plot.setup()
    position = _layout(order)
    columns = [column for column, _ in position.values()]
    rows = [row for _, row in position.values()]
    n_columns = max(columns) - min(columns) + 1
    n_rows = max(rows) - min(rows) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.0, 2.6 * n_columns), max(2.0, 1.1 * n_rows)))

    def xy(node):
        column, row = position[node]
        return 3.0 * column, row

    box = dict(boxstyle="round,pad=0.35", facecolor="#eef4fb", edgecolor="#3c6e9f")
    circle = dict(boxstyle="circle,pad=0.3", facecolor="#fdf1dc", edgecolor="#b5802a")
    arrow = dict(arrowstyle="-|>", color="#666666", shrinkA=4, shrinkB=4, lw=1.0)
    artists = {}  # node -> its box, drawn before any node computed from it
    for node in order:
        x, y = xy(node)
        text = artists[node] = ax.text(x, y, _node_text(node, show_grad), ha="center", va="center", fontsize=9, bbox=box, zorder=3)
        if not node.children:
            continue
        op_x = x - 1.4  # the operation's circle sits just left of its result
        op = ax.text(op_x, y, node.op, ha="center", va="center", fontsize=9, bbox=circle, zorder=3)
        ax.annotate("", xy=(0.0, 0.5), xycoords=text, xytext=(1.0, 0.5), textcoords=op, arrowprops=arrow)
        children = node.children
        for i, child in enumerate(children):
            # Bend an edge that skips a column, or repeats an operand (x * x), so it stays visible.
            repeated = child in children[:i]
            skips = position[node][0] - position[child][0] > 1
            bend = 0.0
            if repeated:
                bend = -0.4
            elif skips:
                bend = 0.3
            ax.annotate("", xy=(0.0, 0.5), xycoords=op, xytext=(1.0, 0.5), textcoords=artists[child],
                        arrowprops=dict(arrow, connectionstyle=f"arc3,rad={bend}"))
    xs = [xy(n)[0] for n in order]
    ys = [xy(n)[1] for n in order]
    ax.set_xlim(min(xs) - 1.3, max(xs) + 1.3)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax

