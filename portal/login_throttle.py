"""Login throttling with django-axes (settings: AXES_*, LOGIN_CLIENT_IP_HEADER).

After `AXES_FAILURE_LIMIT` wrong passwords for one user name from one address, that pair is
refused for `AXES_COOLOFF_TIME`, counted from its last try; the user is told in Chinese until
when. An administrator lifts a lockout in the admin (Axes › Access attempts) or with
`manage.py axes_reset_username NAME`.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, first in AUTHENTICATION_BACKENDS: refuses a locked-out user and address
    before any password is checked.

    An authentication without a request (`manage.py shell`, the test client's `login()`) has
    no address to throttle and no login page to answer: it passes through untouched, where
    axes would raise. Every login page and the admin's pass the request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a failure is counted against. Behind the reverse proxy, REMOTE_ADDR is the
    proxy's for everyone; the proxy puts the client's in LOGIN_CLIENT_IP_HEADER. Of a
    comma-separated list (X-Forwarded-For) the last entry is the one our proxy added: the ones
    before it come from the client and could be forged."""
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        address = value.rsplit(",", 1)[-1].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page a locked-out user sees instead of the login form: why, and until when."""
    cool_off = get_cool_off(request)
    attempted_at = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "username": get_client_username(request, credentials),
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        "until": attempted_at + cool_off if cool_off else None,
        "login_url": request.path,
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
