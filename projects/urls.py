"""Routes of the projects app: each topic module of `projects.views` brings its own list."""

from projects.views import annual_lists, directory, meetings, plans, projects

app_name = "projects"

urlpatterns = [
    *projects.urlpatterns,
    *plans.urlpatterns,
    *annual_lists.urlpatterns,
    *directory.urlpatterns,
    *meetings.urlpatterns,
]
