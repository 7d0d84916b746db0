"""What every benchmark records and needs: the code and machine measured, a scratch PostgreSQL database."""

import os
import platform
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the only target: loopback
PG_ADMIN_URL = f"postgres://postgres@{HOST}:5432/postgres"


def code_version() -> dict:
    """The commit measured, and files that differed from it when the run started."""

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return run.stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": git("status", "--porcelain").splitlines()}


def machine() -> dict:
    return {"python": platform.python_version(), "cpu_count": os.cpu_count(), "platform": platform.platform()}


def postgres_ready() -> str:
    """'' when PostgreSQL answers on loopback (started if installed and stopped), else the reason."""
    if subprocess.run(["pg_isready", "-h", HOST, "-q"], check=False).returncode == 0:
        return ""
    clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not clusters:
        return "PostgreSQL is not installed"
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "start"], check=False, timeout=60
    )
    for _ in range(20):
        if subprocess.run(["pg_isready", "-h", HOST, "-q"], check=False).returncode == 0:
            return ""
        time.sleep(0.5)
    return "PostgreSQL did not start"


def pg_scratch(database: str, *, create: bool) -> None:
    """Drop the scratch database ``database`` and, with ``create``, make it afresh."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {database}")
