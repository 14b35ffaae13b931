"""Routes of the labour app: each topic module of `labor.views` brings its own."""

from labor.views import TOPICS

app_name = "labor"

urlpatterns = [pattern for topic in TOPICS for pattern in topic.urlpatterns]
