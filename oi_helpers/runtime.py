"""Device choice and seeding, shared by every chapter."""
from __future__ import annotations

import os
import random

import numpy as np
import torch

from .i18n import tr


def cpu_quota(cgroup_file: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    """Return the number of CPUs this process may use, from CPU affinity and a cgroup v2 quota; None if unknown.

    Containers such as Binder's often limit a notebook to one or two CPUs of
    a much larger machine with a quota, while ``os.cpu_count()`` and torch
    still see every core of the machine.
    """
    limits = []
    if hasattr(os, "sched_getaffinity"):
        limits.append(len(os.sched_getaffinity(0)))
    try:
        quota, period = open(cgroup_file, encoding="ascii").read().split()[:2]
        if quota != "max":
            limits.append(max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return min(limits) if limits else None


def limit_threads_to_quota() -> int:
    """Lower torch's CPU thread count to the CPUs this process may use; returns the thread count in force.

    More threads than CPUs make torch's OpenMP threads wait for each other,
    which can slow small models down by an order of magnitude.
    """
    quota = cpu_quota()
    if quota is not None and torch.get_num_threads() > quota:
        torch.set_num_threads(quota)
    return torch.get_num_threads()


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
