"""GET /healthz: database and broker status as JSON, for load balancers and operators."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.celery import app as celery_app


def check_database() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return f"down: {type(error).__name__}"
    return "ok"


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"  # no broker configured: the demo runs tasks in the request
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception as error:
        return f"down: {type(error).__name__}"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(value in {"ok", "eager"} for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
