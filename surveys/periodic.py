from core.periodic import register_periodic
from surveys.tasks import survey_sweep

register_periodic("surveys.sweep", survey_sweep)
