"""Background tasks run through real workers: the database worker and, with Redis, RQ."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from notifications.models import Delivery
from notifications.services import notify


@pytest.mark.django_db(transaction=True)
def test_database_worker_delivers_queued_email(applicant, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    notify(recipients=[applicant], title="数据库队列", body="经数据库任务队列发送")
    assert Delivery.objects.get().status == "pending"
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "default")
    assert Delivery.objects.get().status == "sent"
    assert mail.outbox[0].subject.endswith("数据库队列")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_rq_worker_on_redis_delivers_queued_email(applicant, settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis at 127.0.0.1:6379 is needed (make test starts it)")
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared with the worker; runs on PostgreSQL")
    redis.Redis.from_url(url).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    notify(recipients=[applicant], title="Redis队列", body="经RQ发送")
    assert Delivery.objects.get().status == "pending"
    call_command(
        "rqworker",
        "default",
        "--burst",
        "--worker-class",
        "rq.worker.SimpleWorker",
        "--job-class",
        "django_tasks_rq.Job",
    )
    assert Delivery.objects.get().status == "sent"
