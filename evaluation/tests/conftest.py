from party.tests.conftest import members, other_secretary, post_holder, secretary, tree  # noqa: F401  (shared)
