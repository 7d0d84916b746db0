"""Background jobs of the applications module."""

from django_tasks import task

from applications.duplicates import duplicate_check
from applications.models import Application
from core.jobs import run_with_progress


@task()
def check_duplicates(application_id: int, job_id: str | None = None) -> int:
    """Run the duplicate check of one application; with ``job_id``, report progress to that job."""
    application = Application.objects.get(pk=application_id)
    if job_id is None:
        return duplicate_check(application).pk

    def body(progress) -> None:
        progress.total(1)
        report = duplicate_check(application)
        progress.advance(1)
        progress.finish(result_url=f"/applications/{application_id}/", message=f"{len(report.matches)}")

    run_with_progress(job_id, body)
    return application_id
