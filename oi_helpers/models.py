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
