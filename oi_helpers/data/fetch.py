"""Getting dataset files onto this machine: cache, mirror, then the canonical URL.

Each file is looked for, in order:

1. in the cache folder (``OI_DATA_DIR``, default ``~/.cache/oi_helpers/datasets``,
   or ``$XDG_CACHE_HOME/oi_helpers/datasets`` when that is set);
2. in the mirror named by ``OI_DATA_MIRROR``: a folder laid out like the cache
   (a USB stick, a shared drive) or a base URL (a classroom server);
3. at the file's canonical URL.

Whatever the source, the bytes are written to a temporary file in the cache,
checked against the registry's size and SHA-256, and only then renamed into
place, so a failed or corrupt transfer never leaves a file in the cache.
Nothing here touches the network until a file is actually missing.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from pathlib import Path

from ..i18n import tr
from .registry import DatasetInfo, FileInfo, info

TIMEOUT_SECONDS = 30
CHUNK_BYTES = 1 << 16
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")

# Files whose SHA-256 was checked in this process, keyed by (path, size, mtime).
_verified: set[tuple[str, int, int]] = set()


class DataError(RuntimeError):
    """Error for a dataset file that could not be obtained or failed its checksum; the message states what to do.

    ``message`` is the failure itself and ``hint`` the advice printed after it,
    kept apart so that two failures reported together repeat no advice.
    """

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message + ("\n" + hint if hint else ""))
        self.message = message
        self.hint = hint


def _shared_permissions(path: Path, folder: bool = False) -> None:
    """Give a file made by mkstemp/mkdtemp (owner-only) the usual permissions, so a cache can be shared."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, (0o777 if folder else 0o666) & ~mask)


def cache_dir() -> Path:
    """Return the cache folder (created on first use by the functions that write to it)."""
    configured = os.environ.get("OI_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "oi_helpers" / "datasets"


def mirror() -> str | None:
    """Return ``OI_DATA_MIRROR`` (a folder or an http(s) base URL), or None when unset."""
    value = os.environ.get("OI_DATA_MIRROR", "").strip()
    return value or None


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_valid(path: Path, file: FileInfo) -> bool:
    """Check size, then SHA-256 once per process for an unchanged file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return False
    if stat.st_size != file.bytes:
        return False
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return True
    if _sha256_of(path) != file.sha256:
        return False
    _verified.add(key)
    return True


def _temporary_sibling(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    os.close(handle)
    return Path(name)


def _copy_from_folder(source: Path, target: Path, dataset: str, file: FileInfo) -> None:
    """Copy a mirror file into the cache, checking it first; raises DataError on a mismatch."""
    actual = _sha256_of(source)
    if actual != file.sha256:
        raise DataError(tr("data.mirror_corrupt", path=source, name=dataset, actual=actual, expected=file.sha256))
    temporary = _temporary_sibling(target)
    try:
        shutil.copyfile(source, temporary)
        _shared_permissions(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _progress_bar(total: int, label: str, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label,
                disable=not enabled, leave=False)


def download(url: str, target: Path, dataset: str, file: FileInfo, progress: bool = True) -> None:
    """Download ``url`` to ``target`` through a checked temporary file.

    Raises DataError for an HTTP error, a network failure, a transfer that
    ends early, or bytes whose SHA-256 differs from the registry. In every
    such case nothing is left at ``target`` or beside it.
    """
    temporary = _temporary_sibling(target)
    fields = dict(path=file.path, name=dataset, url=url)
    received = 0
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "oi-helpers"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response, \
                open(temporary, "wb") as out, \
                _progress_bar(file.bytes, tr("data.downloading", path=file.path), progress) as bar:
            digest = hashlib.sha256()
            while True:
                chunk = response.read(CHUNK_BYTES)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                bar.update(len(chunk))
        if received != file.bytes:
            raise DataError(tr("data.size_mismatch", received=received, expected=file.bytes, **fields))
        actual = digest.hexdigest()
        if actual != file.sha256:
            raise DataError(tr("data.checksum_mismatch", source=url, actual=actual, expected=file.sha256, **fields))
        _shared_permissions(temporary)
        os.replace(temporary, target)
    except DataError:
        raise
    except urllib.error.HTTPError as error:
        raise DataError(tr("data.http_error", status=error.code, reason=error.reason, **fields)) from error
    except http.client.IncompleteRead as error:
        received += len(error.partial)
        raise DataError(tr("data.size_mismatch", received=received, expected=file.bytes, **fields)) from error
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise DataError(tr("data.network_error", reason=reason, **fields),
                        hint=tr("data.offline_hint", cache=cache_dir())) from error
    finally:
        temporary.unlink(missing_ok=True)


def _mirror_source(file: FileInfo) -> tuple[str, str] | None:
    """Return ("folder", path) or ("url", url) for this file in the configured mirror."""
    base = mirror()
    if base is None:
        return None
    if base.startswith(("http://", "https://")):
        quoted = urllib.parse.quote(file.path)
        return "url", base.rstrip("/") + "/" + quoted
    folder = Path(base[len("file://"):] if base.startswith("file://") else base).expanduser()
    return "folder", str(folder / file.path)


def fetch_file(dataset: str, file: FileInfo, progress: bool = True) -> Path:
    """Make one file available in the cache and return its path."""
    target = cache_dir() / file.path
    if _is_valid(target, file):
        return target
    target.unlink(missing_ok=True)

    mirror_failure: DataError | None = None
    source = _mirror_source(file)
    if source is not None:
        kind, location = source
        try:
            if kind == "folder":
                mirror_folder = Path(location[: -len(file.path)]) if location.endswith(file.path) else Path(location)
                if Path(location).is_file():
                    _copy_from_folder(Path(location), target, dataset, file)
                    return target
                if not mirror_folder.is_dir():
                    raise DataError(tr("data.mirror_folder_missing", folder=mirror_folder))
                raise DataError(tr("data.mirror_file_missing", folder=mirror_folder, path=file.path, name=dataset))
            download(location, target, dataset, file, progress)
            return target
        except DataError as error:
            mirror_failure = error

    try:
        download(file.url, target, dataset, file, progress)
    except DataError as error:
        _remove_empty_folders(target.parent)
        if mirror_failure is not None:
            raise DataError(f"{mirror_failure.message}\n\n{error.message}", hint=error.hint) from error
        raise
    return target


def _remove_empty_folders(folder: Path) -> None:
    """Remove ``folder`` and its parents up to the cache root while they are empty."""
    root = cache_dir().resolve()
    folder = folder.resolve()
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent


def _archive_members(archive: Path) -> list[str]:
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as handle:
            return handle.namelist()
    with tarfile.open(archive) as handle:
        return [member.name for member in handle.getmembers()]


def safe_extract(archive: Path, target: Path) -> Path:
    """Extract a .zip or .tar(.gz) archive into ``target`` and return ``target``.

    Every member must land inside ``target``: an absolute path, a ``..``
    component or a link raises DataError before anything is written. The
    archive is unpacked into a temporary folder that is renamed into place,
    so a failure leaves no partial folder.
    """
    target = Path(target)
    root = target.resolve()
    for member in _archive_members(archive):
        destination = (root / member).resolve()
        if member.startswith(("/", "\\")) or (destination != root and root not in destination.parents):
            raise DataError(tr("data.unsafe_archive", archive=archive, member=member, target=target))
    if archive.suffix != ".zip":
        with tarfile.open(archive) as handle:
            for member in handle.getmembers():
                if not (member.isfile() or member.isdir()):
                    raise DataError(tr("data.unsafe_archive", archive=archive, member=member.name, target=target))

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".part", dir=target.parent))
    try:
        if archive.suffix == ".zip":
            with zipfile.ZipFile(archive) as handle:
                handle.extractall(staging)
        else:
            with tarfile.open(archive) as handle:
                handle.extractall(staging)
        _shared_permissions(staging, folder=True)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def extraction_is_complete(archive: Path, folder: Path) -> bool:
    """Check that every member of ``archive`` is in ``folder`` with its size (and CRC-32 for zip members)."""
    if not folder.is_dir():
        return False
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as handle:
            for member in handle.infolist():
                if member.is_dir():
                    continue
                local = folder / member.filename
                if not local.is_file() or local.stat().st_size != member.file_size:
                    return False
                if zlib.crc32(local.read_bytes()) != member.CRC:
                    return False
        return True
    with tarfile.open(archive) as handle:
        for member in handle.getmembers():
            local = folder / member.name
            if member.isfile() and (not local.is_file() or local.stat().st_size != member.size):
                return False
    return True


def _extracted_folder(archive: Path) -> Path:
    name = archive.name
    for suffix in ARCHIVE_SUFFIXES:
        if name.endswith(suffix):
            return archive.with_name(name[: -len(suffix)])
    return archive.with_name(name + ".d")


def fetch(name: str, progress: bool = True) -> list[Path]:
    """Make every file of dataset ``name`` available and return their local paths.

    Archives are also extracted into a folder named after the archive
    (``online_shopping_10_cats.zip`` -> ``online_shopping_10_cats/``).
    """
    dataset: DatasetInfo = info(name)
    paths = []
    for file in dataset.files:
        local = fetch_file(dataset.name, file, progress)
        if local.name.endswith(ARCHIVE_SUFFIXES):
            folder = _extracted_folder(local)
            if not extraction_is_complete(local, folder):
                safe_extract(local, folder)
        paths.append(local)
    return paths


def path(name: str, filename: str | None = None, progress: bool = True) -> Path:
    """Return a local path for dataset ``name``, fetching it first if needed.

    With ``filename`` (relative to the dataset's folder, for example
    ``"tang/poet.tang.0.json"``), returns that file. Without it, returns the
    file itself for a one-file dataset and the dataset's folder otherwise.
    """
    paths = fetch(name, progress)
    dataset = info(name)
    folder = cache_dir() / dataset.files[0].path.split("/")[0]
    if filename is not None:
        return folder / filename
    if len(paths) == 1 and not paths[0].name.endswith(ARCHIVE_SUFFIXES):
        return paths[0]
    return folder


def is_cached(name: str) -> bool:
    """Return True when every file of ``name`` is in the cache with the right size (no checksum, no network)."""
    dataset = info(name)
    for file in dataset.files:
        local = cache_dir() / file.path
        if not local.is_file() or local.stat().st_size != file.bytes:
            return False
    return True


def verify(names: list[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Check cached files against the registry, deleting corrupt ones.

    Returns {dataset: [(path, status)]} with status "ok", "missing" or
    "corrupt"; a corrupt extracted folder is deleted and extracted again on
    the next fetch. Files left by interrupted downloads (``*.part``) are
    deleted and listed under the dataset name "" with status "partial".
    """
    from .registry import names as registered

    report: dict[str, list[tuple[str, str]]] = {}
    for name in names or registered():
        rows = []
        for file in info(name).files:
            local = cache_dir() / file.path
            if not local.exists():
                rows.append((str(local), "missing"))
            elif _is_valid(local, file):
                rows.append((str(local), "ok"))
                if local.name.endswith(ARCHIVE_SUFFIXES):
                    folder = _extracted_folder(local)
                    if folder.exists() and not extraction_is_complete(local, folder):
                        shutil.rmtree(folder)
                        rows.append((str(folder), "corrupt"))
            else:
                local.unlink()
                rows.append((str(local), "corrupt"))
        report[name] = rows
    cache = cache_dir()
    if cache.is_dir():
        for partial in sorted(cache.rglob("*.part")):
            if partial.is_dir():
                shutil.rmtree(partial, ignore_errors=True)
            else:
                partial.unlink(missing_ok=True)
            report.setdefault("", []).append((str(partial), "partial"))
    return report
