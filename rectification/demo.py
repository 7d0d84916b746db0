"""Demo data for rectification ledger (see core/demo/seed.py)."""


def seed_rectification() -> dict[str, int]:
    return {}
