"""Automatic checks for notebook exercises.

A check calls the learner's function on cases with known answers and
compares results; it never reads the learner's source. On failure it prints
which case failed, what was expected and what came back, plus a hint in the
learner's language, and returns False. An exercise not attempted yet (the
function still raises NotImplementedError or returns Ellipsis) is reported
as such rather than as a failure, so a notebook run top to bottom never
stops on an exercise.

Example::

    from oi_helpers.exercises import Case, check
    check("Exercise 1 — word count", my_count, [Case(("a b",), 2), Case(("",), 0)],
          hint={"en": "Split on whitespace.", "zh": "按空白字符切分。"})
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .i18n import get_language, tr


@dataclass
class Case:
    """One check: call the function with ``args``/``kwargs`` and compare with ``expected``."""

    args: tuple = ()
    expected: Any = None
    kwargs: dict = field(default_factory=dict)


def _to_numpy(value):
    try:
        import torch

        if isinstance(value, torch.Tensor):
            return value.detach().cpu().numpy()
    except ImportError:  # torch is a dependency; this only guards odd environments
        pass
    return value


def close(expected, got, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """Return True when ``got`` equals ``expected``: exact for text and ints, within tolerance for floats and arrays."""
    expected, got = _to_numpy(expected), _to_numpy(got)
    if isinstance(expected, str) != isinstance(got, str):
        return False  # "0.5" is not the number 0.5
    if isinstance(expected, (bool, np.bool_)) != isinstance(got, (bool, np.bool_)):
        return False  # True is not the number 1
    if isinstance(expected, np.ndarray) or isinstance(got, np.ndarray):
        try:
            a, b = np.asarray(expected, dtype=float), np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return False
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    if isinstance(expected, float) or isinstance(got, float):
        try:
            return math.isclose(float(expected), float(got), rel_tol=rtol, abs_tol=atol)
        except (TypeError, ValueError):
            return False
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        return len(expected) == len(got) and all(close(e, g, rtol, atol) for e, g in zip(expected, got))
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(close(expected[k], got[k], rtol, atol) for k in expected)
    return expected == got


def _short(value, limit: int = 200) -> str:
    text = repr(_to_numpy(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _localized(text) -> str | None:
    """Return a string, or the learner's language from an {"en": ..., "zh": ...} dict (English if missing)."""
    if text is None:
        return None
    if isinstance(text, dict):
        return text.get(get_language()) or text.get("en")
    return str(text)


def check(name: str | dict, function: Callable, cases: list[Case], hint=None,
          compare: Callable[[Any, Any], bool] = close) -> bool:
    """Run ``function`` on every case; print the outcome and return True when all pass.

    ``name`` and ``hint`` (shown on failure) are strings or {"en": ..., "zh": ...}
    dicts, so one notebook cell serves both editions.
    ``compare(expected, got)`` decides equality (default: :func:`close`).
    """
    name = _localized(name)
    if not callable(function):
        print(tr("exercises.not_callable", name=name, kind=type(function).__name__))
        return False
    count = len(cases)
    for index, case in enumerate(cases, start=1):
        inputs = ", ".join([_short(a, 80) for a in case.args] +
                           [f"{k}={_short(v, 80)}" for k, v in case.kwargs.items()])
        # Copies, so a function that changes its input cannot change the cases of later checks.
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        try:
            got = function(*args, **kwargs)
        except NotImplementedError:
            print(tr("exercises.not_implemented", name=name))
            return False
        except Exception as error:  # the learner's code may raise anything; report it as a failed case
            print(tr("exercises.raised", name=name, index=index, count=count,
                     error=f"{type(error).__name__}: {error}", inputs=inputs))
            _print_hint(hint)
            return False
        if got is Ellipsis:
            print(tr("exercises.not_implemented", name=name))
            return False
        if not compare(case.expected, got):
            print(tr("exercises.failed", name=name, index=index, count=count, inputs=inputs,
                     expected=_short(case.expected), got=_short(got)))
            if got is None:
                print(tr("exercises.returned_none"))
            _print_hint(hint)
            return False
    print(tr("exercises.passed", name=name, count=count))
    return True


def _print_hint(hint) -> None:
    text = _localized(hint)
    if text:
        print(tr("exercises.hint", hint=text))


def check_value(name: str | dict, value, expected, hint=None, compare: Callable[[Any, Any], bool] = close) -> bool:
    """Check a single answer (a number, a choice) rather than a function."""
    return check(name, lambda: value, [Case((), expected)], hint=hint, compare=compare)
