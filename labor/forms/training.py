"""Forms of training: the ledger's filters, a session, and its participants."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from labor.models import TrainingKind, TrainingMode, TrainingSession
from labor.selectors import (
    training_candidate_workers,
    training_kinds_for,
    training_participants,
    training_projects,
    training_townships,
)
from labor.services import Attendee
from portal.forms import StyledFormMixin
from portal.models import Organization, OrganizationKind
from portal.scope import Scope
from projects.models import Project

DATE = {"type": "date"}
PASSED_CHOICES = [("", "未考核"), ("1", "合格"), ("0", "不合格")]
PASSED_WORDS = {"合格": True, "通过": True, "不合格": False, "未通过": False}


def _passed(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class TrainingFilterForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(
        label="项目",
        required=False,
        queryset=Project.objects.none(),
        to_field_name="code",
        empty_label="全部项目",
    )
    township = forms.ModelChoiceField(
        label="乡镇（街道）",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="全部",
    )
    kind = forms.ChoiceField(
        label="培训类别", required=False, choices=[("", "全部"), *TrainingKind.choices]
    )
    mode = forms.ChoiceField(
        label="培训模式", required=False, choices=[("", "全部"), *TrainingMode.choices]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    reserve_only = forms.BooleanField(label="只看储备性技能培训", required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = training_projects(scope=scope)
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        self.fields["township"].queryset = Organization.objects.filter(
            kind=OrganizationKind.TOWNSHIP, region__path__startswith=scope.area.path
        ).order_by("region__code")


class TrainingSessionForm(StyledFormMixin, forms.ModelForm):
    project = forms.ModelChoiceField(
        label="项目",
        required=False,
        queryset=Project.objects.none(),
        to_field_name="code",
        empty_label="不针对具体项目（如“培训+学校”）",
    )

    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "mode",
            "title",
            "provider",
            "project",
            "township",
            "start_date",
            "end_date",
            "hours",
            "reserve_for_maintenance",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE),
            "end_date": forms.DateInput(attrs=DATE),
        }

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = training_kinds_for(scope)
        self.fields["kind"].choices = [(k, TrainingKind(k).label) for k in kinds]
        self.fields["project"].queryset = training_projects(scope=scope)
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        if self.instance.project_id:  # the choice is by code; the instance gives its pk
            self.initial["project"] = self.instance.project.code
        self.fields["township"].queryset = training_townships(scope=scope)
        self.fields["township"].empty_label = "按项目所在乡镇（只有一个时）"
        self.fields["start_date"].initial = timezone.localdate
        self.fields["end_date"].initial = timezone.localdate
        self.fields[
            "reserve_for_maintenance"
        ].help_text = "结合项目建成后运行管护的用工要求开展的储备性技能培训。"

    def _post_clean(self):
        """The service validates the session (and sets the organiser); the form only parses."""


class TrainingParticipantsForm(StyledFormMixin, forms.Form):
    """The session's participants: each one's result (or his removal), workers chosen from
    the project's roster, and ID numbers typed one a line (`身份证号 合格 证书名称`)."""

    workers = forms.ModelMultipleChoiceField(
        label="从项目用工名册中选择",
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    id_numbers = forms.CharField(
        label="按身份证号添加",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一人：身份证号，可在后面写“合格”或“不合格”和证书名称，用空格或逗号分隔。",
    )

    def __init__(self, *args, scope: Scope, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(training_participants(session=session))
        candidates = training_candidate_workers(scope=scope, session=session)
        self.fields["workers"].queryset = candidates
        self.fields["workers"].label_from_instance = lambda w: f"{w.name} {w.masked_id_number}"
        for participant in self.participants:
            key = participant.pk
            initial = {True: "1", False: "0"}.get(participant.passed, "")
            self.fields[f"passed_{key}"] = forms.ChoiceField(
                label=f"{participant.worker.name}考核结果",
                choices=PASSED_CHOICES,
                required=False,
                initial=initial,
            )
            self.fields[f"certificate_{key}"] = forms.CharField(
                label=f"{participant.worker.name}证书",
                required=False,
                max_length=100,
                initial=participant.certificate,
            )
            self.fields[f"remove_{key}"] = forms.BooleanField(
                label=f"移除{participant.worker.name}", required=False
            )
        # The mixin styled the fields it found; these were added after it ran.
        for name, field in self.fields.items():
            if name.startswith(("passed_", "certificate_")):
                base = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{base} form-control-sm"
            elif name.startswith("remove_"):
                field.widget.attrs["class"] = "form-check-input"

    def rows(self):
        """Each participant with its three bound fields, for the template."""
        return [
            (p, self[f"passed_{p.pk}"], self[f"certificate_{p.pk}"], self[f"remove_{p.pk}"])
            for p in self.participants
        ]

    def clean_id_numbers(self) -> list[Attendee]:
        attendees = []
        for number, line in enumerate(self.cleaned_data["id_numbers"].splitlines(), start=1):
            parts = [part for part in re.split(r"[\s,，、;；]+", line.strip()) if part]
            if not parts:
                continue
            passed = PASSED_WORDS.get(parts[1]) if len(parts) > 1 else None
            rest = parts[2:] if len(parts) > 1 and parts[1] in PASSED_WORDS else parts[1:]
            attendees.append(
                Attendee(
                    id_number=parts[0], passed=passed, certificate=" ".join(rest)[:100], line=number
                )
            )
        return attendees

    def attendees(self) -> list[Attendee]:
        data = self.cleaned_data
        kept = [
            Attendee(
                worker_id=p.worker_id,
                passed=_passed(data.get(f"passed_{p.pk}", "")),
                certificate=data.get(f"certificate_{p.pk}", ""),
            )
            for p in self.participants
            if not data.get(f"remove_{p.pk}")
        ]
        chosen = [Attendee(worker_id=worker.pk) for worker in data.get("workers") or ()]
        return [*kept, *chosen, *data.get("id_numbers", [])]

    def removed(self) -> list[int]:
        return [p.worker_id for p in self.participants if self.cleaned_data.get(f"remove_{p.pk}")]


__all__ = ["TrainingFilterForm", "TrainingParticipantsForm", "TrainingSessionForm"]
