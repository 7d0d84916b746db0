"""Export of the audit log as a background job with progress."""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone, translation
from django_tasks import task

from accounts.roles import Role
from audit.labels import action_label
from audit.models import Result
from audit.selectors import audit_search
from core.excel import workbook_bytes
from core.jobs import run_with_progress

EXPORT_HEADERS = [
    *["序号", "时间", "操作人", "角色", "动作", "动作代码", "对象类型", "对象"],
    *["结果", "变更前", "变更后", "IP", "请求号", "哈希"],
]
STEP = 500


def _snapshot(data) -> str:
    return "；".join(f"{k}: {v}" for k, v in data.items()) if isinstance(data, dict) else str(data or "")


def export_row(event) -> list:
    """One spreadsheet row with the readable labels the page shows (codes kept alongside)."""
    roles = dict(Role.choices)
    return [
        event.seq,
        timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        "系统" if event.actor_name == "system" else event.actor_name,
        "、".join(str(roles.get(r, r)) for r in event.role.split(",") if r),
        action_label(event.action),
        event.action,
        event.target_type,
        event.target_repr,
        str(Result(event.result).label),
        _snapshot(event.before),
        _snapshot(event.after),
        event.ip or "",
        event.request_id,
        event.hash,
    ]


def export_path(job_id: str) -> str:
    return f"exports/audit-{job_id}.xlsx"


@task()
def export_audit_log(job_id: str, filters: dict, language: str = "zh-hans") -> None:
    def body(progress) -> None:
        events = audit_search(**filters)
        total = events.count()
        progress.total(total)
        rows = []
        for index, event in enumerate(events.iterator(chunk_size=2000), start=1):
            rows.append(export_row(event))
            if index % STEP == 0:
                progress.advance(STEP)
        storages["default"].save(export_path(job_id), ContentFile(workbook_bytes(EXPORT_HEADERS, rows, "审计日志")))
        progress.advance(total % STEP)
        progress.finish(result_url=f"/audit/exports/{job_id}/")

    with translation.override(language):
        run_with_progress(job_id, body)
