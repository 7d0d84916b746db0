"""Message formats for group-chat robots (DingTalk, WeCom) and the HTTP post that sends them."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from notifications.models import WebhookEndpoint, WebhookKind


def dingtalk_signed_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """DingTalk's signature: HMAC-SHA256 of "timestamp\\nsecret", base64, URL-encoded."""
    if not secret:
        return url
    timestamp = str(now_ms or int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def payload(kind: str, title: str, body: str, link: str = "") -> dict:
    text = f"### {title}\n\n{body}" + (f"\n\n[查看详情]({link})" if link else "")
    if kind == WebhookKind.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def post(endpoint: WebhookEndpoint, title: str, body: str, link: str = "", timeout: float = 10) -> None:
    """Send one message; raises on a transport error or a robot's non-zero error code."""
    url = endpoint.url
    if not url.startswith(("https://", "http://")):
        raise ValueError("webhook URL must be http(s)")
    if endpoint.kind == WebhookKind.DINGTALK:
        url = dingtalk_signed_url(url, endpoint.secret)
    data = json.dumps(payload(endpoint.kind, title, body, link), ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
        answer = json.loads(response.read() or b"{}")
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"robot answered errcode={answer.get('errcode')}: {answer.get('errmsg', '')}"[:300])
