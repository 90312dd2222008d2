"""Learner-facing language: English ("en") or Simplified Chinese ("zh").

Every message, widget label and plot label that the package shows a learner
is looked up here by key, in the table in ``oi_helpers.messages``. The
language defaults to ``OI_LANG`` when set, then to the system locale, then
to English.
"""
from __future__ import annotations

import locale
import os

from .messages import MESSAGES

LANGUAGES = ("en", "zh")
_current: str | None = None


def _language_from_environment() -> str:
    requested = os.environ.get("OI_LANG", "").strip().lower()
    if requested:
        return "zh" if requested.startswith("zh") else "en"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    system_locale = locale.getlocale()[0] or ""
    return "zh" if system_locale.lower().startswith("zh") else "en"


def get_language() -> str:
    """Return the current learner language, "en" or "zh"."""
    global _current
    if _current is None:
        _current = _language_from_environment()
    return _current


def set_language(language: str) -> str:
    """Set the learner language for messages, labels and plots.

    Accepts "en" or "zh" (and spellings such as "zh-CN" or "zh_CN.UTF-8").
    Returns the language now in force.
    """
    global _current
    if not isinstance(language, str) or not language.strip():
        raise ValueError(tr("i18n.bad_language", value=repr(language)))
    normalized = language.strip().lower().replace("_", "-")
    if normalized.startswith("zh"):
        _current = "zh"
    elif normalized.startswith("en"):
        _current = "en"
    else:
        raise ValueError(tr("i18n.bad_language", value=repr(language)))
    return _current


def tr(key: str, **fields) -> str:
    """Return the message for ``key`` in the current language, formatted with ``fields``.

    A key missing from the table raises KeyError: every key must exist in
    both languages, and a unit test checks that.
    """
    entry = MESSAGES[key]
    return entry[get_language()].format(**fields)


def both(key: str, **fields) -> str:
    """Return the message in both languages, English first, for places that cannot know the learner."""
    entry = MESSAGES[key]
    return entry["en"].format(**fields) + " / " + entry["zh"].format(**fields)
