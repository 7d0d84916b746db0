from core.periodic import register_periodic
from evaluation.tasks import report_reminders

register_periodic("evaluation.report_reminders", report_reminders)
