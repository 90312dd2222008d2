"""The optimizer playground builds, redraws and relabels with no browser or kernel attached."""
from __future__ import annotations

import pytest
import torch

from oi_helpers import i18n, optim, surfaces
from oi_helpers.messages import MESSAGES
from oi_helpers.widgets import Playground

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_playground_builds_with_a_plot():
    playground = Playground()
    assert bytes(playground.image.value).startswith(PNG_SIGNATURE)
    assert [path.name for path in playground.paths] == ["sgd", "momentum", "adam"]
    assert all(len(path.positions) == surfaces.SURFACES["quadratic"].steps + 1 for path in playground.paths)
    assert "SGD + momentum" in playground.summary.value


def test_changing_surface_recomputes_and_redraws():
    playground = Playground()
    before = playground.image.value
    playground.surface_picker.value = "rosenbrock"
    rosenbrock = surfaces.SURFACES["rosenbrock"]
    assert (playground.start_x.value, playground.start_y.value) == pytest.approx(rosenbrock.start)
    assert playground.steps.value == rosenbrock.steps
    assert playground.shown_step.max == rosenbrock.steps
    assert playground.paths[0].positions[0] == pytest.approx(rosenbrock.start)
    assert playground.image.value != before


def test_controls_reach_the_optimizers():
    playground = Playground(optimizers=("adam",))
    playground.same_lr.value = True
    playground.lr.value = 0.01
    first = playground.paths[0].positions[1]
    # Adam's first step has length lr in each coordinate with a nonzero gradient.
    assert abs(first - playground.paths[0].positions[0]) == pytest.approx([0.01, 0.01], rel=1e-6)
    playground.beta1.value = 0.5
    playground.steps.value = 30
    assert len(playground.paths[0].positions) == 31
    playground.optimizer_picker.value = ("sgd", "rmsprop")
    assert [path.name for path in playground.paths] == ["sgd", "rmsprop"]


def test_shown_step_redraws_without_recomputing():
    playground = Playground()
    paths = playground.paths
    before = playground.image.value
    playground.shown_step.value = 5
    assert playground.paths is paths
    assert playground.image.value != before


def test_divergence_is_reported():
    playground = Playground(optimizers=("sgd",))
    playground.same_lr.value = True
    playground.lr.value = 3.0
    assert playground.paths[0].diverged
    assert "diverged" in playground.summary.value


@pytest.mark.parametrize("surface", list(surfaces.SURFACES))
def test_every_surface_and_optimizer_runs(surface):
    playground = Playground(surface=surface, optimizers=optim.NAMES)
    assert len(playground.paths) == len(optim.NAMES)
    assert bytes(playground.image.value).startswith(PNG_SIGNATURE)


def test_labels_follow_the_language():
    previous = i18n.get_language()
    i18n.set_language("zh")
    try:
        playground = Playground()
    finally:
        i18n.set_language(previous)
    assert playground.lr.description == MESSAGES["widgets.lr"]["zh"]
    assert playground.surface_picker.options[0][0] == MESSAGES["surfaces.quadratic"]["zh"]
    assert MESSAGES["optim.name_momentum"]["zh"] in playground.summary.value


def test_playground_rejects_unknown_names():
    import pytest

    from oi_helpers.widgets import Playground

    with pytest.raises(ValueError) as caught:
        Playground(surface="bowl")
    assert "'bowl'" in str(caught.value)
    assert "rosenbrock" in str(caught.value)
    with pytest.raises(ValueError) as caught:
        Playground(optimizers=("sgdd",))
    assert "sgdd" in str(caught.value)
