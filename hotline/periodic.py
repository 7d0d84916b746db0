from core.periodic import register_periodic
from hotline.tasks import hotline_sweep

register_periodic("hotline.sweep", hotline_sweep)
