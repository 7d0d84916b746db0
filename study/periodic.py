from core.periodic import register_periodic
from study.tasks import study_sweep

register_periodic("study.sweep", study_sweep)
