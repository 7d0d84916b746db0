from core.periodic import register_periodic
from supervision.tasks import supervision_sweep

register_periodic("supervision.sweep", supervision_sweep)
