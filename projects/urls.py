"""Routes of the projects app: each topic module of `projects.views` brings its own list."""

from projects.views import (
    action_items,
    annual_lists,
    archives,
    directory,
    leading_group,
    meetings,
    plans,
    prereviews,
    projects,
    proposals,
)

app_name = "projects"

urlpatterns = [
    *projects.urlpatterns,
    *plans.urlpatterns,
    *annual_lists.urlpatterns,
    *directory.urlpatterns,
    *meetings.urlpatterns,
    *action_items.urlpatterns,
    *leading_group.urlpatterns,
    *archives.urlpatterns,
    *proposals.urlpatterns,
    *prereviews.urlpatterns,
]
