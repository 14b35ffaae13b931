"""How far a background job is, shared by the web and the workers through the cache.

Not kept in the database: a job that writes in one transaction would not show its progress to
other connections until it commits. The key is the job's UUID token.
"""

from collections.abc import Callable

from django.core.cache import cache

TTL = 3600

# progress(done, total, phase="") — phase is a verb shown as "正在{phase}：第 done / total 行"
Progress = Callable[..., None]


def reporter(key: str) -> Progress:
    def report(done: int, total: int, phase: str = "") -> None:
        percent = round(done * 100 / total) if total else 0
        cache.set(key, {"phase": phase, "done": done, "total": total, "percent": percent}, TTL)

    return report


def read(key: str) -> dict | None:
    """{"phase", "done", "total", "percent"} while the job runs; None when unknown."""
    return cache.get(key)


def clear(key: str) -> None:
    cache.delete(key)
