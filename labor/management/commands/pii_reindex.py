"""Recompute every blind index after a rotation of PII_INDEX_KEY.

A blind index (`portal.pii.blind_index`) is the keyed HMAC of a number: with a new index key
every stored index is stale and no lookup finds anybody. This reads the numbers (decrypted,
in batches), computes their new indexes, refuses when two rows would then collide where the
database wants one (one worker per person, one response per person and survey), and writes
every changed index in one transaction — all or nothing.

Every model with an encrypted field `X` and a field `X_index` beside it is covered (the
worker registry and the townships' survey responses today).
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from portal.pii import EncryptedTextField, blind_index

BATCH = 1000


def indexed_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """(encrypted field, its index field) of `model`."""
    names = {field.name for field in model._meta.concrete_fields}
    return [
        (field.name, f"{field.name}_index")
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField) and f"{field.name}_index" in names
    ]


def unique_together_with(model: type[models.Model], index: str) -> list[tuple[str, ...]]:
    """The other fields with which `index` must be unique: () when it is unique alone."""
    groups: list[tuple[str, ...]] = []
    if model._meta.get_field(index).unique:
        groups.append(())
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        unique = isinstance(constraint, models.UniqueConstraint) and constraint.condition is None
        if unique and index in fields:
            groups.append(tuple(name for name in fields if name != index))
    return groups


class Command(BaseCommand):
    help = "按当前的 PII_INDEX_KEY 重新计算所有身份证号等的检索索引（轮换索引密钥后运行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="只检查并报告需要更新的条数，不写入。"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        total = 0
        # Read and write in one transaction: a worker registered meanwhile (with the new key)
        # is either read here or written after.
        with transaction.atomic():
            plans = [
                (model, index, self._plan(model, source, index))
                for model in apps.get_models()
                for source, index in indexed_fields(model)
            ]
            for model, index, changed in plans:
                if not dry_run:
                    model.objects.bulk_update(
                        [model(pk=pk, **{index: value}) for pk, value in changed.items()],
                        [index],
                        batch_size=BATCH,
                    )
                total += len(changed)
                verb = "需要更新" if dry_run else "已更新"
                self.stdout.write(f"{model._meta.verbose_name}：{verb} {len(changed)} 条索引")
        verb = "需要更新" if dry_run else "完成：共更新"
        self.stdout.write(self.style.SUCCESS(f"{verb} {total} 条索引。"))

    def _plan(self, model, source: str, index: str) -> dict[int, str]:
        """{pk: new index} of the rows whose index is stale; CommandError (nothing written)
        when two rows would share an index the database keeps unique."""
        groups = unique_together_with(model, index)
        others = sorted({name for group in groups for name in group})
        columns = ["pk", source, index, *others]
        seen: list[dict[tuple, int]] = [{} for _ in groups]
        changed: dict[int, str] = {}
        last = None
        while True:
            rows = model.objects.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows.values_list(*columns)[:BATCH])
            if not batch:
                return changed
            for pk, value, old, *rest in batch:
                new = blind_index(value) if value else old
                if new != old:
                    changed[pk] = new
                values = dict(zip(others, rest, strict=True))
                for group, keys in zip(groups, seen, strict=True):
                    key = (new, *(values[name] for name in group))
                    if key in keys:
                        raise CommandError(
                            f"{model._meta.verbose_name}第 {keys[key]} 条和第 {pk} 条的"
                            f"{model._meta.get_field(source).verbose_name}相同，"
                            "重新计算索引后会冲突。请先合并或更正这两条记录；未做任何修改。"
                        )
                    keys[key] = pk
            last = batch[-1][0]
