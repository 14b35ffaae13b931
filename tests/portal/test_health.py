import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import override_settings

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL=REDIS_URL)
def test_healthz_is_ok_with_database_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_names_the_broker_when_it_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"].startswith("down")


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL=REDIS_URL)
def test_healthz_names_the_database_when_it_is_down(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "down: OperationalError",
        "broker": "ok",
    }


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_healthz_reports_eager_mode_without_a_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "eager"
