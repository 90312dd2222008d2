"""oi_helpers.exercises: exercise names and hints in the learner's language."""
from __future__ import annotations

import oi_helpers
from oi_helpers.exercises import Case, check, check_value

NAME = {"en": "Exercise 1: word count", "zh": "练习 1：词数"}
HINT = {"en": "Split on whitespace.", "zh": "按空白字符切分。"}


def count_words(text: str) -> int:
    return len(text.split())


def test_check_prints_localized_name(capsys):
    oi_helpers.set_language("zh")
    assert check(NAME, count_words, [Case(("a b",), 2)], hint=HINT)
    output = capsys.readouterr().out
    assert "练习 1：词数" in output
    assert "Exercise 1" not in output


def test_check_failure_shows_localized_hint(capsys):
    oi_helpers.set_language("zh")
    assert not check(NAME, count_words, [Case(("a b",), 3)], hint=HINT)
    output = capsys.readouterr().out
    assert "练习 1：词数" in output
    assert "按空白字符切分。" in output


def test_check_name_falls_back_to_english(capsys):
    oi_helpers.set_language("zh")
    assert check({"en": "Exercise 2"}, count_words, [Case(("a",), 1)])
    assert "Exercise 2" in capsys.readouterr().out


def test_check_value_accepts_localized_name(capsys):
    assert check_value(NAME, 4, 4)
    assert "Exercise 1: word count" in capsys.readouterr().out


def test_check_plain_string_name(capsys):
    assert check("plain name", count_words, [Case(("",), 0)])
    assert "plain name" in capsys.readouterr().out


def test_check_inputs_are_copied(capsys):
    from oi_helpers.exercises import Case, check

    def wrong(values):
        values.pop()
        return values

    cases = [Case(([1, 2, 3],), [1, 2, 3])]
    assert not check("pop", wrong, cases)
    assert cases[0].args == ([1, 2, 3],)
    assert check("copy", lambda values: list(values), cases)


def test_check_rejects_strings_and_bools_for_numbers():
    from oi_helpers.exercises import close

    assert not close(0.5, "0.5")
    assert not close(1, True)
    assert close(0.5, 0.5 + 1e-9)


def test_check_points_out_missing_return(capsys):
    from oi_helpers.exercises import Case, check

    def forgot(x):
        x * 2

    assert not check("double", forgot, [Case((2,), 4)])
    assert "return" in capsys.readouterr().out
