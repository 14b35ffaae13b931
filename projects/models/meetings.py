"""Coordination meetings (协调会议) and their agreed action items (议定事项)."""

from django.db import models
from django.db.models import Q

from portal.models import OVERSEEING_KINDS
from projects.models.projects import Project


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """The office and the departments: every meeting of their region; any other
        organisation: the meetings it attended or owns an action item of."""
        if scope.organization is None:
            return self.none()
        if scope.kind in OVERSEEING_KINDS:
            return self.filter(region__path__startswith=scope.region.path)
        attended = Meeting.attendees.through.objects.filter(organization=scope.organization)
        owns_item = ActionItem.objects.filter(owner=scope.organization)
        return self.filter(
            Q(pk__in=attended.values("meeting")) | Q(pk__in=owns_item.values("meeting"))
        )


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, scope):
        return self.filter(meeting__in=Meeting.objects.visible_to(scope).values("pk"))


class Meeting(models.Model):
    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("会议日期")
    attendees = models.ManyToManyField(
        "portal.Organization", verbose_name="参会单位", related_name="meetings", blank=True
    )
    minutes = models.TextField("会议纪要", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "协调会议"
        verbose_name_plural = "协调会议"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ActionItemStatus(models.TextChoices):
    OPEN = "open", "办理中"
    DONE = "done", "已办结"


class ActionItem(models.Model):
    """议定事项: an action agreed at a meeting, owned by one organisation, due by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField("议定事项", max_length=300)
    owner = models.ForeignKey(
        "portal.Organization",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField("完成时限")
    status = models.CharField(
        "状态", max_length=8, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_on = models.DateField("办结日期", null=True, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name="相关项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status == ActionItemStatus.OPEN
