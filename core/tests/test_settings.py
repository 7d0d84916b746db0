"""Production configuration comes from the environment and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "prod-" + "x9Kq2" * 12,
    "ALLOWED_HOSTS": "kjw.example.gov.cn",
    "DATABASE_URL": "postgres://kjw:secret@127.0.0.1:5432/kejiwang",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.gov.cn",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    test_only = {
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_SETTINGS_MODULE",
        "SECURE_COOKIES",
        "SECURE_SSL_REDIRECT",
        "OTP_REQUIRED",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kejiwang.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_refuses_to_start_without_a_secret_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("file-" + "Zq81" * 15)
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(secret_file)}
    assert manage("check", "--deploy", "--fail-level", "WARNING", env=env).returncode == 0


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"])
def test_production_cookies_are_secure(name):
    code = f"from django.conf import settings; print(settings.{name})"
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().endswith("True"), result.stderr


def test_static_files_collect_under_the_production_storage(tmp_path):
    """The manifest storage rewrites every reference; a vendored file naming a missing one fails the deploy."""
    env = PRODUCTION_ENV | {"KEJIWANG_VAR_DIR": str(tmp_path)}
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
