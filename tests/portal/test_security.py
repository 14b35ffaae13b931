"""The security review of issue 8: login throttling (item 14), the Content-Security-Policy
(item 15) and the reverse proxy that limits request sizes before the application (item 17).
Checkpoint documents (item 13) are in tests/projects/test_checkpoint_documents.py."""

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import Role, User
from projects.forms.lifecycle import MAX_DOCUMENT_SIZE
from tests.portal.factories import TEST_PASSWORD, member

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
HOME = "10.1.1.1"  # the address the tests log in from


def attempt(client, username, password, address=HOME, path=LOGIN, **headers):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, headers=headers
    )


def logged_in(client) -> bool:
    return client.get(reverse("portal:dashboard")).status_code == 200


def lock_out(client, username, address=HOME, **headers):
    """Fail as often as the limit allows; the last failure answers with the lockout page."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, username, "wrong-password", address, **headers)
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode()
    return attempt(client, username, "wrong-password", address, **headers)


# --- item 14: login throttling --------------------------------------------------------------


def test_the_limit_is_five_failures_and_fifteen_minutes_by_user_and_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_repeated_wrong_passwords_lock_out_even_the_right_one_and_say_until_when(
    client, office_editor
):
    response = lock_out(client, office_editor.username)

    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page
    assert f"账号「{office_editor.username}」在本机连续 5 次密码错误" in page
    assert "约 15 分钟后" in page
    last_try = AccessAttempt.objects.get(username=office_editor.username).attempt_time
    until = timezone.localtime(last_try + datetime.timedelta(minutes=15))
    assert re.search(r'data-testid="locked-until">([^<]+)<', page).group(1) == (
        f"{until.month}月{until.day}日 {until:%H:%M}"
    )

    response = attempt(client, office_editor.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert not logged_in(client)


def test_the_lockout_holds_for_that_user_from_that_address_only(client, home, office_editor):
    other = member(home["office"], Role.VIEWER)
    lock_out(client, office_editor.username)

    assert attempt(client, other.username, TEST_PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, office_editor.username, TEST_PASSWORD, "10.2.2.2").status_code == 302
    assert logged_in(client)


def test_a_successful_login_forgets_the_earlier_failures(client, office_editor):
    for _ in range(4):
        attempt(client, office_editor.username, "wrong-password")
    assert attempt(client, office_editor.username, TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, office_editor.username, "wrong-password").status_code == 200
    assert attempt(client, office_editor.username, TEST_PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, office_editor):
    lock_out(client, office_editor.username)
    sixteen_minutes_ago = timezone.now() - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)

    assert attempt(client, office_editor.username, TEST_PASSWORD).status_code == 302
    assert logged_in(client)


def test_an_administrator_lifts_a_lockout_in_the_admin(client, office_editor):
    lock_out(client, office_editor.username)
    admin = User.objects.create_superuser("root-admin", password=TEST_PASSWORD)
    client.force_login(admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert office_editor.username in client.get(changelist).content.decode()

    row = AccessAttempt.objects.get(username=office_editor.username)
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert response.status_code == 302
    client.logout()

    assert attempt(client, office_editor.username, TEST_PASSWORD).status_code == 302
    assert logged_in(client)


def test_an_administrator_lifts_a_lockout_with_a_command(client, office_editor):
    lock_out(client, office_editor.username)
    call_command("axes_reset_username", office_editor.username, stdout=io.StringIO())

    assert attempt(client, office_editor.username, TEST_PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, office_editor):
    response = lock_out(client, office_editor.username, path="/admin/login/")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert 'href="/admin/login/"' in response.content.decode()


def test_behind_the_proxy_the_address_comes_from_its_header(client, settings, office_editor):
    """All requests reach gunicorn from nginx's address; nginx names the client in X-Real-IP."""
    settings.LOGIN_CLIENT_IP_HEADER = "X-Real-IP"
    proxy = "172.18.0.5"
    locked = lock_out(client, office_editor.username, proxy, x_real_ip="203.0.113.7")
    assert locked.status_code == 429

    response = attempt(
        client, office_editor.username, TEST_PASSWORD, proxy, x_real_ip="203.0.113.8"
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forged_address_header_changes_nothing(client, office_editor):
    assert settings.LOGIN_CLIENT_IP_HEADER == ""
    lock_out(client, office_editor.username, x_real_ip="203.0.113.7")

    response = attempt(client, office_editor.username, TEST_PASSWORD, x_real_ip="203.0.113.8")
    assert response.status_code == 429


def test_a_login_without_a_request_is_not_throttled(client, office_editor):
    """`manage.py shell` and the test client's login() authenticate without a request."""
    assert client.login(username=office_editor.username, password=TEST_PASSWORD)
    assert not client.login(username=office_editor.username, password="wrong-password")


# --- item 15: Content-Security-Policy -----------------------------------------------------

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.django_db
def test_the_login_page_sends_the_policy(client):
    response = client.get(LOGIN)
    assert response["Content-Security-Policy"] == CSP


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organizations/",
        "/audit/",
        "/projects/",
        "/api/docs/",
        "/api/v1/",
        "/admin/",
        "/no-such-page/",
    ],
)
def test_every_kind_of_page_sends_the_policy(client, office_editor, url):
    office_editor.is_staff = office_editor.is_superuser = True
    office_editor.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(office_editor)
    response = client.get(url)
    assert response.status_code in (200, 404), response.status_code
    assert response["Content-Security-Policy"] == CSP


def test_the_lockout_page_sends_the_policy(client, office_editor):
    assert lock_out(client, office_editor.username)["Content-Security-Policy"] == CSP


def template_files():
    folders = [*settings.TEMPLATES[0]["DIRS"]]
    folders += [ROOT / app / "templates" for app in ["portal", *settings.PORTAL_APPS]]
    return sorted(path for folder in folders for path in Path(folder).rglob("*.html"))


INLINE = {
    "an inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "an event-handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def test_no_template_has_inline_script_or_style():
    """The policy refuses them, so the browser would drop them: behaviour goes into
    portal/static/portal/*.js, looks into portal.css."""
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in template_files()
        for what, pattern in INLINE.items()
        if pattern.search(COMMENTS.sub("", path.read_text(encoding="utf-8")))
    ]
    assert template_files()
    assert found == []


def test_the_api_docs_load_their_start_up_script_as_a_file(client, office_editor):
    client.force_login(office_editor)
    page = client.get("/api/docs/").content.decode()
    assert not INLINE["an inline <script>"].search(page)
    assert not INLINE["a <style> element"].search(page)
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script=[^"]*)"', page).group(1)

    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


# --- item 17: request sizes and the reverse proxy -------------------------------------------

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
NGINX_CONF = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def nginx_directives(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", NGINX_CONF, re.MULTILINE)


def test_gunicorn_is_published_on_no_port_only_nginx_is():
    services = COMPOSE["services"]
    assert "ports" not in services["web"]
    assert services["nginx"]["image"].startswith("nginx:")
    assert services["nginx"]["ports"]
    for name in ("worker", "beat", "postgres", "redis"):
        assert "ports" not in services[name], name
    assert "--bind 0.0.0.0:8000" in services["web"]["command"]
    assert "web:8000" in NGINX_CONF


def test_nginx_refuses_bodies_larger_than_any_upload_the_portal_accepts():
    (limit,) = nginx_directives("client_max_body_size")
    assert limit == "25m"
    accepted = max(MAX_DOCUMENT_SIZE, settings.EXCEL_LIMITS["max_bytes"])
    assert accepted < 25 * 1024 * 1024
    # Form fields are bounded, files are streamed to disk past 2.5 MB.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert int(2.5 * 1024 * 1024) == settings.FILE_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.django_db
def test_form_fields_past_two_megabytes_are_refused_before_any_view_reads_them(client):
    padding = "x" * (2 * 1024 * 1024 + 200 * 1024)
    response = client.post(LOGIN, {"username": "someone", "password": "p", "note": padding})
    assert response.status_code == 400


def test_nginx_serves_the_collected_static_files_and_no_media():
    services = COMPOSE["services"]
    assert "static:/app/var/static" in services["web"]["volumes"]
    assert "static:/srv/static:ro" in services["nginx"]["volumes"]
    assert "collectstatic" in services["web"]["command"]
    assert re.search(r"location /static/ \{\s*alias /srv/static/;", NGINX_CONF)
    assert "/media" not in re.sub(r"#.*", "", NGINX_CONF)


def test_nginx_passes_the_scheme_the_host_and_the_client_address():
    headers = dict(
        value.split(None, 1) for value in nginx_directives("proxy_set_header") if " " in value
    )
    assert headers["Host"] == "$http_host"  # with its port, as the browser sent it (CSRF)
    assert headers["X-Forwarded-Proto"] == "$scheme"
    assert headers["X-Real-IP"] == "$remote_addr"
    assert COMPOSE["x-portal"]["environment"]["DJANGO_CLIENT_IP_HEADER"] == "X-Real-IP"
    assert nginx_directives("proxy_read_timeout") == ["60s"]
    assert nginx_directives("client_body_timeout") == ["60s"]


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")),
    reason="nginx 或 openssl 未安装：只检查了配置文本",
)
def test_nginx_accepts_its_configuration(tmp_path):
    """`nginx -t` on a copy whose host names and paths exist on this machine, with a
    throw-away certificate."""
    certs = tmp_path / "certs"
    certs.mkdir()
    make_certificate = [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048"]
    make_certificate += ["-nodes", "-days", "1", "-subj", "/CN=portal.test"]
    make_certificate += ["-keyout", str(certs / "portal.key"), "-out", str(certs / "portal.crt")]
    subprocess.run(make_certificate, check=True, capture_output=True)  # noqa: S603
    copy = (
        NGINX_CONF.replace("server web:8000", "server 127.0.0.1:8000")
        .replace("/etc/nginx/certs/", f"{certs}/")
        .replace("/srv/static/", f"{tmp_path}/")
        .replace("/var/run/nginx.pid", f"{tmp_path}/nginx.pid")
    )
    (tmp_path / "nginx.conf").write_text(copy, encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [shutil.which("nginx"), "-t", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
