from catalogue.tasks import review_reminders
from core.periodic import register_periodic

register_periodic("catalogue.review_reminders", review_reminders)
