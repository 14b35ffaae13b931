from django.apps import AppConfig


class LaborConfig(AppConfig):
    """Workers, rosters, attendance, surveys and briefings, training, labour organisations and
    referrals to jobs. Each topic of `labor.views` registers its own menu entries, cards,
    to-dos, job work and figure providers."""

    name = "labor"
    verbose_name = "务工人员"

    def ready(self) -> None:
        from labor.views import TOPICS

        for topic in TOPICS:
            if hasattr(topic, "ready"):
                topic.ready()
