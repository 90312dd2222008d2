"""The generation control builds and generates with no browser or kernel attached."""
from __future__ import annotations

import pytest
import torch

import oi_helpers as oi
from oi_helpers import models, text
from oi_helpers.generate_widget import GenerationControl

CORPUS = "to be or not to be, that is the question\n" * 5


@pytest.fixture
def control():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)             # a tiny model runs faster on one thread
    vocab = text.CharVocab.from_text(CORPUS)
    oi.seed(0)
    model = models.GPT(models.GPTConfig(len(vocab), block_size=16, n_layer=1, n_head=2, n_embd=16))
    yield GenerationControl(model, vocab, prompt="to be", max_new_tokens=12, temperature=1.0, seed=3)
    torch.set_num_threads(previous)


def test_run_returns_prompt_and_new_text(control):
    generated = control.run()
    assert generated.startswith("to be")
    assert len(generated) == len("to be") + 12
    assert control.text == generated
    assert "<b>to be</b>" in control.output.value


def test_same_seed_gives_same_text(control):
    first = control.run()
    assert control.run() == first
    others = []
    for seed in (4, 5, 6, 7):
        control.seed.value = seed
        others.append(control.run())
    assert any(other != first for other in others)


def test_temperature_zero_is_greedy(control):
    control.temperature.value = 0.0
    first = control.run()
    control.seed.value = 99
    assert control.run() == first


def test_filters_off_at_their_limits(control):
    control.top_k.value = 0
    control.top_p.value = 1.0
    assert control.settings()["top_k"] is None
    assert control.settings()["top_p"] is None
    control.top_k.value = 3
    control.top_p.value = 0.5
    assert control.settings()["top_k"] == 3
    assert control.settings()["top_p"] == 0.5


def test_button_click_generates(control):
    control.button.click()
    assert control.text.startswith("to be")


def test_invalid_prompt_shows_error(control):
    control.prompt.value = "ZEBRA"          # capital letters are not in the vocabulary
    assert control.run() == ""
    assert "Could not generate" in control.output.value
    assert "vocabulary" in control.output.value


def test_empty_prompt_shows_error(control):
    control.prompt.value = ""
    assert control.run() == ""
    assert "empty" in control.output.value


def test_suppressed_tokens_stay_out(control):
    control.max_new_tokens.value = 60
    assert " " in control.run()[len("to be"):]
    control.suppress_tokens = [control.vocab.stoi[" "]]
    assert " " not in control.run()[len("to be"):]
