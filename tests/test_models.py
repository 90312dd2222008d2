"""Every language-model family under the shared interface: shapes, limits, causality, loss, sampling, training."""
from __future__ import annotations

import math

import pytest
import torch
from torch.nn import functional as F

import oi_helpers as oi
from oi_helpers import models, sampling, train

VOCAB_SIZE = 11
BLOCK_SIZE = 12


@pytest.fixture(autouse=True)
def one_thread():
    """Run these tiny models on one thread: faster than two, and far faster on a busy machine."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def build(family: str, dropout: float = 0.0) -> models.LanguageModel:
    oi.seed(0)
    if family == "bigram":
        return models.BigramLM(models.BigramConfig(VOCAB_SIZE, BLOCK_SIZE))
    if family == "mlp":
        return models.MLPLM(models.MLPConfig(VOCAB_SIZE, BLOCK_SIZE, context_size=3, n_embd=8, n_hidden=32,
                                             dropout=dropout))
    if family in models.RNN_CELLS:
        return models.RNNLM(models.RNNConfig(VOCAB_SIZE, BLOCK_SIZE, cell=family, n_embd=8, n_hidden=16, n_layer=2,
                                             dropout=dropout))
    return models.GPT(models.GPTConfig(VOCAB_SIZE, BLOCK_SIZE, n_layer=2, n_head=2, n_embd=16, dropout=dropout))


FAMILIES = ["bigram", "mlp", "rnn", "gru", "lstm", "gpt"]


def random_ids(batch: int, length: int, seed: int = 0) -> torch.Tensor:
    return torch.randint(VOCAB_SIZE, (batch, length), generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("length", [1, 2, 5, BLOCK_SIZE])
def test_accepts_any_length_up_to_block_size(family, length):
    model = build(family)
    assert model(random_ids(3, length)).shape == (3, length, VOCAB_SIZE)


@pytest.mark.parametrize("family", FAMILIES)
def test_rejects_input_longer_than_block_size(family):
    model = build(family)
    with pytest.raises(ValueError) as caught:
        model(random_ids(2, BLOCK_SIZE + 1))
    message = str(caught.value)
    assert f"block_size is {BLOCK_SIZE}" in message
    assert f"{BLOCK_SIZE + 1} tokens" in message


@pytest.mark.parametrize("family", FAMILIES)
def test_rejects_token_outside_vocabulary(family):
    model = build(family)
    ids = random_ids(1, 4)
    ids[0, 2] = VOCAB_SIZE
    with pytest.raises(ValueError, match="vocab_size"):
        model(ids)


@pytest.mark.parametrize("family", FAMILIES)
def test_rejects_float_input(family):
    with pytest.raises(ValueError, match="integer tensor"):
        build(family)(torch.zeros(1, 4))


@pytest.mark.parametrize("family", FAMILIES)
def test_logits_do_not_depend_on_later_tokens(family):
    model = build(family).eval()
    with torch.no_grad():
        for parameter in model.parameters():       # the bigram table starts at zero; make every input matter
            parameter.add_(0.1 * torch.randn_like(parameter))
    ids = random_ids(2, BLOCK_SIZE)
    changed = ids.clone()
    changed[:, 7:] = (changed[:, 7:] + 1) % VOCAB_SIZE
    with torch.no_grad():
        torch.testing.assert_close(model(ids)[:, :7], model(changed)[:, :7])
        assert not torch.allclose(model(ids)[:, 7:], model(changed)[:, 7:])


def test_mlp_sees_only_its_context():
    model = build("mlp").eval()          # context_size 3: tokens t-2, t-1 and t
    ids = random_ids(1, 8)
    changed = ids.clone()
    changed[0, 2] = (changed[0, 2] + 1) % VOCAB_SIZE
    with torch.no_grad():
        before, after = model(ids), model(changed)
    torch.testing.assert_close(before[:, 5:], after[:, 5:])     # positions 5.. no longer see token 2
    assert not torch.allclose(before[:, 2:5], after[:, 2:5])


def test_mlp_first_positions_use_start_padding():
    model = build("mlp").eval()
    ids = random_ids(1, 5)
    with torch.no_grad():
        whole = model(ids)
        first = model(ids[:, :1])
    torch.testing.assert_close(whole[:, :1], first)


def test_bigram_starts_uniform():
    model = build("bigram")
    logits = model(random_ids(2, 4))
    assert torch.equal(logits, torch.zeros_like(logits))
    assert train.lm_loss(logits, random_ids(2, 4, seed=1)).item() == pytest.approx(math.log(VOCAB_SIZE))


def test_neural_bigram_learns_the_counting_table():
    ids = torch.tensor([0, 1, 2, 1, 0, 1, 1, 2, 0, 2, 2, 1, 0] * 20)
    counts = torch.zeros(VOCAB_SIZE, VOCAB_SIZE)
    counts.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1), accumulate=True)
    expected = counts[:3, :] / counts[:3, :].sum(dim=1, keepdim=True)

    model = models.BigramLM(models.BigramConfig(VOCAB_SIZE, block_size=len(ids)))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.5)
    X, y = ids[None, :-1], ids[None, 1:]
    for _ in range(300):
        loss = train.lm_loss(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    learned = model.logits_table.weight[:3].softmax(dim=-1).detach()
    torch.testing.assert_close(learned, expected, atol=1e-3, rtol=0)


@pytest.mark.parametrize("family", FAMILIES)
def test_loss_and_perplexity_ignore_padding(family):
    model = build(family).eval()
    lengths = [BLOCK_SIZE, 5, 8]
    sequences = [random_ids(1, length + 1, seed=i)[0] for i, length in enumerate(lengths)]
    pad_id = 0
    X = torch.full((len(lengths), BLOCK_SIZE), pad_id)
    y = torch.full((len(lengths), BLOCK_SIZE), -100)           # -100: ignored by lm_loss
    for row, (sequence, length) in enumerate(zip(sequences, lengths)):
        X[row, :length] = sequence[:-1]
        y[row, :length] = sequence[1:]
    with torch.no_grad():
        padded_loss = train.lm_loss(model(X), y).item()
        total = sum(F.cross_entropy(model(s[None, :-1])[0], s[1:], reduction="sum").item() for s in sequences)
    expected = total / sum(lengths)
    assert padded_loss == pytest.approx(expected, rel=1e-5)
    assert math.exp(padded_loss) == pytest.approx(math.exp(expected), rel=1e-5)
    # The value at padded positions must not matter.
    X_other = X.clone()
    X_other[y == -100] = VOCAB_SIZE - 1
    with torch.no_grad():
        assert train.lm_loss(model(X_other), y).item() == pytest.approx(padded_loss, rel=1e-5)


@pytest.mark.parametrize("family", FAMILIES)
def test_sampling_is_reproducible_with_seed(family):
    model = build(family)
    prompt = random_ids(2, 3)

    def sample(seed: int) -> torch.Tensor:
        generator = torch.Generator().manual_seed(seed)
        return sampling.generate(model, prompt, 20, temperature=1.0, top_k=5, generator=generator)

    first = sample(7)
    assert first.shape == (2, 23)
    assert torch.equal(sample(7), first)
    assert any(not torch.equal(sample(seed), first) for seed in (8, 9, 10))


@pytest.mark.parametrize("family", FAMILIES)
def test_greedy_sampling_needs_no_seed(family):
    model = build(family)
    prompt = random_ids(1, 2)
    first = sampling.generate(model, prompt, 15, temperature=0)
    assert torch.equal(sampling.generate(model, prompt, 15, temperature=0), first)


@pytest.mark.parametrize("family", FAMILIES)
def test_generation_crops_context_to_block_size(family):
    model = build(family)
    out = sampling.generate(model, random_ids(1, BLOCK_SIZE), 5, temperature=0)
    assert out.shape == (1, BLOCK_SIZE + 5)


@pytest.mark.parametrize("family", FAMILIES)
def test_shared_training_loop_lowers_loss(family):
    ids = torch.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 60)
    model = build(family, dropout=0.1)
    history = train.train(model, ids[:500], ids[500:], steps=60, batch_size=8, block_size=BLOCK_SIZE, lr=1e-2,
                          warmup_steps=5, eval_interval=60, eval_windows=8, progress=False, log=lambda *_: None)
    assert history.val_loss[-1] < history.val_loss[0] - 0.5


@pytest.mark.parametrize("family", ["bigram", "mlp", "lstm"])
def test_checkpoint_stores_model_config(family, tmp_path):
    ids = torch.arange(200) % VOCAB_SIZE
    model = build(family)
    path = tmp_path / "model.pt"
    train.train(model, ids[:150], ids[150:], steps=2, batch_size=2, block_size=BLOCK_SIZE, eval_interval=2,
                checkpoint_path=path, progress=False, log=lambda *_: None)
    state = train.load_checkpoint(path)
    assert state["model_config"] == model.config.to_dict()
    rebuilt = type(model)(type(model.config)(**state["model_config"]))
    rebuilt.load_state_dict(state["model"])
    for a, b in zip(model.parameters(), rebuilt.parameters()):
        assert torch.equal(a, b)


@pytest.mark.parametrize("make, field", [
    (lambda: models.BigramConfig(0), "vocab_size"),
    (lambda: models.BigramConfig(5, block_size=-1), "block_size"),
    (lambda: models.MLPConfig(5, context_size=0), "context_size"),
    (lambda: models.MLPConfig(5, n_hidden=2.5), "n_hidden"),
    (lambda: models.MLPConfig(5, dropout=1.0), "dropout"),
    (lambda: models.RNNConfig(5, cell="transformer"), "cell"),
    (lambda: models.RNNConfig(5, n_layer=0), "n_layer"),
])
def test_bad_config_is_rejected(make, field):
    with pytest.raises(ValueError) as caught:
        make()
    assert field in str(caught.value)


def test_elman_rnn_matches_its_formula():
    model = build("rnn").eval()
    ids = random_ids(1, 6)
    layer = model.rnn
    x = model.token_embedding(ids)[0]                                  # (T, n_embd)
    h = torch.zeros(layer.hidden_size)
    states = []
    for x_t in x:
        h = torch.tanh(layer.weight_ih_l0 @ x_t + layer.bias_ih_l0 + layer.weight_hh_l0 @ h + layer.bias_hh_l0)
        states.append(h)
    # The model has two layers; a one-layer copy of its first layer gives that layer's states.
    one_layer = torch.nn.RNN(layer.input_size, layer.hidden_size, batch_first=True)
    one_layer.load_state_dict({k: v for k, v in layer.state_dict().items() if k.endswith("_l0")})
    expected, _ = one_layer(x[None])
    torch.testing.assert_close(torch.stack(states), expected[0].detach())


@pytest.mark.parametrize("temperature", [0, 1.0])
def test_suppressed_tokens_are_never_generated(temperature):
    model = build("gpt")
    with torch.no_grad():
        model.lm_head.weight[3] += 5.0          # make token 3 (tied to its embedding) very likely
    suppress = [3, 4]
    out = sampling.generate(model, random_ids(4, 2), 30, temperature=temperature, suppress_tokens=suppress,
                            generator=torch.Generator().manual_seed(0))
    new_tokens = out[:, 2:]
    assert not torch.isin(new_tokens, torch.tensor(suppress)).any()
    unsuppressed = sampling.generate(model, random_ids(4, 2), 30, temperature=temperature,
                                     generator=torch.Generator().manual_seed(0))
    assert torch.isin(unsuppressed[:, 2:], torch.tensor(suppress)).any()
