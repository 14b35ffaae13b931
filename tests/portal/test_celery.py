"""A real task through a real worker on the real Redis broker."""

import pytest
from celery.contrib.django.task import DjangoTask

from portal.celery import app
from portal.tasks import ping

pytestmark = pytest.mark.celery_worker


def test_task_round_trip_through_worker_and_redis(redis_worker):
    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay("你好")
    answer = result.get(timeout=20)
    assert answer["echo"] == "你好"
    assert answer["database"] == 1
    assert result.status == "SUCCESS"


def test_celery_is_configured_for_json_and_time_limits():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit == 30 * 60
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert isinstance(ping, DjangoTask)
