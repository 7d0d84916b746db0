"""Demo data for supervised tasks (see core/demo/seed.py)."""


def seed_supervision() -> dict[str, int]:
    return {}
