"""Routes of the labour app: each topic module of `labor.views` brings its own."""

from labor.views import workers

app_name = "labor"

urlpatterns = [*workers.urlpatterns]
