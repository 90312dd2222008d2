"""The dataset layer against a real HTTP server on 127.0.0.1: downloads, failures, mirrors, archives."""
from __future__ import annotations

import hashlib
import os
import io
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from oi_helpers import data
from oi_helpers.data import DataError, DatasetInfo, FileInfo

CONTENT = "第一行 first line\n第二行 second line\n".encode("utf-8") * 500


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _register(name: str, url: str, content: bytes = CONTENT, path: str | None = None) -> FileInfo:
    file = FileInfo(path=path or f"{name}/sample.txt", bytes=len(content), sha256=_sha(content), url=url)
    data.register(DatasetInfo(name=name, description="test data", license="CC0", files=(file,)))
    return file


@pytest.fixture
def dataset_name(request):
    name = "test-" + request.node.name.replace("[", "-").replace("]", "")
    yield name
    data.unregister(name)


def _cache_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_download_correct(empty_cache, file_server, dataset_name):
    file_server.routes["/sample.txt"] = (200, CONTENT, "ok")
    _register(dataset_name, file_server.base_url + "/sample.txt")

    local = data.path(dataset_name, progress=False)

    assert local == empty_cache / dataset_name / "sample.txt"
    assert local.read_bytes() == CONTENT
    assert _cache_files(empty_cache) == [local]


def test_cached_file_is_not_downloaded_again(empty_cache, file_server, dataset_name):
    file_server.routes["/sample.txt"] = (200, CONTENT, "ok")
    _register(dataset_name, file_server.base_url + "/sample.txt")

    data.path(dataset_name, progress=False)
    data.path(dataset_name, progress=False)

    assert file_server.requests == ["/sample.txt"]


def test_checksum_mismatch_leaves_nothing(empty_cache, file_server, dataset_name):
    tampered = CONTENT.replace(b"first", b"FIRST")
    file_server.routes["/sample.txt"] = (200, tampered, "ok")
    url = file_server.base_url + "/sample.txt"
    _register(dataset_name, url)

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    message = str(caught.value)
    assert dataset_name in message
    assert url in message
    assert _sha(tampered) in message
    assert _cache_files(empty_cache) == []


def test_connection_dropped_halfway_leaves_nothing(empty_cache, file_server, dataset_name):
    file_server.routes["/sample.txt"] = (200, CONTENT, "drop")
    url = file_server.base_url + "/sample.txt"
    _register(dataset_name, url)

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    assert url in str(caught.value)
    assert dataset_name in str(caught.value)
    assert _cache_files(empty_cache) == []


def test_http_404_leaves_nothing(empty_cache, file_server, dataset_name):
    url = file_server.base_url + "/missing.txt"
    _register(dataset_name, url)

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    assert "404" in str(caught.value)
    assert url in str(caught.value)
    assert _cache_files(empty_cache) == []


def test_offline_empty_cache_explains_mirror(empty_cache, dataset_name):
    url = f"http://127.0.0.1:{_unused_port()}/sample.txt"
    _register(dataset_name, url)

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    message = str(caught.value)
    assert "OI_DATA_MIRROR" in message
    assert "data fetch --all" in message
    assert _cache_files(empty_cache) == []


def test_offline_message_in_chinese(empty_cache, dataset_name):
    import oi_helpers

    oi_helpers.set_language("zh")
    _register(dataset_name, f"http://127.0.0.1:{_unused_port()}/sample.txt")

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    assert "没有网络" in str(caught.value)


def test_mirror_folder_is_used_first(empty_cache, tmp_path, monkeypatch, file_server, dataset_name):
    mirror = tmp_path / "mirror"
    (mirror / dataset_name).mkdir(parents=True)
    (mirror / dataset_name / "sample.txt").write_bytes(CONTENT)
    monkeypatch.setenv("OI_DATA_MIRROR", str(mirror))
    _register(dataset_name, file_server.base_url + "/sample.txt")

    local = data.path(dataset_name, progress=False)

    assert local.read_bytes() == CONTENT
    assert file_server.requests == []


def test_corrupt_mirror_folder_falls_back_to_url(empty_cache, tmp_path, monkeypatch, file_server, dataset_name):
    mirror = tmp_path / "mirror"
    (mirror / dataset_name).mkdir(parents=True)
    (mirror / dataset_name / "sample.txt").write_bytes(b"damaged")
    monkeypatch.setenv("OI_DATA_MIRROR", str(mirror))
    file_server.routes["/sample.txt"] = (200, CONTENT, "ok")
    _register(dataset_name, file_server.base_url + "/sample.txt")

    local = data.path(dataset_name, progress=False)

    assert local.read_bytes() == CONTENT
    assert file_server.requests == ["/sample.txt"]


def test_mirror_url(empty_cache, monkeypatch, file_server, dataset_name):
    file_server.routes[f"/classroom/{dataset_name}/sample.txt"] = (200, CONTENT, "ok")
    monkeypatch.setenv("OI_DATA_MIRROR", file_server.base_url + "/classroom/")
    _register(dataset_name, "http://127.0.0.1:9/never-used.txt")

    local = data.path(dataset_name, progress=False)

    assert local.read_bytes() == CONTENT
    assert file_server.requests == [f"/classroom/{dataset_name}/sample.txt"]


def test_mirror_url_missing_file_falls_back(empty_cache, monkeypatch, file_server, dataset_name):
    file_server.routes["/origin/sample.txt"] = (200, CONTENT, "ok")
    monkeypatch.setenv("OI_DATA_MIRROR", file_server.base_url + "/classroom")
    _register(dataset_name, file_server.base_url + "/origin/sample.txt")

    local = data.path(dataset_name, progress=False)

    assert local.read_bytes() == CONTENT
    assert file_server.requests == [f"/classroom/{dataset_name}/sample.txt", "/origin/sample.txt"]


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_archive_is_extracted(empty_cache, file_server, dataset_name):
    archive = _zip_bytes({"inner/table.csv": b"a,b\n1,2\n"})
    file_server.routes["/pack.zip"] = (200, archive, "ok")
    _register(dataset_name, file_server.base_url + "/pack.zip", archive, path=f"{dataset_name}/pack.zip")

    folder = data.path(dataset_name, progress=False)

    assert (folder / "pack" / "inner" / "table.csv").read_bytes() == b"a,b\n1,2\n"


def test_archive_with_parent_member_is_rejected(empty_cache, file_server, dataset_name, tmp_path):
    archive = _zip_bytes({"ok.txt": b"fine", "../escaped.txt": b"evil"})
    file_server.routes["/pack.zip"] = (200, archive, "ok")
    _register(dataset_name, file_server.base_url + "/pack.zip", archive, path=f"{dataset_name}/pack.zip")

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    assert "../escaped.txt" in str(caught.value)
    assert not (empty_cache / dataset_name / "escaped.txt").exists()
    assert not (empty_cache / dataset_name / "pack").exists()
    assert not list(empty_cache.rglob("escaped.txt"))
    assert not list(empty_cache.rglob("*.part"))


def test_archive_with_absolute_member_is_rejected(tmp_path):
    archive_path = tmp_path / "abs.zip"
    archive_path.write_bytes(_zip_bytes({"/etc/evil.txt": b"evil"}))

    with pytest.raises(DataError):
        data.safe_extract(archive_path, tmp_path / "out")

    assert not (tmp_path / "out").exists()


def test_unknown_dataset_lists_names(empty_cache):
    with pytest.raises(data.UnknownDatasetError) as caught:
        data.path("shakespear")

    assert "tiny-shakespeare" in str(caught.value)


def test_verify_deletes_corrupt_file(empty_cache, file_server, dataset_name):
    file_server.routes["/sample.txt"] = (200, CONTENT, "ok")
    _register(dataset_name, file_server.base_url + "/sample.txt")
    local = data.path(dataset_name, progress=False)
    local.write_bytes(CONTENT[:-1] + b"X")

    report = data.verify([dataset_name])

    assert report[dataset_name] == [(str(local), "corrupt")]
    assert not local.exists()


def test_registry_matches_course_manifest(course_mirror):
    mirror = course_mirror
    if mirror is None or mirror.startswith("http"):
        pytest.skip("no local copy of the course datasets")
    import json

    manifest = json.loads((Path(mirror) / "MANIFEST.json").read_text(encoding="utf-8"))
    expected = {f["path"]: f["sha256"] for d in manifest["datasets"] for f in d["files"]}
    registered = {f.path: f.sha256 for name in data.names() for f in data.info(name).files}
    assert registered == expected


def test_import_opens_no_network():
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise AssertionError('network used during import')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import oi_helpers, oi_helpers.data, oi_helpers.models, oi_helpers.train\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_cli_list_and_fetch(empty_cache, file_server, dataset_name):
    result = subprocess.run([sys.executable, "-m", "oi_helpers", "--lang", "en", "data", "list"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "tiny-shakespeare" in result.stdout

    result = subprocess.run([sys.executable, "-m", "oi_helpers", "data", "fetch", "no-such-dataset"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "no-such-dataset" in result.stderr


def test_damaged_extraction_is_repaired(empty_cache, file_server, dataset_name):
    archive = _zip_bytes({"inner/table.csv": b"a,b\n1,2\n" * 100})
    file_server.routes["/pack.zip"] = (200, archive, "ok")
    _register(dataset_name, file_server.base_url + "/pack.zip", archive, path=f"{dataset_name}/pack.zip")
    member = data.path(dataset_name, progress=False) / "pack" / "inner" / "table.csv"
    member.write_bytes(b"a,b\n")

    report = data.verify([dataset_name])

    assert (str(member.parent.parent), "corrupt") in report[dataset_name]
    assert not member.exists()
    data.path(dataset_name, progress=False)
    assert member.read_bytes() == b"a,b\n1,2\n" * 100


def test_missing_mirror_folder_is_named(empty_cache, tmp_path, monkeypatch, dataset_name):
    missing = tmp_path / "no-such-mirror"
    monkeypatch.setenv("OI_DATA_MIRROR", str(missing))
    _register(dataset_name, f"http://127.0.0.1:{_unused_port()}/sample.txt")

    with pytest.raises(DataError) as caught:
        data.path(dataset_name, progress=False)

    message = str(caught.value)
    assert str(missing) in message
    assert message.count("OI_DATA_MIRROR to a folder") == 1
    assert not (empty_cache / dataset_name).exists()


def test_cached_files_are_readable_by_others(empty_cache, file_server, dataset_name):
    file_server.routes["/sample.txt"] = (200, CONTENT, "ok")
    _register(dataset_name, file_server.base_url + "/sample.txt")

    local = data.path(dataset_name, progress=False)

    mask = os.umask(0)
    os.umask(mask)
    assert local.stat().st_mode & 0o777 == 0o666 & ~mask


def test_verify_removes_partial_downloads(empty_cache):
    leftover = empty_cache / "names" / "names.txt.abc123.part"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half")

    report = data.verify(["names"])

    assert report[""] == [(str(leftover), "partial")]
    assert not leftover.exists()
