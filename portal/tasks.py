import socket

from celery import shared_task
from django.db import connection


@shared_task(name="portal.ping", time_limit=30, soft_time_limit=20)
def ping(payload: str) -> dict:
    """A round trip through broker, worker and database, used by health checks and tests."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (database_answer,) = cursor.fetchone()
    return {"echo": payload, "worker": socket.gethostname(), "database": database_answer}
