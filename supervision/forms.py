"""Forms of the supervision app: inspections and findings, rectification and its review,
the supervisor's observations and the spot-check draw."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import Organization, Region, RegionLevel
from portal.scope import Scope
from projects.models import Domain, Project, ProjectLevel, ProjectStatus, ProjectType
from projects.services.archives import DOCUMENT_SIGNATURES, document_check
from supervision import selectors
from supervision.models import FindingTopic, InspectionLevel, SpotCheckDraw
from supervision.models.inspections import levels_for

DATE = {"type": "date"}
FILE_HELP = "照片（JPG、PNG）、PDF、Word、Excel 或 OFD，不超过 20 MB。"
# On a phone the file picker then offers the camera and the gallery beside the files.
FILE_INPUT = forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_SIGNATURES)})


def check_upload(upload):
    """The archive's one check of a file from a user (type, size, content matching its name),
    answered on the form's field; the services check again."""
    if not upload:
        return upload
    try:
        document_check(upload, field="file")
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict["file"]) from error
    return upload


def _no_later_than_today(field: forms.DateField, help_text: str) -> None:
    field.widget.attrs["max"] = timezone.localdate().isoformat()
    field.help_text = help_text


def organization_label(organization: Organization) -> str:
    kind = organization.get_kind_display()
    name = organization.short_name or organization.name
    return f"{name}（{kind}）"


class ProjectChoiceForm(StyledFormMixin, forms.Form):
    """The first step of recording an inspection: which project."""

    project = forms.ModelChoiceField(
        label="检查的项目",
        queryset=Project.objects.none(),
        to_field_name="code",
        empty_label="请选择项目",
        error_messages={"required": "请选择要检查的项目。"},
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.projects_to_inspect(scope=scope)
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"


class InspectionForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label="检查层级")
    inspected_on = forms.DateField(
        label="检查日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    participants = forms.ModelMultipleChoiceField(
        label="参加单位",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选一同检查的单位，如行业主管部门、财政局、审计局、乡镇。",
    )
    other_participants = forms.CharField(
        label="参加人员",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一人，如“区财政局 李科长”。",
    )
    summary = forms.CharField(
        label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    draw = forms.ModelChoiceField(
        queryset=SpotCheckDraw.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        levels = levels_for(scope.kind)
        self.fields["level"].choices = [(v, InspectionLevel(v).label) for v in levels]
        self.fields["level"].initial = levels[0] if levels else None
        _no_later_than_today(self.fields["inspected_on"], "检查已经进行的日期，不能晚于今天。")
        self.fields["participants"].queryset = selectors.participant_candidates(scope=scope)
        self.fields["participants"].label_from_instance = organization_label
        self.fields["draw"].queryset = selectors.draw_list(scope=scope)


class FindingForm(StyledFormMixin, forms.Form):
    """One finding. In the inspection form the rows are optional (a row left empty is no
    finding); a row begun must be complete."""

    topic = forms.ChoiceField(label="问题类别", choices=[("", "请选择"), *FindingTopic.choices])
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="整改时限", widget=forms.DateInput(attrs=DATE))
    responsible = forms.ModelChoiceField(
        label="责任单位", queryset=Organization.objects.none(), empty_label="请选择"
    )

    def __init__(self, *args, project: Project, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.fields["responsible"].queryset = selectors.responsible_candidates(project)
        self.fields["responsible"].label_from_instance = organization_label
        for field in self.fields.values():
            field.required = not optional

    def clean(self):
        cleaned = super().clean()
        if self.optional:
            filled = [cleaned.get(name) for name in self.fields]
            if any(filled) and not all(filled):
                raise forms.ValidationError("问题须同时填写类别、描述、整改时限和责任单位。")
        return cleaned


FindingFormSet = forms.formset_factory(FindingForm, extra=3, max_num=3)


class RectificationForm(StyledFormMixin, forms.Form):
    description = forms.CharField(
        label="整改情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写整改情况：做了什么、结果如何。"},
    )
    rectified_on = forms.DateField(
        label="整改完成日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    evidence = forms.FileField(
        label="佐证材料",
        help_text=FILE_HELP,
        widget=FILE_INPUT,
        error_messages={
            "required": "请上传整改佐证材料（照片、台账或文件）：没有佐证材料不能销号。"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_later_than_today(self.fields["rectified_on"], "整改已经完成的日期，不能晚于今天。")

    def clean_evidence(self):
        return check_upload(self.cleaned_data.get("evidence"))


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="退回原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="说明哪里没有整改到位：责任单位据此重新整改。",
        error_messages={"required": "退回重新整改须说明原因：哪里没有整改到位。"},
    )


class ObservationForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(
        label="项目",
        queryset=Project.objects.none(),
        to_field_name="code",
        empty_label="请选择本单位监理的项目",
        error_messages={"required": "请选择项目。"},
    )
    observed_on = forms.DateField(
        label="观察日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    topic = forms.ChoiceField(label="类别", choices=[("", "请选择"), *FindingTopic.choices])
    text = forms.CharField(label="观察记录", widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label="照片或附件", required=False, help_text=FILE_HELP, widget=FILE_INPUT
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.supervised_projects(scope=scope)
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        _no_later_than_today(self.fields["observed_on"], "不能晚于今天。")

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))


class DrawForm(StyledFormMixin, forms.Form):
    """The population (the project list's filters), the size and, to redo a draw, its seed."""

    title = forms.CharField(
        label="名称", max_length=100, required=False, help_text="如“2026年第四季度抽查”。"
    )
    on_list = forms.TypedChoiceField(label="在列清单", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="项目状态",
        required=False,
        choices=[
            ("", "在列、在建、已完工、已评价"),
            *[(s, ProjectStatus(s).label) for s in selectors.INSPECTABLE_STATUSES],
        ],
    )
    project_type = forms.ChoiceField(
        label="项目类型", required=False, choices=[("", "全部"), *ProjectType.choices]
    )
    level = forms.ChoiceField(
        label="项目层级", required=False, choices=[("", "全部"), *ProjectLevel.choices]
    )
    domain = forms.ModelChoiceField(
        label="建设领域", required=False, queryset=Domain.objects.all(), empty_label="全部"
    )
    township = forms.ModelChoiceField(
        label="乡镇（街道）", required=False, queryset=Region.objects.none(), empty_label="全部"
    )
    size = forms.IntegerField(
        label="抽取数量",
        min_value=1,
        error_messages={"required": "请填写抽取几个项目。", "min_value": "至少抽取 1 个项目。"},
    )
    seed = forms.IntegerField(
        label="随机种子",
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="留空由系统生成；复现以往的抽签时填写当时的种子。",
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["on_list"].choices = [("", "不限")] + [
            (y, f"{y}年清单") for y in range(year + 1, year - 4, -1)
        ]
        self.fields["township"].queryset = Region.objects.filter(
            level=RegionLevel.TOWNSHIP, path__startswith=scope.area.path
        ).order_by("code")

    def project_filters(self) -> dict:
        """The filters of the project list that choose the population; an empty status means
        every status a project is inspected in."""
        data = self.cleaned_data
        keys = ("on_list", "status", "project_type", "level", "domain", "township")
        return {key: data[key] for key in keys if data.get(key)}

    def criteria(self) -> dict[str, str]:
        """The filters as the user read them, to be stored with the draw."""
        described = {}
        for key in ("on_list", "status", "project_type", "level", "domain", "township"):
            value = self.cleaned_data.get(key)
            if value:
                field = self.fields[key]
                if isinstance(field, forms.ModelChoiceField):
                    label = str(value)
                else:
                    label = {str(k): v for k, v in field.choices}.get(str(value), value)
                described[str(field.label)] = str(label)
        if not self.cleaned_data.get("status"):
            described["项目状态"] = str(dict(self.fields["status"].choices)[""])
        return described


class InspectionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="项目名称或编码", required=False)
    level = forms.ChoiceField(
        label="检查层级", required=False, choices=[("", "全部"), *InspectionLevel.choices]
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].choices = [("", "全部")] + [
            (y, f"{y}年") for y in range(year, year - 5, -1)
        ]


class FindingFilterForm(StyledFormMixin, forms.Form):
    topic = forms.ChoiceField(
        label="问题类别", required=False, choices=[("", "全部"), *FindingTopic.choices]
    )
    level = forms.ChoiceField(
        label="检查层级", required=False, choices=[("", "全部"), *InspectionLevel.choices]
    )
