"""Encryption at rest, the blind index, masking, re-encryption after a key rotation, and the
start-up checks of the keys."""

import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from labor.models import Worker
from portal import pii
from tests.labor.factories import labor_world


def raw_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM labor_worker")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


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
