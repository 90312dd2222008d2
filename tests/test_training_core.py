"""The shared GPT, training loop, checkpoints and sampling."""
from __future__ import annotations

import pytest
import torch

import oi_helpers as oi
from oi_helpers import models, sampling, text, train

CORPUS = ("To be, or not to be, that is the question:\n"
          "Whether 'tis nobler in the mind to suffer\n") * 40


@pytest.fixture
def vocab():
    return text.CharVocab.from_text(CORPUS)


@pytest.fixture
def ids(vocab):
    return torch.tensor(vocab.encode(CORPUS), dtype=torch.long)


def _tiny_gpt(vocab_size: int, block_size: int = 16, dropout: float = 0.0) -> models.GPT:
    oi.seed(0)
    return models.GPT(models.GPTConfig(vocab_size=vocab_size, block_size=block_size, n_layer=2, n_head=2,
                                       n_embd=16, dropout=dropout))


def test_char_vocab_round_trip(vocab):
    assert vocab.decode(vocab.encode(CORPUS)) == CORPUS


def test_char_vocab_unknown_character(vocab):
    with pytest.raises(ValueError) as caught:
        vocab.encode("zebra€")
    assert "'€'" in str(caught.value) or "'z'" in str(caught.value)


def test_char_vocab_rejects_bytes(vocab):
    with pytest.raises(TypeError) as caught:
        vocab.encode(b"to be")
    assert "decode" in str(caught.value)


def test_gpt_output_shape(vocab):
    model = _tiny_gpt(len(vocab))
    logits = model(torch.zeros(3, 16, dtype=torch.long))
    assert logits.shape == (3, 16, len(vocab))


@pytest.mark.parametrize("length", [1, 7, 16])
def test_gpt_accepts_any_length_up_to_block_size(vocab, length):
    model = _tiny_gpt(len(vocab))
    assert model(torch.zeros(2, length, dtype=torch.long)).shape == (2, length, len(vocab))


def test_gpt_rejects_longer_input(vocab):
    model = _tiny_gpt(len(vocab))
    with pytest.raises(ValueError) as caught:
        model(torch.zeros(1, 17, dtype=torch.long))
    assert "block_size is 16" in str(caught.value)


def test_gpt_rejects_out_of_vocabulary_id(vocab):
    model = _tiny_gpt(len(vocab))
    with pytest.raises(ValueError) as caught:
        model(torch.full((1, 4), len(vocab), dtype=torch.long))
    assert str(len(vocab)) in str(caught.value)


def test_gpt_is_causal(vocab):
    model = _tiny_gpt(len(vocab)).eval()
    x = torch.randint(len(vocab), (1, 16))
    changed = x.clone()
    changed[0, 10] = (x[0, 10] + 1) % len(vocab)
    before, after = model(x), model(changed)
    assert torch.allclose(before[0, :10], after[0, :10], atol=1e-6)
    assert not torch.allclose(before[0, 10:], after[0, 10:], atol=1e-6)


def test_stored_attention_matches_fused_kernel(vocab):
    model = _tiny_gpt(len(vocab)).eval()
    x = torch.randint(len(vocab), (2, 16))
    fused = model(x)
    for block in model.blocks:
        block.attn.store_attention = True
    explicit = model(x)
    assert torch.allclose(fused, explicit, atol=1e-5)
    weights = model.blocks[0].attn.attention
    assert weights.shape == (2, 2, 16, 16)
    assert torch.allclose(weights.sum(-1), torch.ones(2, 2, 16))
    assert torch.all(weights.triu(1) == 0)


def test_bad_config_is_rejected():
    with pytest.raises(ValueError) as caught:
        models.GPTConfig(vocab_size=10, n_embd=30, n_head=4)
    assert "n_head" in str(caught.value)
    with pytest.raises(ValueError):
        models.GPTConfig(vocab_size=0)


def test_lm_loss_ignores_padding():
    logits = torch.randn(2, 5, 7)
    targets = torch.randint(7, (2, 5))
    padded = targets.clone()
    padded[:, 3:] = -100
    expected = torch.nn.functional.cross_entropy(logits[:, :3].reshape(-1, 7), targets[:, :3].reshape(-1))
    assert torch.allclose(train.lm_loss(logits, padded), expected)


def test_batch_sampler_targets_are_shifted(ids):
    sampler = train.BatchSampler(ids, block_size=8, batch_size=4, seed=1)
    X, y = sampler.sample()
    assert X.shape == y.shape == (4, 8)
    assert torch.equal(X[:, 1:], y[:, :-1])


def test_batch_sampler_rejects_short_stream():
    with pytest.raises(ValueError) as caught:
        train.BatchSampler(torch.arange(5), block_size=8, batch_size=2)
    assert "block_size 8" in str(caught.value)


def test_cosine_schedule_shape():
    lrs = [train.cosine_lr(s, 1.0, 100, warmup_steps=10, min_lr=0.1) for s in range(101)]
    assert lrs[9] == pytest.approx(1.0)
    assert lrs[0] == pytest.approx(0.1)
    assert lrs[100] == pytest.approx(0.1)
    assert all(a >= b for a, b in zip(lrs[10:], lrs[11:]))


def test_training_lowers_loss(vocab, ids):
    model = _tiny_gpt(len(vocab))
    history = train.train(model, ids[:1500], ids[1500:], steps=60, batch_size=8, block_size=16, lr=1e-2,
                          warmup_steps=5, eval_interval=30, progress=False, log=lambda *_: None)
    assert history.val_loss[-1] < history.val_loss[0] - 0.5
    assert history.step == [0, 30, 60]


def test_resume_continues_the_same_run(vocab, ids, tmp_path):
    settings = dict(steps=40, batch_size=4, block_size=16, lr=5e-3, warmup_steps=5, eval_interval=20,
                    progress=False, log=lambda *_: None)

    straight = _tiny_gpt(len(vocab), dropout=0.1)
    straight_history = train.train(straight, ids[:1500], ids[1500:], **settings)

    # Interrupt a second run right after its checkpoint at step 20, then resume it in a fresh model.
    checkpoint = tmp_path / "run.pt"
    first_half = _tiny_gpt(len(vocab), dropout=0.1)
    config = train.TrainConfig(**{k: v for k, v in settings.items() if k not in ("progress", "log")})
    _train_until(first_half, ids, config, checkpoint, stop_after=20)

    resumed = _tiny_gpt(len(vocab), dropout=0.1)
    torch.manual_seed(999)  # a different global RNG state, as in a new session
    resumed_history = train.train(resumed, ids[:1500], ids[1500:], config, checkpoint_path=checkpoint,
                                  resume=True, progress=False, log=lambda *_: None)

    for a, b in zip(straight.parameters(), resumed.parameters()):
        assert torch.equal(a, b)
    assert resumed_history.val_loss == pytest.approx(straight_history.val_loss)


def _train_until(model, ids, config, checkpoint, stop_after):
    """Run the training loop and stop it (as a KeyboardInterrupt would) right after a checkpoint."""
    class Interrupt(Exception):
        pass

    original = train.save_checkpoint

    def save_then_stop(*args, **kwargs):
        original(*args, **kwargs)
        if args[4] >= stop_after:
            raise Interrupt

    train.save_checkpoint = save_then_stop
    try:
        with pytest.raises(Interrupt):
            train.train(model, ids[:1500], ids[1500:], config, checkpoint_path=checkpoint,
                        checkpoint_interval=stop_after, progress=False, log=lambda *_: None)
    finally:
        train.save_checkpoint = original


def test_checkpoint_is_written_atomically(vocab, ids, tmp_path):
    model = _tiny_gpt(len(vocab))
    checkpoint = tmp_path / "model.pt"
    train.train(model, ids[:1500], ids[1500:], steps=4, batch_size=2, block_size=16, eval_interval=4,
                checkpoint_path=checkpoint, progress=False, log=lambda *_: None)
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]
    state = train.load_checkpoint(checkpoint)
    assert state["step"] == 4
    assert state["model_config"]["n_layer"] == 2


def test_load_checkpoint_errors(vocab, tmp_path):
    with pytest.raises(FileNotFoundError):
        train.load_checkpoint(tmp_path / "missing.pt")
    damaged = tmp_path / "damaged.pt"
    damaged.write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError) as caught:
        train.load_checkpoint(damaged)
    assert "damaged.pt" in str(caught.value)


def test_generate_is_reproducible_with_seed(vocab):
    model = _tiny_gpt(len(vocab))
    first = sampling.generate_text(model, vocab, "To be", 30, temperature=1.0, seed=3)
    second = sampling.generate_text(model, vocab, "To be", 30, temperature=1.0, seed=3)
    assert first == second
    assert len(first) == len("To be") + 30


def test_temperature_zero_is_greedy(vocab):
    model = _tiny_gpt(len(vocab))
    idx = torch.tensor([vocab.encode("To be")])
    out = sampling.generate(model, idx, 5, temperature=0)
    expected = idx
    for _ in range(5):
        next_id = model(expected[:, -16:])[:, -1].argmax(-1, keepdim=True)
        expected = torch.cat([expected, next_id], dim=1)
    assert torch.equal(out, expected)


def test_generate_crops_long_prompt_to_block_size(vocab):
    model = _tiny_gpt(len(vocab))
    idx = torch.tensor([vocab.encode(CORPUS[:40])])
    assert sampling.generate(model, idx, 3, temperature=0).shape == (1, 43)


def test_top_k_and_top_p_filtering():
    logits = torch.log(torch.tensor([[0.5, 0.3, 0.15, 0.05]]))
    top2 = sampling.filter_logits(logits, top_k=2)
    assert torch.isinf(top2[0, 2:]).all()
    assert torch.isfinite(top2[0, :2]).all()
    nucleus = sampling.filter_logits(logits, top_p=0.8)
    assert torch.isfinite(nucleus[0, :2]).all()
    assert torch.isinf(nucleus[0, 2:]).all()
    assert torch.isfinite(sampling.filter_logits(logits, top_p=0.4)[0, 0])
    assert torch.isinf(sampling.filter_logits(logits, top_p=0.4)[0, 1:]).all()


@pytest.mark.parametrize("settings", [dict(temperature=-1), dict(top_k=0), dict(top_p=1.5), dict(top_p=0)])
def test_generate_rejects_bad_settings(vocab, settings):
    model = _tiny_gpt(len(vocab))
    with pytest.raises(ValueError):
        sampling.generate(model, torch.tensor([[0]]), 1, **settings)


def test_divergence_stops_with_advice(vocab, ids):
    model = _tiny_gpt(len(vocab))
    with pytest.raises(FloatingPointError) as caught:
        train.train(model, ids[:1500], ids[1500:], steps=20, batch_size=4, block_size=16, lr=1e6,
                    warmup_steps=0, eval_interval=20, grad_clip=None, progress=False, log=lambda *_: None)
    assert "Lower lr" in str(caught.value)


def test_training_window_longer_than_model(vocab, ids):
    model = _tiny_gpt(len(vocab), block_size=8)
    with pytest.raises(ValueError) as caught:
        train.train(model, ids[:1500], ids[1500:], steps=2, progress=False, log=lambda *_: None)
    assert "block_size=8" in str(caught.value)
