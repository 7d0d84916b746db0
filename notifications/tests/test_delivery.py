"""Notifications: in-app inbox, e-mail and group-chat robots, delivered by background tasks."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail

from notifications.channels import dingtalk_signed_url
from notifications.models import Delivery, Notification, WebhookEndpoint
from notifications.services import broadcast, notify

pytestmark = pytest.mark.django_db


class RobotServer:
    """A local stand-in for a DingTalk/WeCom robot (loopback only)."""

    def __init__(self, answer: dict) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append({"path": self.path, "json": json.loads(body)})
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/robot/send?access_token=abc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "RobotServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_notify_fills_the_inbox_and_sends_email_after_commit(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[applicant], title="申报指南已发布", body="2027年度重点研发计划", url="/")
    assert Notification.objects.filter(recipient=applicant, read_at__isnull=True).count() == 1
    assert len(mail.outbox) == 1 and "申报指南已发布" in mail.outbox[0].subject
    assert Delivery.objects.get(channel="email").status == "sent"


def test_dingtalk_robot_gets_a_signed_markdown_message(db, django_capture_on_commit_callbacks):
    with RobotServer({"errcode": 0, "errmsg": "ok"}) as robot:
        WebhookEndpoint.objects.create(name="党建群", kind="dingtalk", url=robot.url, secret="SECabc")
        with django_capture_on_commit_callbacks(execute=True):
            assert broadcast(title="每日一学", body="今日学习卡已推送", url="https://kjw.example/study") == 1
    message = robot.received[0]
    assert message["json"]["msgtype"] == "markdown"
    assert "每日一学" in message["json"]["markdown"]["text"]
    query = parse_qs(urlparse(message["path"]).query)
    assert query["access_token"] == ["abc"] and "sign" in query and "timestamp" in query
    assert Delivery.objects.get().status == "sent"


def test_wecom_robot_gets_its_own_format(db, django_capture_on_commit_callbacks):
    with RobotServer({"errcode": 0}) as robot:
        WebhookEndpoint.objects.create(name="督办群", kind="wecom", url=robot.url)
        with django_capture_on_commit_callbacks(execute=True):
            broadcast(title="督办提醒", body="3项任务即将到期")
    assert robot.received[0]["json"] == {
        "msgtype": "markdown",
        "markdown": {"content": "### 督办提醒\n\n3项任务即将到期"},
    }


def test_robot_error_is_recorded_on_the_delivery(db, django_capture_on_commit_callbacks):
    with RobotServer({"errcode": 310000, "errmsg": "sign not match"}) as robot:
        WebhookEndpoint.objects.create(name="x", kind="dingtalk", url=robot.url, secret="s")
        with django_capture_on_commit_callbacks(execute=True):
            broadcast(title="t")
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "310000" in delivery.error


def test_dingtalk_signature_matches_the_documented_algorithm():
    url = dingtalk_signed_url("https://oapi.example/robot/send?access_token=x", "SEC000", now_ms=1700000000000)
    assert "timestamp=1700000000000" in url
    assert "sign=" in url


def test_inbox_shows_only_my_notifications_and_marks_them_read(applicant, expert, login):
    mine = notify(recipients=[applicant], title="给申报人", email=False)[0]
    theirs = notify(recipients=[expert], title="给专家", email=False)[0]
    client = login(applicant)
    page = client.get("/notifications/").content.decode()
    assert "给申报人" in page and "给专家" not in page
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    client.post(f"/notifications/{mine.pk}/open/")
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_unread_count_shows_in_the_page_shell(applicant, login):
    notify(recipients=[applicant], title="一", email=False)
    notify(recipients=[applicant], title="二", email=False)
    page = login(applicant).get("/").content.decode()
    assert 'data-testid="unread-count">2<' in page


def test_system_admin_adds_a_robot_and_sends_a_test_message(sysadmin, login, django_capture_on_commit_callbacks):
    from audit.models import AuditEvent

    client = login(sysadmin)
    with RobotServer({"errcode": 0}) as robot:
        client.post("/notifications/robots/", {"name": "科技厅工作群", "kind": "wecom", "url": robot.url})
        endpoint = WebhookEndpoint.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/notifications/robots/{endpoint.pk}/", {"action": "test"})
    assert len(robot.received) == 1
    assert "sent" in client.get("/notifications/robots/").content.decode()
    assert AuditEvent.objects.filter(action="webhook.create").exists()


def test_robot_url_and_secret_are_encrypted_at_rest(db):
    from django.db import connection

    WebhookEndpoint.objects.create(
        name="x", kind="dingtalk", url="https://oapi.example/robot?access_token=TOPSECRET", secret="SECxyz"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT url, secret FROM notifications_webhookendpoint")
        url, secret = cursor.fetchone()
    assert "TOPSECRET" not in url and "SECxyz" not in secret


def test_only_the_system_admin_manages_robots(officer, login):
    assert login(officer).get("/notifications/robots/").status_code == 403
