"""Language models that share one interface.

Every model takes token ids ``idx`` of shape ``(batch, time)`` (int64) and
returns logits of shape ``(batch, time, vocab_size)``: the scores of the next
token after each position. The training loop, evaluation and sampling in
``oi_helpers.train`` and ``oi_helpers.sampling`` work with any of them.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F

from .i18n import tr


class LanguageModel(nn.Module):
    """Base class: stores ``vocab_size`` and ``block_size`` and checks inputs."""

    vocab_size: int
    block_size: int

    def check_input(self, idx: torch.Tensor) -> None:
        if not isinstance(idx, torch.Tensor) or idx.dim() != 2 or idx.dtype not in (torch.int64, torch.int32):
            got = f"{type(idx).__name__} {tuple(idx.shape)} {idx.dtype}" if isinstance(idx, torch.Tensor) \
                else type(idx).__name__
            raise ValueError(tr("models.bad_input", got=got))
        length = idx.shape[1]
        if length > self.block_size:
            raise ValueError(tr("models.sequence_too_long", length=length, block_size=self.block_size))
        if idx.numel():
            low, high = int(idx.min()), int(idx.max())
            if low < 0 or high >= self.vocab_size:
                bad = low if low < 0 else high
                raise ValueError(tr("models.token_out_of_range", value=bad, vocab_size=self.vocab_size))

    def num_parameters(self) -> int:
        """Return the number of trainable parameters."""
        return sum(p.numel() for p in self.parameters() if p.requires_grad)


@dataclass
class GPTConfig:
    """Settings of a :class:`GPT`. Names follow nanoGPT and most GPT code."""

    vocab_size: int
    block_size: int = 128
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0

    def __post_init__(self):
        for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(tr("models.bad_config", field=name, value=value, reason=tr("models.reason_positive")))
        if self.n_embd % self.n_head:
            raise ValueError(tr("models.bad_config", field="n_head", value=self.n_head, reason=tr("models.reason_heads")))
        if not 0 <= self.dropout < 1:
            raise ValueError(tr("models.bad_config", field="dropout", value=self.dropout, reason=tr("models.reason_dropout")))

    def to_dict(self) -> dict:
        return asdict(self)


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention where each position sees only itself and earlier positions."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.n_head = config.n_head
        self.qkv = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.proj = nn.Linear(config.n_embd, config.n_embd)
        self.dropout = config.dropout
        self.resid_dropout = nn.Dropout(config.dropout)
        # Set to True to keep the attention weights of the last forward pass (for plotting).
        self.store_attention = False
        self.attention: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)                       # each (B, T, C)
        head_size = C // self.n_head
        q = q.view(B, T, self.n_head, head_size).transpose(1, 2)     # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, head_size).transpose(1, 2)
        v = v.view(B, T, self.n_head, head_size).transpose(1, 2)
        if self.store_attention:
            scores = q @ k.transpose(-2, -1) / math.sqrt(head_size)  # (B, nh, T, T)
            mask = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
            weights = scores.masked_fill(~mask, float("-inf")).softmax(dim=-1)
            self.attention = weights.detach()
            y = F.dropout(weights, self.dropout, self.training) @ v
        else:
            # The fused kernel computes the same softmax(QK^T/sqrt(hs)) V with the causal mask.
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                               dropout_p=self.dropout if self.training else 0.0)
        y = y.transpose(1, 2).contiguous().view(B, T, C)             # re-join the heads
        return self.resid_dropout(self.proj(y))


class Block(nn.Module):
    """A Transformer block: pre-norm attention, then a pre-norm MLP, each with a residual connection."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = nn.Sequential(
            nn.Linear(config.n_embd, 4 * config.n_embd),
            nn.GELU(),
            nn.Linear(4 * config.n_embd, config.n_embd),
            nn.Dropout(config.dropout),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(LanguageModel):
    """A small decoder-only Transformer (GPT) over any token vocabulary.

    Learned position embeddings, pre-norm blocks, and an output layer that
    shares its weights with the token embedding.
    """

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.config = config
        self.vocab_size = config.vocab_size
        self.block_size = config.block_size
        self.token_embedding = nn.Embedding(config.vocab_size, config.n_embd)
        self.position_embedding = nn.Embedding(config.block_size, config.n_embd)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(config.n_embd)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.lm_head.weight = self.token_embedding.weight
        self.apply(self._init_weights)
        # Scale the residual projections down with depth, as in GPT-2, so deep stacks start stable.
        for name, parameter in self.named_parameters():
            if name.endswith("proj.weight") or name.endswith("mlp.2.weight"):
                nn.init.normal_(parameter, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Map token ids ``(batch, time)`` to next-token logits ``(batch, time, vocab_size)``."""
        self.check_input(idx)
        T = idx.shape[1]
        positions = torch.arange(T, device=idx.device)                       # (T,)
        x = self.drop(self.token_embedding(idx) + self.position_embedding(positions))  # (B, T, n_embd)
        for block in self.blocks:
            x = block(x)
        return self.lm_head(self.ln_f(x))                                    # (B, T, vocab_size)


# --- Simpler model families, in the order a course builds them up to the GPT ---------------------------------


def _check_config(config, positive: tuple[str, ...]) -> None:
    """Raise ValueError naming the first field of ``positive`` that is not a positive int, or a bad dropout."""
    for name in positive:
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(tr("models.bad_config", field=name, value=value, reason=tr("models.reason_positive")))
    dropout = getattr(config, "dropout", 0.0)
    if not 0 <= dropout < 1:
        raise ValueError(tr("models.bad_config", field="dropout", value=dropout, reason=tr("models.reason_dropout")))


@dataclass
class BigramConfig:
    """Settings of a :class:`BigramLM`. ``block_size`` only bounds the input length: the model sees one token."""

    vocab_size: int
    block_size: int = 128

    def __post_init__(self):
        _check_config(self, ("vocab_size", "block_size"))

    def to_dict(self) -> dict:
        return asdict(self)


class BigramLM(LanguageModel):
    """A neural bigram model: a learned ``(vocab_size, vocab_size)`` table of next-token logits.

    Row ``a`` of the table holds the logits of the token after ``a``, so
    softmax of a row is P(next | a). It starts at zero (uniform predictions).
    Trained with cross-entropy it learns the bigram counts' maximum-likelihood
    table, up to the smoothing that weight decay adds.
    """

    def __init__(self, config: BigramConfig):
        super().__init__()
        self.config = config
        self.vocab_size = config.vocab_size
        self.block_size = config.block_size
        self.logits_table = nn.Embedding(config.vocab_size, config.vocab_size)
        nn.init.zeros_(self.logits_table.weight)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Map token ids ``(batch, time)`` to next-token logits ``(batch, time, vocab_size)``."""
        self.check_input(idx)
        return self.logits_table(idx)


@dataclass
class MLPConfig:
    """Settings of an :class:`MLPLM`: ``context_size`` previous tokens, each embedded in ``n_embd`` dimensions."""

    vocab_size: int
    block_size: int = 128
    context_size: int = 8
    n_embd: int = 32
    n_hidden: int = 256
    dropout: float = 0.0

    def __post_init__(self):
        _check_config(self, ("vocab_size", "block_size", "context_size", "n_embd", "n_hidden"))

    def to_dict(self) -> dict:
        return asdict(self)


class MLPLM(LanguageModel):
    """A multilayer-perceptron language model with embeddings, after Bengio et al. (2003).

    The last ``context_size`` tokens (the current one included) are embedded,
    concatenated, passed through one tanh hidden layer, and mapped to
    next-token logits. Positions near the start of the input see a special
    "before the start" token (id ``vocab_size``) in place of missing context.
    Bengio et al. also connect the embeddings straight to the output; this
    model leaves that out.
    """

    def __init__(self, config: MLPConfig):
        super().__init__()
        self.config = config
        self.vocab_size = config.vocab_size
        self.block_size = config.block_size
        self.context_size = config.context_size
        self.token_embedding = nn.Embedding(config.vocab_size + 1, config.n_embd)   # + the "before the start" token
        self.hidden = nn.Linear(config.context_size * config.n_embd, config.n_hidden)
        self.drop = nn.Dropout(config.dropout)
        self.output = nn.Linear(config.n_hidden, config.vocab_size)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Map token ids ``(batch, time)`` to next-token logits ``(batch, time, vocab_size)``."""
        self.check_input(idx)
        B, T = idx.shape
        c = self.context_size
        padded = F.pad(idx, (c - 1, 0), value=self.vocab_size)          # (B, T + c - 1)
        emb = self.token_embedding(padded)                               # (B, T + c - 1, n_embd)
        windows = emb.unfold(1, c, 1)                                    # (B, T, n_embd, c): tokens t-c+1 .. t
        x = windows.transpose(2, 3).reshape(B, T, c * emb.shape[-1])     # (B, T, c * n_embd), oldest token first
        h = self.drop(torch.tanh(self.hidden(x)))                        # (B, T, n_hidden)
        return self.output(h)                                            # (B, T, vocab_size)


RNN_CELLS = ("rnn", "gru", "lstm")


@dataclass
class RNNConfig:
    """Settings of an :class:`RNNLM`. ``cell`` is "rnn" (Elman, tanh), "gru" or "lstm"."""

    vocab_size: int
    block_size: int = 128
    cell: str = "gru"
    n_embd: int = 64
    n_hidden: int = 256
    n_layer: int = 1
    dropout: float = 0.0

    def __post_init__(self):
        _check_config(self, ("vocab_size", "block_size", "n_embd", "n_hidden", "n_layer"))
        if self.cell not in RNN_CELLS:
            raise ValueError(tr("models.bad_config", field="cell", value=repr(self.cell),
                                reason=tr("models.reason_cell", choices=", ".join(RNN_CELLS))))

    def to_dict(self) -> dict:
        return asdict(self)


class RNNLM(LanguageModel):
    """A recurrent language model: embeddings, a stack of RNN, GRU or LSTM layers, and a linear output layer.

    The hidden state starts at zero for every input, so a window of
    ``block_size`` tokens is all the model remembers, as for the other
    models. ``dropout`` applies between recurrent layers and before the output.
    """

    def __init__(self, config: RNNConfig):
        super().__init__()
        self.config = config
        self.vocab_size = config.vocab_size
        self.block_size = config.block_size
        self.token_embedding = nn.Embedding(config.vocab_size, config.n_embd)
        recurrent = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[config.cell]
        self.rnn = recurrent(config.n_embd, config.n_hidden, num_layers=config.n_layer, batch_first=True,
                             dropout=config.dropout if config.n_layer > 1 else 0.0)
        self.drop = nn.Dropout(config.dropout)
        self.output = nn.Linear(config.n_hidden, config.vocab_size)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Map token ids ``(batch, time)`` to next-token logits ``(batch, time, vocab_size)``."""
        self.check_input(idx)
        states, _ = self.rnn(self.token_embedding(idx))                  # (B, T, n_hidden): the state after each token
        return self.output(self.drop(states))                            # (B, T, vocab_size)
