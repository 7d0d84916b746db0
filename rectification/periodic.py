from core.periodic import register_periodic
from rectification.tasks import rectification_reminders

register_periodic("rectification.reminders", rectification_reminders)
