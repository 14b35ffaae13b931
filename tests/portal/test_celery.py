"""The Celery app (portal/celery.py): a real task through a real worker on the real Redis
broker, time limits on every task, and JSON only on the wire."""

import pytest
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import ContentDisallowed
from kombu.serialization import dumps, loads, prepare_accept_content

from portal.celery import app
from portal.tasks import ping


@pytest.mark.celery_worker
def test_task_round_trip_through_worker_and_redis(redis_worker):
    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay("你好")
    answer = result.get(timeout=20)
    assert answer["echo"] == "你好"
    assert answer["database"] == 1
    assert result.status == "SUCCESS"


def test_every_task_of_ours_is_stopped_softly_before_it_is_killed():
    ours = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert ping.name in {task.name for task in ours}
    for task in ours:
        assert isinstance(task, DjangoTask), task.name
        hard = task.time_limit or app.conf.task_time_limit
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert hard, f"{task.name} 没有时限"
        assert soft, f"{task.name} 没有软时限"
        assert soft < hard, f"{task.name} 的软时限应早于硬时限"


def test_the_worker_refuses_pickled_messages():
    """Only JSON is accepted: a pickled payload would run code chosen by whoever can write to
    the broker."""
    accept = prepare_accept_content(app.conf.accept_content)
    content_type, encoding, body = dumps({"echo": "你好"}, serializer="pickle")
    with pytest.raises(ContentDisallowed):
        loads(body, content_type, encoding, accept=accept)
    content_type, encoding, body = dumps({"echo": "你好"}, serializer="json")
    assert loads(body, content_type, encoding, accept=accept) == {"echo": "你好"}
