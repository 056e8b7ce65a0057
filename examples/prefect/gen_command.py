"""The gen command of seed 000's Data Generation stage, and what its manifest says, without Prefect.

Kept apart from flow.py so that the command can be run and checked where Prefect is not installed
(the repository's tests run it: test/integration/examples.test.ts).
"""

import hashlib
import json
import os


def gen_command(pipeline_id: int, records: int, date: str, out_dir: str) -> list[str]:
    """gen's argv: `records` items as one JSON array (seed 000's file shape), seeded by the pipeline id.

    The same pipeline id gives the same bytes, so a retry rewrites the same file (gen replaces the
    files it made, all or nothing). `date` is the run's "today" (created_at lies in the 30 days before).
    """
    gen = os.environ.get("SHARDGEN_GEN", "gen")
    return [
        gen,
        "items",
        "--rows", str(records),
        "--format", "json",
        "--seed", str(pipeline_id),
        "--date", date,
        "--out", out_dir,
        # SHA-256 rather than the default xxh128, so that Python's hashlib can verify the file below
        "--checksum", "sha256",
        "--progress", "log",
    ]


def manifest_summary(out_dir: str) -> dict:
    """The file gen wrote, its rows and SHA-256, from the run's manifest, the file verified against it."""
    with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    table = manifest["tables"][0]
    path = os.path.join(out_dir, table["file"])
    with open(path, "rb") as f:
        digest = f"sha256:{hashlib.file_digest(f, 'sha256').hexdigest()}"
    if digest != table["checksum"]:
        raise ValueError(f"{path} is not the file gen wrote: {digest}, the manifest says {table['checksum']}")
    return {"path": path, "rows": table["rows"], "sha256": digest.removeprefix("sha256:")}
