"""UTF-8 data loads correctly whatever the system locale."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_chinese_data_under_c_locale(course_mirror, tmp_path):
    if course_mirror is None:
        pytest.skip("no local copy of the course datasets")
    code = (
        "import locale, sys\n"
        "from oi_helpers import data\n"
        "assert locale.getpreferredencoding(False).lower() not in ('utf-8', 'utf8'), locale.getpreferredencoding(False)\n"
        "poems = data.load_tang_poems()\n"
        "reviews = data.load_chnsenticorp()\n"
        "pairs = data.load_cmn_eng()\n"
        "sys.stdout.buffer.write((poems[0]['paragraphs'][0] + '|' + pairs[0]['zh'] + '|' + str(len(reviews))).encode('utf-8'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0",
               OI_DATA_MIRROR=course_mirror, OI_DATA_DIR=str(tmp_path / "cache"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    first_line, first_pair, count = result.stdout.decode("utf-8").split("|")
    assert first_line == "秦川雄帝宅，函谷壮皇居。"
    assert first_pair == "嗨。"
    assert int(count) > 7000
