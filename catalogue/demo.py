"""Demo data for service catalogue (see core/demo/seed.py)."""


def seed_catalogue() -> dict[str, int]:
    return {}
