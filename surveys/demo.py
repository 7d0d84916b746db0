"""Demo data for surveys and evaluations (see core/demo/seed.py)."""


def seed_surveys() -> dict[str, int]:
    return {}
