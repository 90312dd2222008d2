"""Small synthetic data sets for first neural-network experiments."""
from __future__ import annotations

import numpy as np

from .i18n import tr


def spirals(n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2, turns: float = 0.75,
            seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return ``n_classes`` interleaved spiral arms in the plane: ``X`` (N, 2) floats and ``y`` (N,) class ids.

    Arm k starts at the origin at angle 2πk / n_classes and winds outwards
    through ``turns`` full turns; ``noise`` is the standard deviation of the
    random angle offset, in radians. No straight line separates the arms, so
    a linear classifier fails and a network with a hidden layer does not.
    """
    for name, value in (("n_per_class", n_per_class), ("n_classes", n_classes)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(tr("toy.bad_count", name=name, value=value))
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.05, 1.0, n_per_class), n_classes)                  # (N,)
    y = np.repeat(np.arange(n_classes), n_per_class)                                   # (N,)
    angle = 2 * np.pi * (y / n_classes + turns * radius) + rng.normal(0.0, noise, radius.shape)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)             # (N, 2)
    return X, y
