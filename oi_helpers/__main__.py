"""Command line: ``python -m oi_helpers data list|fetch|verify`` and ``python -m oi_helpers doctor``."""
from __future__ import annotations

import argparse
import os
import sys

from . import data
from .i18n import set_language, tr
from .messages import MESSAGES


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def describe(entry) -> str:
    """Return the dataset's one-line description in the learner's language (the registry's English otherwise)."""
    key = f"data.description.{entry.name}"
    return tr(key) if key in MESSAGES else entry.description


def command_list(_args) -> int:
    print(tr("data.list_header", name=tr("data.col_name"), size=tr("data.col_size"),
             cached=tr("data.col_cached"), license=tr("data.col_license")))
    for name in data.names():
        entry = data.info(name)
        cached = tr("data.cached_yes") if data.is_cached(name) else tr("data.cached_no")
        print(tr("data.list_header", name=name, size=_human_size(entry.total_bytes), cached=cached,
                 license=entry.license))
        print(f"    {describe(entry)}")
    return 0


def command_fetch(args) -> int:
    names = data.names() if args.all else args.names
    if not names:
        print(tr("data.fetch_needs_names"), file=sys.stderr)
        return 2
    failed = 0
    for name in names:
        try:
            paths = data.fetch(name)
        except (data.DataError, data.UnknownDatasetError) as error:
            print(error, file=sys.stderr)
            failed += 1
            continue
        print(tr("data.fetched", name=name, count=len(paths), where=data.cache_dir()))
    return 1 if failed else 0


def command_verify(args) -> int:
    counts = {"ok": 0, "missing": 0, "corrupt": 0, "partial": 0}
    keys = {"ok": "data.verify_ok", "missing": "data.verify_missing", "corrupt": "data.verify_bad",
            "partial": "data.verify_partial"}
    try:
        report = data.verify(args.names or None)
    except data.UnknownDatasetError as error:
        print(error, file=sys.stderr)
        return 2
    for rows in report.values():
        for local, status in rows:
            counts[status] += 1
            print(tr(keys[status], path=local))
    print(tr("data.verify_summary", ok=counts["ok"], missing=counts["missing"], bad=counts["corrupt"],
             cache=data.cache_dir()))
    return 1 if counts["corrupt"] else 0


def command_doctor(_args) -> int:
    from .doctor import report

    print(report())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m oi_helpers",
                                     description="Open Interpreter course helpers / Open Interpreter 课程工具")
    parser.add_argument("--lang", choices=["en", "zh"], help="language of the output (default: OI_LANG, then the locale)")
    commands = parser.add_subparsers(dest="command", required=True)
    # The same option on every subcommand, so `data verify --lang zh` works as well as `--lang zh data verify`.
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=["en", "zh"], default=argparse.SUPPRESS,
                          help="language of the output (default: OI_LANG, then the locale)")

    data_parser = commands.add_parser("data", parents=[language], help="list, fetch and verify the course datasets")
    data_commands = data_parser.add_subparsers(dest="data_command", required=True)
    data_commands.add_parser("list", parents=[language], help="list the datasets, their size, licence and whether they are cached"
                             ).set_defaults(handler=command_list)
    fetch_parser = data_commands.add_parser("fetch", parents=[language], help="download datasets into the cache (OI_DATA_DIR)")
    fetch_parser.add_argument("names", nargs="*", help="dataset names, as printed by 'data list'")
    fetch_parser.add_argument("--all", action="store_true", help="fetch every dataset (about 22 MB)")
    fetch_parser.set_defaults(handler=command_fetch)
    verify_parser = data_commands.add_parser("verify", parents=[language], help="check cached files against their SHA-256; delete corrupt ones")
    verify_parser.add_argument("names", nargs="*", help="dataset names (default: all)")
    verify_parser.set_defaults(handler=command_verify)

    commands.add_parser("doctor", parents=[language], help="print versions, device, CJK font and cached datasets"
                        ).set_defaults(handler=command_doctor)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    return args.handler(args)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. `| head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
