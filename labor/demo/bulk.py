"""Bulk writing for the demo's volumes (thousands of workers, engagements and months of
attendance): the rows are built in memory, the existing ones read in one query by their
natural key, and only the missing ones inserted, in batches. Personal numbers still go
through `EncryptedTextField.get_prep_value` (bulk_create prepares every value with
`get_db_prep_save`), so no plain number reaches a column."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from django.db import models

from portal.demo import SeedLog

BATCH = 1000


def create_missing(
    model: type[models.Model],
    log: SeedLog,
    rows: Iterable[models.Model],
    existing: set[Hashable],
    key: Callable[[models.Model], Hashable],
) -> int:
    """Insert the rows whose key is not in `existing`; count them as created."""
    missing, seen = [], set(existing)
    for row in rows:
        row_key = key(row)
        if row_key in seen:
            continue
        seen.add(row_key)
        missing.append(row)
    model.objects.bulk_create(missing, batch_size=BATCH)
    log.created += len(missing)
    return len(missing)
