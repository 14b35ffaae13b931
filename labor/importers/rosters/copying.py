"""Inserting an upload's thousands of new rows at once: PostgreSQL's COPY, fed the values the
model's fields would save (personal numbers encrypted by `portal.pii`, choices as their
values, `auto_now` stamps), without a model instance and Django's per-field preparation a
row. Another database gets `bulk_create`. Nothing here checks anything: the importer has
checked every row before."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

from portal.pii import EncryptedTextField, fernet

BATCH = 1000
# Values the database adapter takes as they are (exact types: a subclass goes through the
# field's own preparation).
PLAIN = frozenset({str, int, bool, datetime.date, Decimal, type(None)})


def copy_insert(
    model: type[models.Model], records: Sequence[dict], *, with_ids: bool = False
) -> list[int]:
    """Insert one row per record (a dict of the fields' attnames, e.g. `worker_id`; a field
    left out takes its default) in one COPY; with `with_ids`, the new primary keys in the
    order of `records` (reserved from the table's sequence first, one query)."""
    if not records:
        return []
    if connection.vendor != "postgresql":
        return _bulk_create(model, records, with_ids=with_ids)
    meta = model._meta
    ids = _reserve_ids(model, len(records)) if with_ids else []
    fields = [field for field in meta.concrete_fields if with_ids or not field.primary_key]
    converters = [_converter(field, timezone.now()) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    position = [index for index, field in enumerate(fields) if field.primary_key]
    # Through Django's error wrapper: a constraint the COPY breaks is an IntegrityError, as
    # from bulk_create.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        for number, record in enumerate(records):
            row = [convert(record) for convert in converters]
            if position:
                row[position[0]] = ids[number]
            copy.write_row(row)
    return ids


def _converter(field: models.Field, now: datetime.datetime):
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda record: now
    if isinstance(field, EncryptedTextField):
        encrypter = fernet()

        def encrypted(record):
            value = record.get(attname, "")
            if value is None or value == "":
                return value
            return encrypter.encrypt(str(value).encode()).decode()

        return encrypted
    default = field.get_default()

    def plain(record):
        value = record.get(attname, default)
        if type(value) in PLAIN:
            return value
        if isinstance(value, enum.Enum):
            value = value.value
        return field.get_db_prep_save(value, connection)

    return plain


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(meta.db_table), meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _bulk_create(model: type[models.Model], records: Sequence[dict], *, with_ids: bool):
    names = {field.attname for field in model._meta.concrete_fields}
    objects = [
        model(**{key: value for key, value in record.items() if key in names}) for record in records
    ]
    model.objects.bulk_create(objects, batch_size=BATCH)
    return [obj.pk for obj in objects] if with_ids else []
