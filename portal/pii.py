"""Personal data at rest (ID numbers, bank cards, phones): encrypted with MultiFernet over
`settings.PII_ENCRYPTION_KEYS` (newest key first, so a rotation adds a key in front and
`manage.py pii_reencrypt` moves every row onto it) and found through an HMAC-SHA256 blind
index keyed by `settings.PII_INDEX_KEY`. Neither key may be SECRET_KEY: a leaked session key
must not open the registry.

The keys are checked once at start-up (`check_configuration`, from PortalConfig.ready()), so a
production server with a missing or malformed key refuses to start instead of failing on the
first worker it saves. Also the masking helpers every page, export and audit entry uses.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)


def _encryption_keys() -> list[str]:
    value = settings.PII_ENCRYPTION_KEYS
    if isinstance(value, str):
        value = value.split(",")
    return [key.strip() for key in value if key.strip()]


def check_configuration() -> None:
    """Raise ImproperlyConfigured unless both keys are present, well formed and not
    SECRET_KEY; say so in the log when the development keys are in use."""
    keys = _encryption_keys()
    index_key = settings.PII_INDEX_KEY or ""
    if getattr(settings, "PII_DEVELOPMENT_KEYS", False):
        logger.warning(
            "PII_ENCRYPTION_KEYS / PII_INDEX_KEY 未设置：调试模式下使用由固定字符串派生的开发密钥，"
            "个人信息的加密对生产环境毫无保护作用。"
        )
    if not keys:
        raise ImproperlyConfigured(
            "PII_ENCRYPTION_KEYS must be set (comma-separated Fernet keys, newest first)."
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"PII_ENCRYPTION_KEYS: key {position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes; make one with Fernet.generate_key())."
            ) from error
        if key == settings.SECRET_KEY:
            raise ImproperlyConfigured("PII_ENCRYPTION_KEYS must not contain SECRET_KEY.")
    if len(index_key) < 32:
        raise ImproperlyConfigured("PII_INDEX_KEY must be set, at least 32 characters long.")
    if index_key == settings.SECRET_KEY or index_key in keys:
        raise ImproperlyConfigured(
            "PII_INDEX_KEY must differ from SECRET_KEY and from the encryption keys."
        )


@cache
def _fernet(setting: str | tuple[str, ...]) -> MultiFernet:
    keys = setting.split(",") if isinstance(setting, str) else setting
    return MultiFernet([Fernet(key.strip()) for key in keys if key.strip()])


def fernet() -> MultiFernet:
    """The MultiFernet of the keys in force, built once per value of the setting (so tests
    may rotate) and not once per value encrypted."""
    setting = settings.PII_ENCRYPTION_KEYS
    return _fernet(setting if isinstance(setting, str) else tuple(setting))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text of `token`; InvalidToken when no configured key opens it."""
    return fernet().decrypt(token.encode()).decode()


def reencrypt(token: str) -> str:
    """`token` encrypted again with the newest key (MultiFernet.rotate)."""
    return fernet().rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    """The keyed HMAC-SHA256 of a normalised value: equal values give equal indexes, and the
    index tells nothing without PII_INDEX_KEY."""
    digest = _index_hmac(settings.PII_INDEX_KEY).copy()
    digest.update(value.encode())
    return digest.hexdigest()


@cache
def _index_hmac(key: str) -> hmac.HMAC:
    """The HMAC keyed by `key` before any message: copied per value, the key is prepared once."""
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


class EncryptedTextField(models.TextField):
    """A text column that holds only the Fernet token of its value; the model attribute is
    the plain text. It cannot be filtered on: look a value up by its blind index."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)


# --- masking: what pages, exports, the API, the audit log and the logs show -----------------


def mask_id_number(value: str) -> str:
    """1402**********123X: the first four (the province and city) and the last four."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_bank_card(value: str) -> str:
    """6217 **** **** 1234: the bank's first four and the last four."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]} **** **** {value[-4:]}"


def mask_phone(value: str) -> str:
    """138****1234."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"
