"""The leading group (领导小组), coordination meetings (协调会议) and their agreed action
items (议定事项)."""

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
            Q(pk__in=attended.values("meeting"))
            | Q(pk__in=owns_item.values("meeting"))
            | Q(proposed_by=scope.organization)
        )


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, scope):
        return self.filter(meeting__in=Meeting.objects.visible_to(scope).values("pk"))


class LeadingGroupQuerySet(models.QuerySet):
    def visible_to(self, scope):
        """Everyone in the region reads its leading group."""
        if scope.organization is None:
            return self.none()
        return self.filter(region=scope.area)


class LeadingGroup(models.Model):
    """领导小组 of a region for a year (seeds 000 and 004): its leader, deputy leaders and each
    member unit's responsible person; the office (办公室) sits at the DRC."""

    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100, default="以工代赈工作领导小组")
    office = models.ForeignKey(
        "portal.Organization",
        verbose_name="办公室设在",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LeadingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "领导小组"
        verbose_name_plural = "领导小组"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="leading_group_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class GroupRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"


class LeadingGroupMember(models.Model):
    group = models.ForeignKey(LeadingGroup, on_delete=models.CASCADE, related_name="members")
    role = models.CharField("职务", max_length=8, choices=GroupRole.choices)
    person_name = models.CharField("姓名", max_length=50)
    post = models.CharField("单位职务", max_length=100, blank=True)
    organization = models.ForeignKey(
        "portal.Organization",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "领导小组成员"
        verbose_name_plural = "领导小组成员"
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person_name}"


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", "成员单位建议召开"
    DECLINED = "declined", "暂不召开"
    CONVENED = "convened", "已通知召开"
    HELD = "held", "已召开"


class Meeting(models.Model):
    region = models.ForeignKey(
        "portal.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField("会议名称", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    proposed_by = models.ForeignKey(
        "portal.Organization",
        verbose_name="建议单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_meetings",
    )
    reasons = models.TextField("建议理由", blank=True)
    decline_reason = models.CharField("暂不召开的原因", max_length=300, blank=True)
    held_on = models.DateField("会议日期", null=True, blank=True)
    attendees = models.ManyToManyField(
        "portal.Organization", verbose_name="参会单位", related_name="meetings", blank=True
    )
    other_invitees = models.TextField(
        "邀请的其他单位和专家", blank=True, help_text="每行一个单位或专家。"
    )
    minutes = models.TextField("会议纪要", blank=True)
    minutes_file = models.FileField(
        "会议纪要文件", upload_to="meetings/minutes/%Y/", max_length=300, blank=True
    )
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
    done_note = models.TextField("办理情况", blank=True)
    done_file = models.FileField(
        "办理情况附件", upload_to="meetings/items/%Y/", max_length=300, blank=True
    )
    done_by = models.ForeignKey(
        "portal.User",
        verbose_name="办结人",
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
