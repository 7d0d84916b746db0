from core.periodic import register_periodic
from party.tasks import party_sweep

register_periodic("party.sweep", party_sweep)
