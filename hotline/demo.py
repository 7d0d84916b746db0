"""Demo data for service requests (see core/demo/seed.py)."""


def seed_hotline() -> dict[str, int]:
    return {}
