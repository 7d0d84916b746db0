"""The default kinds of request and their time limits in working days (editable by the general office)."""

DEFAULT_CATEGORIES = (
    # code, name, limit, urgent limit, description
    ("consult", "咨询", 3, 1, "政策、办事流程、申报条件等咨询"),
    ("help", "求助", 5, 2, "办事遇到困难、需要协调解决"),
    ("complaint", "投诉", 10, 5, "对工作人员作风、办事效率或有关单位的投诉"),
    ("suggestion", "建议", 15, 7, "对科技工作和服务的意见建议"),
    ("report", "举报", 10, 5, "科研诚信、违规违纪线索举报"),
)


def categories_ensure(model=None) -> int:
    """Create the default categories that are missing; returns how many were created."""
    if model is None:
        from hotline.models import RequestCategory as model
    created = 0
    for order, (code, name, limit, urgent, description) in enumerate(DEFAULT_CATEGORIES, start=1):
        _obj, made = model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "limit_days": limit,
                "urgent_limit_days": urgent,
                "description": description,
                "sort_order": order,
            },
        )
        created += made
    return created
