"""Readable names for audit actions, shown in the audit log and its export.

Modules register the actions their services write: ``register_action_labels({"x.y": _("...")})``.
Unregistered actions are shown by their code.
"""

from django.utils.translation import gettext_lazy as _

_labels: dict[str, object] = {}


def register_action_labels(labels: dict[str, object]) -> None:
    _labels.update(labels)


def action_label(action: str) -> str:
    return str(_labels.get(action, action))


def action_choices(recorded: list[str] = ()) -> list[tuple[str, str]]:
    """Registered actions plus any others already recorded, each as "label · code"."""
    codes = sorted(set(_labels) | set(recorded))
    return [(code, f"{action_label(code)} · {code}" if code in _labels else code) for code in codes]


register_action_labels(
    {
        "auth.login": _("Signed in"),
        "auth.logout": _("Signed out"),
        "auth.login_failed": _("Sign-in failed"),
        "auth.lockout": _("Account name locked"),
        "auth.unlock": _("Lock lifted"),
        "otp.enrol": _("Second factor enrolled"),
        "otp.failure": _("Wrong second-factor code"),
        "user.create": _("Account created"),
        "user.password_change": _("Password changed"),
        "user.password_reset": _("Password reset"),
        "user.activate": _("Account activated"),
        "user.deactivate": _("Account deactivated"),
        "role.grant": _("Role granted"),
        "role.revoke": _("Role revoked"),
        "unitmembership.request": _("Unit binding requested"),
        "unitmembership.confirm": _("Unit binding confirmed"),
        "unitmembership.reject": _("Unit binding rejected"),
        "token.create": _("Access token created"),
        "token.revoke": _("Access token revoked"),
        "security_policy.update": _("Security policy changed"),
        "agency.create": _("Agency created"),
        "office.create": _("Office created"),
        "recommender.create": _("Recommender created"),
        "unit.create": _("Unit registered"),
        "unit.update": _("Unit profile changed"),
        "unit.sheet_download": _("Unit sheet downloaded"),
        "unit.export": _("Unit list exported"),
        "attachment.upload": _("File uploaded"),
        "attachment.reject": _("Upload rejected"),
        "attachment.download": _("File downloaded"),
        "attachment.delete": _("File deleted"),
        "import.confirm": _("Excel import"),
        "webhook.create": _("Robot added"),
        "webhook.activate": _("Robot activated"),
        "webhook.deactivate": _("Robot deactivated"),
        "audit.export": _("Audit log exported"),
        "audit.export_download": _("Audit export downloaded"),
        "audit.verify": _("Audit chain checked"),
        "audit.prune": _("Old audit events removed"),
    }
)
