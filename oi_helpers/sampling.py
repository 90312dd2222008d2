"""Generating tokens from a language model: greedy, temperature, top-k and top-p sampling."""
from __future__ import annotations

from collections.abc import Sequence

import torch

from .i18n import tr


def _check_settings(temperature: float, top_k: int | None, top_p: float | None) -> None:
    if not isinstance(temperature, (int, float)) or isinstance(temperature, bool) or temperature < 0 \
            or temperature != temperature:
        raise ValueError(tr("sampling.bad_temperature", value=temperature))
    if top_k is not None and (isinstance(top_k, bool) or not isinstance(top_k, int) or top_k <= 0):
        raise ValueError(tr("sampling.bad_top_k", value=top_k))
    if top_p is not None and not (isinstance(top_p, (int, float)) and 0 < top_p <= 1):
        raise ValueError(tr("sampling.bad_top_p", value=top_p))


def filter_logits(logits: torch.Tensor, top_k: int | None = None, top_p: float | None = None) -> torch.Tensor:
    """Set to -inf every logit outside the top-k and outside the smallest set whose probability reaches top_p.

    ``logits`` has shape ``(batch, vocab)``; returns a new tensor of the same shape.
    """
    logits = logits.clone()
    if top_k is not None and top_k < logits.shape[-1]:
        kth = torch.topk(logits, top_k, dim=-1).values[:, -1:]              # (batch, 1)
        logits[logits < kth] = float("-inf")
    if top_p is not None and top_p < 1:
        sorted_logits, order = torch.sort(logits, descending=True, dim=-1)
        cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
        # Drop a token when the tokens before it already reach top_p; the first token always stays.
        drop_sorted = (cumulative - sorted_logits.softmax(dim=-1)) >= top_p
        drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
        logits[drop] = float("-inf")
    return logits


@torch.no_grad()
def generate(model, idx: torch.Tensor, max_new_tokens: int, temperature: float = 1.0,
             top_k: int | None = None, top_p: float | None = None,
             generator: torch.Generator | None = None,
             suppress_tokens: Sequence[int] | None = None) -> torch.Tensor:
    """Extend ``idx`` ``(batch, time)`` by ``max_new_tokens`` tokens; returns ``(batch, time + max_new_tokens)``.

    ``temperature=0`` means greedy decoding (always the most likely token).
    Only the last ``model.block_size`` tokens are fed to the model at each step.
    Pass a seeded ``torch.Generator`` for reproducible samples.
    ``suppress_tokens`` lists token ids that are never generated, such as an
    unknown-character token; the remaining probabilities are renormalized.
    """
    _check_settings(temperature, top_k, top_p)
    if idx.numel() == 0 or idx.shape[-1] == 0:
        raise ValueError(tr("sampling.empty_prompt"))
    was_training = model.training
    model.eval()
    try:
        for _ in range(max_new_tokens):
            context = idx[:, -model.block_size:]                             # (batch, <= block_size)
            logits = model(context)[:, -1, :]                                # (batch, vocab)
            if suppress_tokens:
                logits[:, list(suppress_tokens)] = float("-inf")
            if temperature == 0:
                next_id = logits.argmax(dim=-1, keepdim=True)                 # (batch, 1)
            else:
                logits = filter_logits(logits / temperature, top_k, top_p)
                probs = logits.softmax(dim=-1)
                next_id = torch.multinomial(probs, 1, generator=generator)   # (batch, 1)
            idx = torch.cat([idx, next_id], dim=1)
    finally:
        model.train(was_training)
    return idx


def generate_text(model, vocab, prompt: str, max_new_tokens: int = 200, temperature: float = 1.0,
                  top_k: int | None = None, top_p: float | None = None, seed: int | None = None,
                  suppress_tokens: Sequence[int] | None = None) -> str:
    """Encode ``prompt`` with ``vocab``, generate, and return the decoded text (prompt included)."""
    device = next(model.parameters()).device
    idx = torch.tensor([vocab.encode(prompt)], dtype=torch.long, device=device)
    generator = None
    if seed is not None:
        generator = torch.Generator(device=device).manual_seed(seed)
    out = generate(model, idx, max_new_tokens, temperature, top_k, top_p, generator, suppress_tokens)
    return vocab.decode(out[0].tolist())
