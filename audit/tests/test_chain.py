"""The audit log is append-only and tamper-evident."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from audit import triggers
from audit.models import AuditEvent
from audit.services import audit_prune, audit_record, audit_verify

pytestmark = pytest.mark.django_db


def record(n: int, actor=None) -> list[AuditEvent]:
    return [audit_record(actor=actor, action="test.action", target_type="test", target_id=str(i)) for i in range(n)]


def raw(sql: str, params: list) -> None:
    """Change the table behind the application's back, as an intruder with database access would."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def tamper(sql: str, params: list) -> None:
    triggers.remove(connection)
    try:
        raw(sql, params)
    finally:
        triggers.install(connection)


def test_each_event_is_chained_to_the_previous_one(applicant):
    first, second = record(2, applicant)
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    assert first.created_at.microsecond == 0
    assert audit_verify().ok


def test_verify_names_the_first_altered_row(db):
    events = record(5)
    tamper("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["forged.action", events[2].seq])
    report = audit_verify()
    assert not report.ok and report.seq == events[2].seq and "altered" in report.problem
    with pytest.raises(CommandError, match=f"#{events[2].seq} was altered"):
        call_command("audit_verify")


def test_verify_names_a_missing_row(db):
    events = record(5)
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [events[1].seq])
    report = audit_verify()
    assert not report.ok and report.seq == events[1].seq and "missing" in report.problem


def test_verify_notices_the_last_rows_removed(db):
    events = record(4)
    tamper("DELETE FROM audit_auditevent WHERE seq >= %s", [events[2].seq])
    report = audit_verify()
    assert not report.ok and report.seq == events[2].seq


def test_database_refuses_to_update_an_event(db):
    event = record(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["x", event.seq])


def test_database_refuses_to_delete_a_recent_event(db):
    event = record(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE seq = %s", [event.seq])


def test_retention_refuses_periods_under_180_days(db):
    with pytest.raises(ValueError):
        audit_prune(actor=None, older_than_days=179)
    with pytest.raises(CommandError):
        call_command("audit_prune", days=30)


def test_retention_deletes_old_events_and_the_chain_still_verifies(db):
    old = record(3)
    tamper(
        "UPDATE audit_auditevent SET created_at = %s WHERE seq <= %s",
        [timezone.now() - timezone.timedelta(days=400), old[-1].seq],
    )
    # re-hash the back-dated rows so the chain is consistent before pruning
    from audit.models import AuditChainHead
    from audit.services import event_hash

    prev = "0" * 64
    triggers.remove(connection)
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = prev
        event.hash = event_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)
    triggers.install(connection)
    recent = record(2)
    assert audit_prune(actor=None, older_than_days=365) == 3
    assert not AuditEvent.objects.filter(seq__lte=old[-1].seq).exists()
    assert AuditEvent.objects.filter(seq__gte=recent[0].seq).count() == 3  # two recent + the prune event
    assert audit_verify().ok


def test_identifiers_are_never_written_in_clear(db):
    event = audit_record(
        actor=None,
        action="test.pii",
        after={"id_number": "11010519491231002X", "phone": "13812345678", "note": "call 13912345678", "password": "x"},
    )
    text = str(event.after)
    assert "11010519491231002X" not in text and "13812345678" not in text and "13912345678" not in text
    assert event.after["password"] == "******"


def test_only_the_audit_admin_reads_the_log(audit_admin, sysadmin, security_admin, officer, login):
    record(3)
    assert login(audit_admin).get("/audit/").status_code == 200
    for other in (sysadmin, security_admin, officer):
        assert login(other).get("/audit/").status_code == 403


def test_audit_admin_filters_and_exports_with_progress(audit_admin, login, django_capture_on_commit_callbacks):
    record(3)
    client = login(audit_admin)
    page = client.get("/audit/", {"action": "test.action"}).content.decode()
    assert page.count('title="test.action"') == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/audit/export/?action=test.action")
    assert response.status_code == 302
    job_page = client.get(response["Location"]).content.decode()
    assert 'data-percent="100"' in job_page
    from core.models import Job

    job = Job.objects.get(owner=audit_admin)
    download = client.get(f"/audit/exports/{job.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="audit.export").exists()
    assert AuditEvent.objects.filter(action="audit.export_download").exists()


def test_concurrent_writers_keep_one_unbroken_chain(transactional_db):
    """Threads writing at once (each its own connection) still produce a single valid chain."""
    import threading

    from django.db import connections

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks whole tables; runs on PostgreSQL")

    errors: list[Exception] = []

    def writer() -> None:
        try:
            for _ in range(10):
                with transaction.atomic():
                    audit_record(actor=None, action="test.concurrent")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 40
    assert audit_verify().ok


def test_log_shows_readable_actions_and_reports_bad_filters(audit_admin, applicant, login):
    audit_record(actor=applicant, action="role.grant", target=applicant, after={"role": "expert"})
    client = login(audit_admin)
    page = client.get("/audit/", {"action": "role.grant"}).content.decode()
    from django.utils import translation

    from audit.labels import action_label

    with translation.override("zh-hans"):
        label = action_label("role.grant")
    assert f'title="role.grant">{label}</td>' in page
    assert "role: expert" in page
    bad = client.get("/audit/", {"date_from": "not-a-date"}).content.decode()
    assert 'id="id_date_from_error"' in bad


def test_export_rows_use_readable_labels(applicant):
    from audit.tasks import export_row

    event = audit_record(actor=None, action="auth.login_failed", result="failure", after={"k": "v"})
    row = export_row(event)
    assert row[2] == "系统" and row[5] == "auth.login_failed" and row[9] == "" and row[10] == "k: v"
    assert row[8] in ("失败", "Failure")
