"""What every benchmark starts with: the repository on the import path, production settings
(DEBUG off) on its own PostgreSQL database, and that database created on first use.

    from bench_setup import configure, ensure_database
    configure("portal_bench_x")          # before Django is imported
    ensure_database("portal_bench_x")    # then django.setup()
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure(database: str, **extra: str) -> None:
    """The environment of a production run against `database`; `extra` adds or overrides."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-secret-key-not-for-production-0123456789abcdefghijklmnop",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="*",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        CELERY_TASK_ALWAYS_EAGER="1",
        DJANGO_FAST_PASSWORD_HASHER="1",  # noqa: S106
        PII_ENCRYPTION_KEYS="YoFXhD-X-yer2CxpDhnOcyJ7xYczn5jcOpJXaHrwj3M=",
        PII_INDEX_KEY="bench-pii-index-key-not-for-production-0123456789abcdef",
        **extra,
    )


def ensure_database(database: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if db.execute(query, [database]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{database}"')
