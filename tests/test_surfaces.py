"""Loss surfaces and optimizer paths: gradients, divergence, noise and plots."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from oi_helpers import optim, surfaces


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("key", list(surfaces.SURFACES))
def test_minima_are_stationary_points(key):
    surface = surfaces.SURFACES[key]
    for minimum in surface.minima:
        point = torch.tensor(minimum, dtype=torch.float64, requires_grad=True)
        surface(point).backward()
        assert point.grad.abs().max().item() < 1e-12, minimum


@pytest.mark.parametrize("key", list(surfaces.SURFACES))
def test_every_optimizer_gets_close_to_a_minimum(key):
    surface = surfaces.SURFACES[key]
    lowest = min(surface(torch.tensor(m, dtype=torch.float64)).item() for m in surface.minima)
    start = surface(torch.tensor(surface.start, dtype=torch.float64)).item()
    for name in optim.NAMES:
        path = surfaces.run_path(surface, name)
        assert not path.diverged, name
        assert len(path.positions) == surface.steps + 1, name
        # Every optimizer removes most of the gap between the start and the minimum with the surface's learning rate.
        assert path.losses[-20:].mean() - lowest < 0.6 * (start - lowest), name


def test_run_path_matches_manual_sgd():
    path = surfaces.run_path("quadratic", "sgd", steps=5, lr=0.1)
    point = torch.tensor(surfaces.SURFACES["quadratic"].start, dtype=torch.float64, requires_grad=True)
    for step in range(1, 6):
        gradient, = torch.autograd.grad(surfaces.SURFACES["quadratic"](point), point)
        point = (point - 0.1 * gradient).detach().requires_grad_()
        assert path.positions[step] == pytest.approx(point.detach().numpy(), abs=1e-12)


def test_divergence_stops_the_path():
    path = surfaces.run_path("quadratic", "sgd", steps=500, lr=5.0)
    assert path.diverged
    assert len(path.positions) < 501
    assert np.all(np.isfinite(path.positions))
    assert np.abs(path.positions).max() <= surfaces.DIVERGED_AT


def test_noise_is_seeded():
    first = surfaces.run_path("noisy", "adam", steps=30, seed=3)
    again = surfaces.run_path("noisy", "adam", steps=30, seed=3)
    other = surfaces.run_path("noisy", "adam", steps=30, seed=4)
    assert np.array_equal(first.positions, again.positions)
    assert not np.array_equal(first.positions, other.positions)


def test_optimizer_factory_is_accepted():
    def heavy_ball(params):
        return torch.optim.SGD(params, lr=0.05, momentum=0.5)

    path = surfaces.run_path("saddle", heavy_ball, steps=10)
    assert path.name == "heavy_ball"
    assert len(path.positions) == 11


def test_unknown_surface_raises():
    with pytest.raises(ValueError, match="everest"):
        surfaces.run_path("everest", "sgd")


def test_frames_draw_one_axes_per_frame():
    paths = [surfaces.run_path("saddle", name, steps=20) for name in ("sgd", "adam")]
    figure = surfaces.draw_frames("saddle", paths, frames=(1, 5, 20))
    try:
        axes = figure.get_axes()
        assert len(axes) == 3
        for ax, step in zip(axes, (1, 5, 20)):
            lines = [line for line in ax.get_lines() if line.get_label() == paths[0].label]
            assert len(lines) == 1
            assert len(lines[0].get_xdata()) == step + 1
    finally:
        plt.close(figure)
