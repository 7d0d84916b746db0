from party.tests.conftest import members, other_secretary, post_holder, secretary, tree  # noqa: F401  (shared)
from study.tests.conftest import bank, monthly, study_admin, topic  # noqa: F401  (shared)
