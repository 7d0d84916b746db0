"""Loading the GB/T 13745 discipline codes from ``experts/data/disciplines.csv``."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "disciplines.csv"


def discipline_codes_load(model=None) -> int:
    """Create or update every code (idempotent); returns how many rows the file has.

    ``model`` is the historical model inside a migration; the real one otherwise (tests whose
    database is flushed between tests, ``seed_demo`` after a reset).
    """
    if model is None:
        from experts.models import DisciplineCode as model
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(model.objects.values_list("code", flat=True))
    for row in sorted(rows, key=lambda r: len(r["code"])):
        if row["code"] not in existing:
            model.objects.create(code=row["code"], name=row["name"], parent_id=row["parent"] or None)
    return len(rows)
