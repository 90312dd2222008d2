"""Device choice and seeding, shared by every chapter."""
from __future__ import annotations

import os
import random

import numpy as np
import torch

from .i18n import tr


def device(prefer: str | None = None) -> torch.device:
    """Return the best available device: CUDA, then Apple MPS, then the CPU.

    ``prefer`` (or the environment variable ``OI_DEVICE``) forces one, for
    example "cpu" to compare speeds or to reproduce CPU results exactly.
    """
    choice = prefer or os.environ.get("OI_DEVICE")
    if choice:
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def seed(n: int = 1337) -> int:
    """Seed Python's ``random``, NumPy's global generator and torch (CPU and CUDA). Returns ``n``."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(tr("runtime.bad_seed", value=repr(n)))
    n = int(n)
    random.seed(n)
    np.random.seed(n % 2**32)
    torch.manual_seed(n)
    return n
