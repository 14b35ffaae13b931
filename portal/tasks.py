"""Celery tasks of the shell: a health round trip, and the one task of every background job
(`portal.jobs.run_job`, imported here so that the worker's autodiscovery registers it)."""

import socket

from celery import shared_task
from django.db import connection

from portal.jobs import run_job

__all__ = ["ping", "run_job"]


@shared_task(name="portal.ping", time_limit=30, soft_time_limit=20)
def ping(payload: str) -> dict:
    """A round trip through broker, worker and database, used by health checks and tests."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (database_answer,) = cursor.fetchone()
    return {"echo": payload, "worker": socket.gethostname(), "database": database_answer}
