"""Routes of the supervision app: each topic module of `supervision.views` brings its own."""

from supervision.views import draws, findings, inspections, observations

app_name = "supervision"

urlpatterns = [
    *inspections.urlpatterns,
    *findings.urlpatterns,
    *observations.urlpatterns,
    *draws.urlpatterns,
]
