"""Stopping a run part-way with stop_at_step, resuming it exactly, and sizing runs by time."""
from __future__ import annotations

import pytest
import torch

import oi_helpers as oi
from oi_helpers import models, train

IDS = torch.tensor([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4] * 60)
SETTINGS = dict(steps=30, batch_size=4, block_size=8, lr=5e-3, warmup_steps=4, eval_interval=10, eval_windows=8)


@pytest.fixture(autouse=True)
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)              # tiny models run faster on one thread
    yield
    torch.set_num_threads(previous)


def tiny_model(family: str) -> models.LanguageModel:
    oi.seed(0)
    if family == "gru":
        return models.RNNLM(models.RNNConfig(10, 8, cell="gru", n_embd=8, n_hidden=16, dropout=0.2))
    return models.GPT(models.GPTConfig(10, 8, n_layer=1, n_head=2, n_embd=16, dropout=0.2))


def quiet(**extra):
    return dict(progress=False, log=lambda *_: None, **extra)


@pytest.mark.parametrize("family", ["gpt", "gru"])
def test_stopped_run_resumes_to_same_result(family, tmp_path):
    straight = tiny_model(family)
    straight_history = train.train(straight, IDS[:1000], IDS[1000:], **SETTINGS, **quiet())

    checkpoint = tmp_path / "run.pt"
    stopped = tiny_model(family)
    stopped_history = train.train(stopped, IDS[:1000], IDS[1000:], **SETTINGS,
                                  **quiet(checkpoint_path=checkpoint, checkpoint_interval=5, stop_at_step=15))
    assert stopped_history.step[-1] == 10          # the last evaluation before the stop
    assert train.load_checkpoint(checkpoint)["step"] == 15

    resumed = tiny_model(family)
    torch.manual_seed(12345)                        # a different global RNG state, as in a new session
    resumed_history = train.train(resumed, IDS[:1000], IDS[1000:], **SETTINGS,
                                  **quiet(checkpoint_path=checkpoint, resume=True))
    for a, b in zip(straight.parameters(), resumed.parameters()):
        assert torch.equal(a, b)
    assert resumed_history.step == straight_history.step
    assert resumed_history.val_loss == pytest.approx(straight_history.val_loss)


def test_stop_beyond_last_step_runs_all():
    model = tiny_model("gpt")
    history = train.train(model, IDS[:1000], IDS[1000:], **SETTINGS, **quiet(stop_at_step=1000))
    assert history.step[-1] == SETTINGS["steps"]


def test_steps_for_seconds_leaves_model_and_rng_alone():
    model = tiny_model("gpt")
    before = [parameter.clone() for parameter in model.parameters()]
    rng_before = torch.get_rng_state()
    steps = train.steps_for_seconds(model, IDS, seconds=0.5, batch_size=4, block_size=8, probe_steps=3)
    assert isinstance(steps, int)
    assert steps >= 1
    for a, b in zip(before, model.parameters()):
        assert torch.equal(a, b)
    assert torch.equal(torch.get_rng_state(), rng_before)


def test_steps_for_seconds_grows_with_budget():
    model = tiny_model("gpt")
    short = train.steps_for_seconds(model, IDS, seconds=0.1, batch_size=4, block_size=8, probe_steps=5)
    long = train.steps_for_seconds(model, IDS, seconds=100.0, batch_size=4, block_size=8, probe_steps=5)
    assert long > short
