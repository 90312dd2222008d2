"""Regenerate oi_helpers/registry.json from a dataset MANIFEST.json.

Usage: python tools/make_registry.py ../shared/datasets/MANIFEST.json

The registry keeps only what the package needs at run time: each dataset's
name, one-line description, licence, source URL and, per file, the relative
path, size in bytes, SHA-256 and canonical download URL.
"""
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "oi_helpers" / "data" / "registry.json"


def main(manifest_path: str) -> None:
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    datasets = []
    for entry in manifest["datasets"]:
        datasets.append({
            "name": entry["name"],
            "description": entry["description"],
            "language": entry["language"],
            "license": entry["license"]["name"],
            "license_status": entry["license"]["status"],
            "source": entry["source"]["repository_url"],
            "files": [
                {
                    "path": f["path"],
                    "bytes": f["bytes"],
                    "sha256": f["sha256"],
                    "url": f["canonical_url"],
                }
                for f in entry["files"]
            ],
        })
    OUT.write_text(json.dumps({"datasets": datasets}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    print(f"wrote {len(datasets)} datasets to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/MANIFEST.json")
