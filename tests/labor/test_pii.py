"""Encryption at rest, the blind index, masking, re-encryption after a key rotation, and the
start-up checks of the keys."""

import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from labor import services
from labor.models import SurveyResponse, Worker
from portal import pii
from portal.models import Role
from portal.scope import Scope
from tests.labor.factories import id_number, labor_world, luhn_card, register
from tests.labor.factories_workers import survey_response, township_survey
from tests.portal.factories import member


def raw_rows(table: str = "labor_worker"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def encrypted_tables() -> set[str]:
    """Every table with an encrypted column."""
    from django.apps import apps

    return {
        model._meta.db_table
        for model in apps.get_models()
        if any(isinstance(f, pii.EncryptedTextField) for f in model._meta.concrete_fields)
    }


def register_everywhere(home) -> list[str]:
    """A worker registered by the office and updated, and a person recorded by the township's
    survey, all through the services; their plain numbers."""
    office = Scope.for_user(member(home["office"], Role.EDITOR))
    number, card, phone = id_number(), luhn_card("621700005555444"), "13655556666"
    worker = register(office, id_number=number, name="钱七", phone="13911112222")
    services.worker_update(scope=office, worker=worker, data={"bank_card": card, "phone": phone})
    surveyed, surveyed_phone = id_number(), "13577778888"
    services.survey_response_save(
        scope=Scope.for_user(member(home["township"], Role.EDITOR)),
        survey=township_survey(home),
        id_number=surveyed,
        name="孙八",
        phone=surveyed_phone,
    )
    return [number, card, phone, "13911112222", surveyed, surveyed_phone]


@pytest.mark.django_db
def test_no_plain_number_is_in_any_column(home):
    worker = labor_world(home)["worker"]
    fresh = Worker.objects.get(pk=worker.pk)
    rows = raw_rows()
    assert len(rows) == 1
    for number in (fresh.id_number, fresh.bank_card, fresh.phone):
        assert len(number) >= 11
        assert number not in rows[0]
        assert number[-8:] not in rows[0]
    assert fresh.id_number_index == pii.blind_index(fresh.id_number)


@pytest.mark.django_db
def test_no_table_with_an_encrypted_field_holds_a_plain_number(home):
    numbers = register_everywhere(home)
    assert SurveyResponse.objects.count() == 1
    tables = encrypted_tables()
    assert {"labor_worker", "labor_surveyresponse"} <= tables
    for table in tables:
        text = "\n".join(raw_rows(table))
        for number in numbers:
            assert number not in text, table
            assert number[-8:] not in text, table
    response = SurveyResponse.objects.get()
    assert response.id_number_index == pii.blind_index(response.id_number)
    assert response.phone == "13577778888"


@pytest.mark.django_db
def test_the_log_holds_no_plain_number(home, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        numbers = register_everywhere(home)
    text = caplog.text + " ".join(str(record.args) for record in caplog.records)
    for number in numbers:
        assert number not in text


def test_masks():
    assert pii.mask_id_number("14021419900101123X") == "1402**********123X"
    assert pii.mask_bank_card("6217000012341234") == "6217 **** **** 1234"
    assert pii.mask_phone("13812341234") == "138****1234"
    assert pii.mask_id_number("") == ""


def test_the_blind_index_is_keyed(settings):
    first = pii.blind_index("14021419900101123X")
    settings.PII_INDEX_KEY = "another-index-key-of-enough-length-0123456789"
    assert pii.blind_index("14021419900101123X") != first


@pytest.mark.django_db
def test_reencrypt_after_a_rotation_moves_every_row_to_the_new_key(home, settings):
    worker = labor_world(home)["worker"]
    plain = (worker.id_number, worker.bank_card, worker.phone)
    old_key = settings.PII_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    call_command("pii_reencrypt", stdout=out)
    assert "共重新加密 1 条记录" in out.getvalue()
    settings.PII_ENCRYPTION_KEYS = [new_key]  # the old key removed
    fresh = Worker.objects.get(pk=worker.pk)
    assert (fresh.id_number, fresh.bank_card, fresh.phone) == plain
    settings.PII_ENCRYPTION_KEYS = [old_key]  # and the old key opens nothing any more
    with pytest.raises(InvalidToken):
        Worker.objects.get(pk=worker.pk)


@pytest.mark.parametrize(
    ("keys", "index", "message"),
    [
        ([], "i" * 40, "PII_ENCRYPTION_KEYS must be set"),
        (["not-a-key"], "i" * 40, "not a Fernet key"),
        ([Fernet.generate_key().decode()], "", "PII_INDEX_KEY must be set"),
        ([Fernet.generate_key().decode()], "SECRET", "must differ from SECRET_KEY"),
    ],
)
def test_a_missing_or_wrong_key_is_refused(settings, keys, index, message):
    settings.PII_DEVELOPMENT_KEYS = False
    settings.SECRET_KEY = "s" * 50
    settings.PII_ENCRYPTION_KEYS = keys
    settings.PII_INDEX_KEY = settings.SECRET_KEY if index == "SECRET" else index
    with pytest.raises(ImproperlyConfigured, match=message):
        pii.check_configuration()


def test_the_secret_key_is_no_encryption_key(settings):
    key = Fernet.generate_key().decode()
    settings.SECRET_KEY = key
    settings.PII_ENCRYPTION_KEYS = [key]
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        pii.check_configuration()


def manage_check(**environ):
    env = {**os.environ, **environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_start_up_fails_without_keys_when_debug_is_off():
    result = manage_check(DJANGO_DEBUG="0", PII_ENCRYPTION_KEYS="", PII_INDEX_KEY="")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PII_ENCRYPTION_KEYS" in result.stderr


def test_start_up_fails_with_a_malformed_key():
    result = manage_check(DJANGO_DEBUG="0", PII_ENCRYPTION_KEYS="short")
    assert result.returncode != 0
    assert "not a Fernet key" in result.stderr


def test_debug_without_keys_uses_development_keys_and_says_so():
    result = manage_check(DJANGO_DEBUG="1", PII_ENCRYPTION_KEYS="", PII_INDEX_KEY="")
    assert result.returncode == 0, result.stderr
    assert "开发密钥" in result.stderr


@pytest.mark.django_db
def test_reencrypt_covers_the_survey_responses(home, settings):
    response = survey_response(home, phone="13500001234")
    plain = (response.id_number, response.phone)
    old_key = settings.PII_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    call_command("pii_reencrypt", stdout=out)
    assert "摸底调查登记：重新加密 1 条记录" in out.getvalue()
    settings.PII_ENCRYPTION_KEYS = [new_key]
    fresh = SurveyResponse.objects.get(pk=response.pk)
    assert (fresh.id_number, fresh.phone) == plain


# --- pii_reindex: the blind indexes after a rotation of PII_INDEX_KEY --------------------------


NEW_INDEX_KEY = "a-new-pii-index-key-after-rotation-0123456789abcdef"


@pytest.mark.django_db
def test_reindex_after_a_rotation_finds_everybody_again(home, office_scope, settings):
    worker = labor_world(home)["worker"]
    response = survey_response(home, worker.id_number, worker=worker)
    other = survey_response(home)
    settings.PII_INDEX_KEY = NEW_INDEX_KEY
    # with the new key nobody is found: the same person could be registered twice
    assert not Worker.objects.filter(id_number_index=pii.blind_index(worker.id_number)).exists()
    out = io.StringIO()
    call_command("pii_reindex", stdout=out)
    assert "务工人员：已更新 1 条索引" in out.getvalue()
    assert "摸底调查登记：已更新 2 条索引" in out.getvalue()
    assert "完成：共更新 3 条索引" in out.getvalue()
    for row in (Worker.objects.get(pk=worker.pk), *SurveyResponse.objects.all()):
        assert row.id_number_index == pii.blind_index(row.id_number)
    with pytest.raises(ValidationError, match="已经登记过"):
        register(office_scope, id_number=worker.id_number)
    # a registration finds the survey's person by the new index
    joined = register(office_scope, id_number=other.id_number)
    assert SurveyResponse.objects.get(pk=other.pk).worker == joined
    assert SurveyResponse.objects.get(pk=response.pk).worker == worker
    # run again: nothing left to change
    out = io.StringIO()
    call_command("pii_reindex", stdout=out)
    assert "完成：共更新 0 条索引" in out.getvalue()


@pytest.mark.django_db
def test_reindex_dry_run_writes_nothing(home, settings):
    worker = labor_world(home)["worker"]
    old = worker.id_number_index
    settings.PII_INDEX_KEY = NEW_INDEX_KEY
    out = io.StringIO()
    call_command("pii_reindex", "--dry-run", stdout=out)
    assert "务工人员：需要更新 1 条索引" in out.getvalue()
    assert Worker.objects.get(pk=worker.pk).id_number_index == old


@pytest.mark.django_db
def test_reindex_refuses_two_rows_that_would_collide_and_writes_nothing(
    home, office_scope, settings
):
    first = labor_world(home)["worker"]
    second = register(office_scope, name="重复")
    response = survey_response(home)
    # the same number under two records (a repair gone wrong): both would get one index
    Worker.objects.filter(pk=second.pk).update(id_number=first.id_number)
    before = dict(Worker.objects.values_list("pk", "id_number_index"))
    settings.PII_INDEX_KEY = NEW_INDEX_KEY
    with pytest.raises(CommandError, match=f"务工人员第 {first.pk} 条和第 {second.pk} 条"):
        call_command("pii_reindex", stdout=io.StringIO())
    assert dict(Worker.objects.values_list("pk", "id_number_index")) == before
    old_key_index = SurveyResponse.objects.get(pk=response.pk).id_number_index
    assert old_key_index != pii.blind_index(response.id_number)  # untouched too
