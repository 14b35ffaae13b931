"""Pages of the labour app, one module a topic; each has `urlpatterns` and may have `ready()`
(its menu entries, dashboard cards, to-dos, job work and figure providers)."""

from labor.views import (
    attendance,
    matching,
    organizations,
    rosters,
    surveys,
    training,
    workers,
)

TOPICS = (workers, rosters, attendance, surveys, training, organizations, matching)
