r"""Two-dimensional loss surfaces, optimizer paths across them, and plots of both.

Each :class:`Surface` is a function of a point :math:`(x, y)`, written in
torch so that autograd gives its gradient, with a plotting window, a
starting point and a learning rate that works for each optimizer in
:data:`oi_helpers.optim.NAMES`. :func:`run_path` moves a point across a
surface with a real optimizer; :func:`draw_paths` and :func:`draw_frames`
draw the paths on the contours.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from . import optim
from .i18n import tr

__all__ = ["SURFACES", "Path", "Surface", "draw_frames", "draw_paths", "draw_surface", "optimizer_color",
           "run_path"]

# Path coordinates beyond this are treated as divergence, and the path stops there.
DIVERGED_AT = 1e6


@dataclass(frozen=True)
class Surface:
    """A loss :math:`f(x, y)` to minimize, with what is needed to plot and run optimizers on it.

    ``function`` maps points of shape ``(..., 2)`` to values of shape ``(...)``.
    ``lrs`` maps each optimizer name to a learning rate that works here.
    With ``gradient_noise`` > 0, :func:`run_path` adds Gaussian noise of that
    standard deviation to each gradient coordinate, as a mini-batch gradient would have.
    """

    key: str
    function: Callable[[torch.Tensor], torch.Tensor]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    lrs: dict[str, float]
    steps: int = 100
    gradient_noise: float = 0.0
    lowest_contour: float = 0.01

    @property
    def label(self) -> str:
        """The surface's name in the learner's language."""
        return tr(f"surfaces.{self.key}")

    def __call__(self, xy: torch.Tensor) -> torch.Tensor:
        return self.function(xy)


def _quadratic(xy: torch.Tensor) -> torch.Tensor:
    # Curvatures 0.04 and 2 (condition number 50) along axes turned 30 degrees from x and y, so no
    # per-coordinate scaling (AdaGrad, RMSProp, Adam) can undo the ill-conditioning exactly.
    x, y = xy[..., 0], xy[..., 1]
    cos, sin = math.cos(math.pi / 6), math.sin(math.pi / 6)
    u, v = cos * x + sin * y, -sin * x + cos * y
    return 0.02 * u ** 2 + v ** 2


def _rosenbrock(xy: torch.Tensor) -> torch.Tensor:
    # A curved valley along y = x^2, minimum 0 at (1, 1).
    x, y = xy[..., 0], xy[..., 1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def _saddle(xy: torch.Tensor) -> torch.Tensor:
    # A saddle point at (0, 0), a minimum along x and a maximum along y. The minima are -0.25 at (0, +-1).
    x, y = xy[..., 0], xy[..., 1]
    return x ** 2 + y ** 4 / 4 - y ** 2 / 2


def _bowl(xy: torch.Tensor) -> torch.Tensor:
    x, y = xy[..., 0], xy[..., 1]
    return 0.5 * x ** 2 + y ** 2


SURFACES: dict[str, Surface] = {
    "quadratic": Surface(
        "quadratic", _quadratic, xlim=(-6.0, 6.0), ylim=(-4.0, 4.0), start=(-5.0, 1.0), minima=((0.0, 0.0),),
        lrs={"sgd": 0.8, "momentum": 0.1, "nesterov": 0.1, "adagrad": 1.0, "rmsprop": 0.1, "adam": 0.3,
             "adamw": 0.3}),
    "rosenbrock": Surface(
        "rosenbrock", _rosenbrock, xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), start=(-1.5, 2.5), minima=((1.0, 1.0),),
        lrs={"sgd": 1e-3, "momentum": 1e-3, "nesterov": 8e-4, "adagrad": 0.1, "rmsprop": 0.01, "adam": 0.1,
             "adamw": 0.1},
        steps=500, lowest_contour=0.1),
    "saddle": Surface(
        "saddle", _saddle, xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), start=(1.5, 1e-3), minima=((0.0, 1.0), (0.0, -1.0)),
        lrs={"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.1,
             "adamw": 0.1}),
    "noisy": Surface(
        "noisy", _bowl, xlim=(-3.0, 3.0), ylim=(-3.0, 3.0), start=(-2.5, 2.5), minima=((0.0, 0.0),),
        lrs={"sgd": 0.03, "momentum": 0.005, "nesterov": 0.005, "adagrad": 0.5, "rmsprop": 0.03, "adam": 0.1,
             "adamw": 0.1},
        gradient_noise=2.0),
}


def _surface(surface: Surface | str) -> Surface:
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ValueError(tr("surfaces.unknown", name=surface, choices=", ".join(SURFACES)))
    return SURFACES[surface]


@dataclass
class Path:
    """The points an optimizer visited: ``positions`` ``(n, 2)`` from the start on, ``losses`` ``(n,)``.

    ``diverged`` is True when the run stopped early because a coordinate
    became infinite, NaN or larger than ``DIVERGED_AT``.
    """

    name: str
    label: str
    positions: np.ndarray
    losses: np.ndarray
    diverged: bool = False

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])


def run_path(surface: Surface | str, optimizer: str | Callable, steps: int | None = None, lr: float | None = None,
             start: tuple[float, float] | None = None, momentum: float = 0.9,
             betas: tuple[float, float] = (0.9, 0.999), seed: int = 0) -> Path:
    """Minimize ``surface`` from ``start`` for ``steps`` steps and return the path.

    ``optimizer`` is a name from :data:`oi_helpers.optim.NAMES` or a function
    that takes a list of parameters and returns an optimizer. For a name,
    ``lr`` defaults to the surface's learning rate for that optimizer, and
    ``momentum`` and ``betas`` go to :func:`oi_helpers.optim.create`. ``seed``
    fixes the gradient noise of a noisy surface, so every optimizer sees the
    same noise sequence.
    """
    surface = _surface(surface)
    steps = surface.steps if steps is None else steps
    point = torch.tensor(start if start is not None else surface.start, dtype=torch.float64, requires_grad=True)
    if isinstance(optimizer, str):
        name, label = optimizer, optim.label(optimizer)
        lr = surface.lrs[optimizer] if lr is None else lr
        stepper = optim.create(optimizer, [point], lr=lr, momentum=momentum, betas=betas)
    else:
        name = label = getattr(optimizer, "__name__", type(optimizer).__name__)
        stepper = optimizer([point])
    generator = torch.Generator().manual_seed(seed)

    positions = [point.detach().numpy().copy()]
    losses = [surface(point).item()]
    diverged = False
    for _ in range(steps):
        stepper.zero_grad()
        loss = surface(point)
        loss.backward()
        if surface.gradient_noise:
            point.grad += surface.gradient_noise * torch.randn(2, generator=generator, dtype=torch.float64)
        stepper.step()
        position = point.detach().numpy().copy()
        if not np.all(np.isfinite(position)) or np.abs(position).max() > DIVERGED_AT:
            diverged = True
            break
        positions.append(position)
        with torch.no_grad():
            losses.append(surface(point).item())
    return Path(name, label, np.array(positions), np.array(losses), diverged)


# One fixed colour per optimizer, so plots across a notebook agree.
_COLORS = dict(zip(optim.NAMES, ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")))


def optimizer_color(name: str) -> str:
    """Return the plot colour of the optimizer ``name`` (grey for names outside ``optim.NAMES``)."""
    return _COLORS.get(name, "#7f7f7f")


def draw_surface(surface: Surface | str, ax, resolution: int = 160) -> None:
    """Draw the contours of ``surface`` over its window on the matplotlib axes ``ax``, minima as stars."""
    from matplotlib.colors import BoundaryNorm

    surface = _surface(surface)
    xs = torch.linspace(*surface.xlim, resolution, dtype=torch.float64)
    ys = torch.linspace(*surface.ylim, resolution, dtype=torch.float64)
    grid_x, grid_y = torch.meshgrid(xs, ys, indexing="xy")
    with torch.no_grad():
        z = surface(torch.stack([grid_x, grid_y], dim=-1)).numpy()   # (resolution, resolution)
    # Levels evenly spaced in log(height above the minimum) show both the floor of a valley and its walls.
    height = z - z.min()
    levels = np.geomspace(surface.lowest_contour, height.max(), 20)
    # Filled bands without antialiasing read as well as contour lines and make PNGs about 5x smaller.
    # BoundaryNorm gives each band its own shade, so the low bands of a deep valley stay distinct.
    shades = BoundaryNorm(levels, ncolors=256)
    ax.contourf(grid_x.numpy(), grid_y.numpy(), height, levels=levels, cmap="Greys", norm=shades, alpha=0.35,
                antialiased=False)
    for minimum in surface.minima:
        ax.plot(*minimum, marker="*", color="gold", markeredgecolor="black", markersize=12, zorder=5)
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


def draw_paths(surface: Surface | str, paths: list[Path], ax=None, upto: int | None = None,
               legend: bool = True, title: str | None = None):
    """Draw ``paths`` on the contours of ``surface``, each up to step ``upto`` (all steps by default).

    Returns the axes (new ones when ``ax`` is None).
    """
    import matplotlib.pyplot as plt

    surface = _surface(surface)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.5))
    draw_surface(surface, ax)
    for path in paths:
        visible = path.positions if upto is None else path.positions[:upto + 1]
        color = optimizer_color(path.name)
        marker = " ×" if path.diverged and (upto is None or upto >= len(path.positions) - 1) else ""
        ax.plot(visible[:, 0], visible[:, 1], "-", color=color, linewidth=1.4, alpha=0.9,
                label=path.label + marker)
        ax.plot(visible[-1, 0], visible[-1, 1], "o", color=color, markersize=5)
    ax.plot(*surface.start, "s", color="black", markersize=5)
    ax.set_title(title if title is not None else surface.label)
    if legend and paths:
        ax.legend(fontsize=8, loc="best")
    return ax


def draw_frames(surface: Surface | str, paths: list[Path], frames: tuple[int, ...] = (5, 20, 100)):
    """Draw the paths after each number of steps in ``frames``, side by side, as a static animation.

    Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt

    surface = _surface(surface)
    figure, axes = plt.subplots(1, len(frames), figsize=(4.2 * len(frames), 3.8), squeeze=False)
    for index, (ax, step) in enumerate(zip(axes[0], frames)):
        draw_paths(surface, paths, ax=ax, upto=step, legend=index == len(frames) - 1,
                   title=tr("surfaces.after_steps", steps=step))
    figure.suptitle(surface.label)
    figure.tight_layout()
    return figure
