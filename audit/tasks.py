"""Export of the audit log as a background job with progress."""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django_tasks import task

from audit.selectors import audit_search
from core.excel import workbook_bytes
from core.jobs import run_with_progress

EXPORT_HEADERS = ["序号", "时间", "操作人", "角色", "动作", "对象类型", "对象", "结果", "IP", "请求号", "哈希"]


def export_path(job_id: str) -> str:
    return f"exports/audit-{job_id}.xlsx"


@task()
def export_audit_log(job_id: str, filters: dict) -> None:
    def body(progress) -> None:
        events = audit_search(**filters)
        total = events.count()
        progress.total(total)
        rows = []
        for index, e in enumerate(events.iterator(chunk_size=2000), start=1):
            rows.append(
                [
                    e.seq,
                    timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor_name,
                    e.role,
                    e.action,
                    e.target_type,
                    e.target_repr,
                    e.result,
                    e.ip or "",
                    e.request_id,
                    e.hash,
                ]
            )
            if index % 500 == 0:
                progress.advance(500)
        storages["default"].save(export_path(job_id), ContentFile(workbook_bytes(EXPORT_HEADERS, rows, "审计日志")))
        progress.advance(total % 500)
        progress.finish(result_url=f"/audit/exports/{job_id}/")

    run_with_progress(job_id, body)
