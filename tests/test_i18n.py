"""The translation table and language selection."""
from __future__ import annotations

import string

import pytest

import oi_helpers
from oi_helpers.i18n import LANGUAGES, both, set_language, tr
from oi_helpers.messages import MESSAGES


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_both_languages(key):
    assert set(MESSAGES[key]) == set(LANGUAGES)
    assert all(MESSAGES[key][lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_take_same_fields(key):
    assert _fields(MESSAGES[key]["en"]) == _fields(MESSAGES[key]["zh"])


def _words(template: str) -> str:
    """The template's literal text, without its {fields}."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def test_chinese_messages_are_translated():
    untranslated = [key for key, entry in MESSAGES.items()
                    if entry["en"] == entry["zh"] and len([ch for ch in _words(entry["en"]) if ch.isalpha()]) > 8]
    assert untranslated == []


def test_set_language_accepts_locale_spellings():
    assert set_language("zh_CN.UTF-8") == "zh"
    assert set_language("en-GB") == "en"


def test_set_language_rejects_unknown():
    with pytest.raises(ValueError) as caught:
        set_language("fr")
    assert "'fr'" in str(caught.value)


def test_tr_follows_language():
    set_language("zh")
    assert tr("plot.step") == "步"
    set_language("en")
    assert tr("plot.step") == "step"


def test_both_shows_two_languages():
    assert both("plot.step") == "step / 步"


def test_default_language_from_environment(monkeypatch):
    import oi_helpers.i18n as i18n

    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("OI_LANG", "zh")
    assert i18n.get_language() == "zh"
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.delenv("OI_LANG")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert i18n.get_language() == "zh"
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert i18n.get_language() == "en"


def test_check_version():
    assert oi_helpers.check_version(oi_helpers.__version__)
    with pytest.raises(RuntimeError) as caught:
        oi_helpers.check_version("9.9")
    assert "pip install -e ." in str(caught.value)


def test_seed_rejects_bad_values():
    with pytest.raises(ValueError):
        oi_helpers.seed(-1)
    with pytest.raises(ValueError):
        oi_helpers.seed("42")
    assert oi_helpers.seed(7) == 7


def test_cpu_quota_reads_cgroup_limit(tmp_path):
    from oi_helpers.runtime import cpu_quota

    limited = tmp_path / "cpu.max"
    limited.write_text("150000 100000\n")
    unlimited = tmp_path / "unlimited"
    unlimited.write_text("max 100000\n")
    assert cpu_quota(str(limited)) == 1
    assert cpu_quota(str(unlimited)) >= 1
    assert cpu_quota(str(tmp_path / "missing")) >= 1
