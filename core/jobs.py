"""Long background jobs with progress: start one from a service, report from the task."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F

from core.models import Job, JobStatus


def job_start(*, owner, kind: str, title: str, task: Any, back_url: str = "", **kwargs: Any) -> Job:
    """Create the progress record and enqueue ``task(job_id=..., **kwargs)`` once committed.

    ``back_url`` is the page the job was started from, linked from the progress page.
    """
    job = Job.objects.create(owner=owner, kind=kind, title=title, back_url=back_url)
    transaction.on_commit(partial(task.enqueue, job_id=str(job.pk), **kwargs))
    return job


class Progress:
    """Handle a task uses to report progress; every call is one UPDATE, safe across processes."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)

    def total(self, total: int) -> None:
        Job.objects.filter(pk=self.job_id).update(total=total)

    def advance(self, step: int = 1, message: str = "") -> None:
        updates: dict[str, Any] = {"done": F("done") + step}
        if message:
            updates["message"] = message[:300]
        Job.objects.filter(pk=self.job_id).update(**updates)

    def finish(self, *, result_url: str = "", message: str = "") -> None:
        Job.objects.filter(pk=self.job_id).update(status=JobStatus.DONE, result_url=result_url, message=message[:300])

    def fail(self, message: str) -> None:
        Job.objects.filter(pk=self.job_id).update(status=JobStatus.FAILED, message=message[:300])


def run_with_progress(job_id: str, body: Callable[[Progress], None]) -> None:
    """Run ``body`` and mark the job failed (with the error) if it raises."""
    progress = Progress(job_id)
    try:
        body(progress)
    except Exception as exc:
        progress.fail(str(exc) or exc.__class__.__name__)
        raise
