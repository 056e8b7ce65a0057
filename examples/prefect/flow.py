"""Seed 000's Data Generation stage as a Prefect flow that calls gen.

The task keeps the seed's contract: it retries (twice), records its status (running, then completed or
failed, with a message) in the pipeline_status table, and returns the path of the JSON file it wrote.
gen makes the records (deterministic, so a retry writes the same file) and its manifest says how many.

    pip install prefect psycopg
    DATABASE_URL=postgres://… python flow.py
"""

import datetime
import os
import subprocess

from prefect import flow, get_run_logger, task

from gen_command import gen_command, manifest_summary

DATA_DIR = os.environ.get("DATA_DIR", "/app/data/input")


def update_pipeline_status(pipeline_id: int, stage_name: str, status: str, message: str = "") -> None:
    """One row per stage and status change, as the seed's pipeline records them (skipped without DATABASE_URL)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS pipeline_status (pipeline_id int, stage_name text, status text,"
            " message text, updated_at timestamptz DEFAULT now())"
        )
        conn.execute(
            "INSERT INTO pipeline_status (pipeline_id, stage_name, status, message) VALUES (%s, %s, %s, %s)",
            (pipeline_id, stage_name, status, message),
        )


@task(name="generate_data", retries=2, retry_delay_seconds=10)
def generate_data(pipeline_id: int, records: int = 1000) -> str:
    logger = get_run_logger()
    update_pipeline_status(pipeline_id, "Data Generation", "running")
    try:
        out_dir = os.path.join(DATA_DIR, f"pipeline-{pipeline_id}")
        date = datetime.date.today().isoformat()
        subprocess.run(gen_command(pipeline_id, records, date, out_dir), check=True)
        summary = manifest_summary(out_dir)
        logger.info(f"Generated {summary['rows']} records to {summary['path']}")
        update_pipeline_status(
            pipeline_id, "Data Generation", "completed", f"Generated {summary['rows']} records to {summary['path']}"
        )
        return summary["path"]
    except Exception as e:
        update_pipeline_status(pipeline_id, "Data Generation", "failed", f"Error generating data: {e}")
        raise


@flow(name="pipeline")
def pipeline(pipeline_id: int = 1, records: int = 1000) -> str:
    return generate_data(pipeline_id, records)


if __name__ == "__main__":
    pipeline()
