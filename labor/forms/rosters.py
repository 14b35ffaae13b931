"""Forms of the roster (用工名册): its filters, a person added by hand, an engagement edited,
the signed contract recorded, a roster upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from labor.models import ENGAGEMENT_FIELDS, Engagement, StaffCategory, Team
from labor.selectors import ContractState
from portal.forms import StyledFormMixin, WorkbookField
from portal.models import LABOR_ORG_KINDS, Organization, Region, RegionLevel
from projects.models import Project, WorkStage
from projects.services.archives import document_check

DATE = forms.DateInput(attrs={"type": "date"})


def _stages(project: Project):
    return WorkStage.objects.filter(category=project.category_id).order_by("order")


def _area_choices(form: forms.Form, project: Project) -> None:
    """Limit the labour organisations, teams and places to the project's district."""
    area = project.region.enclosing_area()
    labor_orgs = Organization.objects.filter(
        kind__in=LABOR_ORG_KINDS, region__path__startswith=area.path, is_active=True
    ).order_by("name")
    fields = form.fields
    if "stage" in fields:
        fields["stage"].queryset = _stages(project)
    if "labor_organization" in fields:
        fields["labor_organization"].queryset = labor_orgs
    if "team" in fields:
        fields["team"].queryset = Team.objects.filter(organization__in=labor_orgs).select_related(
            "organization"
        )
    if "household_township" in fields:
        fields["household_township"].queryset = Region.objects.filter(
            level=RegionLevel.TOWNSHIP, path__startswith=area.path
        )
    if "household_village" in fields:
        fields["household_village"].queryset = Region.objects.filter(
            level=RegionLevel.VILLAGE, path__startswith=area.path
        ).select_related("parent")


class RosterFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", required=False, max_length=50)
    stage = forms.ModelChoiceField(
        label="用工环节", required=False, queryset=WorkStage.objects.none(), empty_label="全部"
    )
    staff_category = forms.ChoiceField(
        label="人员类别", required=False, choices=[("", "全部"), *StaffCategory.choices]
    )
    contract = forms.ChoiceField(
        label="劳动合同", required=False, choices=[("", "全部"), *ContractState.CHOICES]
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = _stages(project)


class ContractAlertFilterForm(StyledFormMixin, forms.Form):
    contract = forms.ChoiceField(
        label="预警类型",
        required=False,
        choices=[
            (ContractState.ALERT, "全部预警"),
            (ContractState.UNSIGNED, "在岗未签合同"),
            (ContractState.EXPIRED, "在岗但合同已到期"),
        ],
    )
    project = forms.ModelChoiceField(
        label="项目", required=False, queryset=Project.objects.none(), empty_label="全部项目"
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class EngagementForm(StyledFormMixin, forms.ModelForm):
    """An engagement's own fields (ENGAGEMENT_FIELDS), as the roster page edits them."""

    class Meta:
        model = Engagement
        fields = list(ENGAGEMENT_FIELDS)
        widgets = {
            "contract_signed_on": DATE,
            "contract_end": DATE,
            "entry_date": DATE,
            "exit_date": DATE,
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        _area_choices(self, project)
        self.fields["stage"].empty_label = "尚未分配"
        self.fields["staff_category"].required = False  # 务工人员 when left empty
        self.fields[
            "staff_category"
        ].help_text = "管理人员、技术人员和劳务组织者的报酬不计入劳务报酬，不计为以工代赈务工人员。"

    def _post_clean(self):
        # The service validates the engagement (with its worker, project and overlaps).
        pass


class RosterPersonForm(EngagementForm):
    """A person put on the roster by hand: found by his ID number when registered,
    registered first when new (name, contact, household and bank then needed)."""

    id_number = forms.CharField(label="身份证号", max_length=30)
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", required=False, max_length=20)
    household_township = forms.ModelChoiceField(
        label="户籍乡镇（街道）", required=False, queryset=Region.objects.none()
    )
    household_village = forms.ModelChoiceField(
        label="户籍村（社区）", required=False, queryset=Region.objects.none()
    )
    bank_name = forms.CharField(label="开户银行", required=False, max_length=100)
    bank_card = forms.CharField(label="银行卡号", required=False, max_length=30)

    WORKER_FIELDS = (
        "phone",
        "household_township",
        "household_village",
        "bank_name",
        "bank_card",
    )

    class Meta(EngagementForm.Meta):
        fields = ["stage", "trade", "staff_category", "entry_date", "exit_date", "daily_pay"]

    field_order = [
        "id_number",
        "name",
        "phone",
        "household_township",
        "household_village",
        "bank_name",
        "bank_card",
        "stage",
        "trade",
        "staff_category",
        "entry_date",
        "exit_date",
        "daily_pay",
    ]

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["household_village"].label_from_instance = lambda v: f"{v.parent} {v.name}"
        self.fields["id_number"].help_text = "已登记的人员只需填写身份证号和姓名。"
        self.fields["entry_date"].initial = timezone.localdate
        self.order_fields(self.field_order)

    def worker_data(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.WORKER_FIELDS}

    def engagement_data(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.Meta.fields}


class ContractForm(StyledFormMixin, forms.Form):
    contract_signed_on = forms.DateField(label="劳动合同签订日期", widget=DATE)
    contract_scan = forms.FileField(
        label="劳动合同扫描件",
        required=False,
        help_text="签字后的合同扫描件或照片：PDF 或图片，不超过 20 MB。已上传过的可不再上传。",
    )

    def clean_contract_scan(self):
        scan = self.cleaned_data.get("contract_scan")
        if scan:
            try:
                document_check(scan, field="contract_scan")
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["contract_scan"]) from None
        return scan


class RosterImportForm(StyledFormMixin, forms.Form):
    file = WorkbookField(
        label="用工名册（Excel 文件）", help_text="Excel 2007 及以后的 .xlsx 文件，不超过 10 MB。"
    )
    entry_date = forms.DateField(
        label="默认进场日期",
        widget=DATE,
        initial=timezone.localdate,
        help_text="表中没有填写进场日期的人员，按此日期登记。",
    )


__all__ = [
    "ContractAlertFilterForm",
    "ContractForm",
    "EngagementForm",
    "RosterFilterForm",
    "RosterImportForm",
    "RosterPersonForm",
]
