from core.periodic import register_periodic
from reviews.tasks import review_sweep

register_periodic("reviews.sweep", review_sweep)
