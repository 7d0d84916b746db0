from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from core.views import job_get_for_user

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: UUID
    title: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result_url: str


@router.get("/{job_id}", response=JobOut, summary="Progress of one of my background jobs")
def job(request: HttpRequest, job_id: UUID):
    return job_get_for_user(request.user, job_id)
