"""Re-encrypt every encrypted column with the newest key of PII_ENCRYPTION_KEYS.

After a rotation (a new key put first, the old ones kept behind it) run this, then drop the old
keys: every row is rewritten with the newest key, in batches, each batch in one transaction.
The plain values never leave the process: `MultiFernet.rotate` works token by token.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.pii import EncryptedTextField, reencrypt

BATCH = 1000


class Command(BaseCommand):
    help = "用最新的个人信息加密密钥重新加密所有加密字段（轮换密钥后运行）。"

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            columns = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not columns:
                continue
            count = self._model(model, columns)
            total += count
            self.stdout.write(f"{model._meta.verbose_name}：重新加密 {count} 条记录")
        self.stdout.write(self.style.SUCCESS(f"完成：共重新加密 {total} 条记录。"))

    def _model(self, model, columns) -> int:
        """Rewrite the raw tokens (read past from_db_value, so nothing is decrypted into
        model instances) with `reencrypt`; one UPDATE per row, batched per transaction."""
        table = model._meta.db_table
        names = [column.column for column in columns]
        pk = model._meta.pk.column
        last, count = None, 0
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f"WHERE {quote(pk)} > %s " if last is not None else ""
                cursor.execute(
                    f"SELECT {quote(pk)}, {', '.join(map(quote, names))} FROM {quote(table)} "  # noqa: S608
                    f"{where}ORDER BY {quote(pk)} LIMIT {BATCH}{lock}",
                    [last] if last is not None else [],
                )
                rows = cursor.fetchall()
                if not rows:
                    return count
                assignments = ", ".join(f"{quote(name)} = %s" for name in names)
                cursor.executemany(
                    f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s",  # noqa: S608
                    [
                        [reencrypt(value) if value else value for value in row[1:]] + [row[0]]
                        for row in rows
                    ],
                )
                last = rows[-1][0]
                count += len(rows)
