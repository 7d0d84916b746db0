"""``manage.py demo_logins``: print the demo accounts and their password."""

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.roles import Role
from core.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
from party.demo import PARTY_LOGINS

HEADERS = ("账号 account", "密码 password", "角色 role", "说明 description")


def display_width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as aligned text lines, with a rule under the header."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


class Command(BaseCommand):
    help = "Print the demo sign-in accounts, their password and roles."

    def handle(self, *args, **options) -> None:
        rows = [HEADERS]
        rows += [(d.username, DEMO_PASSWORD, f"{d.role} {Role(d.role).label}", d.description) for d in DEMO_LOGINS]
        rows += [(username, DEMO_PASSWORD, "party 党务", description) for username, _name, description in PARTY_LOGINS]
        self.stdout.write("演示账号 Demo logins")
        for line in table(rows):
            self.stdout.write(line)
        self.stdout.write(
            "二次验证：内置演示环境已关闭（OTP_REQUIRED=0）；生产环境开启，工作人员、专家和管理员登录须输入动态口令。"
        )
        self.stdout.write(
            "Second factor: off in the embedded demo (OTP_REQUIRED=0), on in production for staff, experts and admins."
        )
        if settings.OTP_REQUIRED:
            self.stdout.write(self.style.WARNING("OTP_REQUIRED is on here: these roles must enrol a TOTP device."))
        usernames = [d.username for d in DEMO_LOGINS]
        if User.objects.filter(username__in=usernames).count() < len(usernames):
            self.stdout.write(self.style.WARNING("Some demo accounts are missing: run `manage.py seed_demo`."))
