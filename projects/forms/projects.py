"""Forms of projects: the list's filters and the project form. They parse input; the rules
live in the models and the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from portal.models import Organization, OrganizationKind, Region
from portal.rules import rules_for
from portal.scope import Scope
from projects.forms.common import (
    DATE,
    CategorySelect,
    district_townships,
    organizations_of_kind,
)
from projects.models import (
    PROJECT_FIELDS,
    Category,
    CheckpointKind,
    Domain,
    Project,
    ProjectLevel,
    ProjectStatus,
    ProjectType,
)
from projects.selectors import (
    MISSING_ANY,
    category_choices,
    directory_categories,
    project_support_choices,
)

TYPE_HELP = {
    ProjectType.KEY: "政府投资的交通、水利、能源、农业农村、城镇建设、生态环境、灾后恢复重建等重点工程。",
    ProjectType.RURAL_SMALL: "农村生产生活、交通、水利、文化旅游和林业草原等中小型农业农村基础设施。",
    ProjectType.SPECIAL_INVESTMENT: "为重点工程项目建设配套设施的以工代赈专项投资项目，须选择所衔接配套的重点工程项目。",
}


class ProjectFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="名称或编码", required=False)
    year = forms.TypedChoiceField(
        label="年度",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="列入该年清单（含年内调出）或有该年研提数的项目。",
    )
    on_list = forms.TypedChoiceField(
        label="在列清单",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="目前仍在该年清单上的项目。",
    )
    overdue = forms.BooleanField(label="逾期未完工", required=False)
    level = forms.ChoiceField(
        label="层级", required=False, choices=[("", "全部"), *ProjectLevel.choices]
    )
    project_type = forms.ChoiceField(
        label="项目类型", required=False, choices=[("", "全部"), *ProjectType.choices]
    )
    domain = forms.ModelChoiceField(
        label="建设领域", required=False, queryset=Domain.objects.all(), empty_label="全部"
    )
    category = forms.ModelChoiceField(
        label="具体类别",
        required=False,
        queryset=Category.objects.none(),
        empty_label="全部",
        widget=CategorySelect,
    )
    department = forms.ModelChoiceField(
        label="主管部门", required=False, queryset=Organization.objects.none(), empty_label="全部"
    )
    township = forms.ModelChoiceField(
        label="乡镇（街道）", required=False, queryset=Region.objects.none(), empty_label="全部"
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *ProjectStatus.choices]
    )
    missing_checkpoint = forms.ChoiceField(
        label="缺少节点",
        required=False,
        choices=[
            ("", "不限"),
            (MISSING_ANY, "任一应有节点（在列、在建、已完工、已评价项目）"),
            *CheckpointKind.choices,
        ],
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("", "最近登记"),
            ("code", "编码"),
            ("name", "名称"),
            ("-investment", "总投资从高到低"),
            ("investment", "总投资从低到高"),
            ("start", "开工日期"),
            ("status", "状态"),
        ],
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = [(year, f"{year}年") for year in range(this_year + 1, this_year - 5, -1)]
        self.fields["year"].choices = [("", "全部"), *years]
        self.fields["on_list"].choices = [("", "不限"), *years]
        self.fields["category"].queryset = directory_categories(scope=scope)
        self.fields["department"].queryset = organizations_of_kind(
            scope, OrganizationKind.DEPARTMENT
        )
        self.fields["township"].queryset = district_townships(scope)


class ProjectForm(StyledFormMixin, forms.ModelForm):
    supports = forms.ModelMultipleChoiceField(
        label="衔接配套的重点工程项目",
        required=False,
        queryset=Project.objects.none(),
        help_text="仅以工代赈专项投资项目填写：它为哪些重点工程项目建设配套设施（按住 Ctrl 可多选）。",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    contractors = forms.ModelMultipleChoiceField(
        label="施工单位",
        required=False,
        queryset=Organization.objects.none(),
        help_text="按住 Ctrl 可多选。合同签订日期在下方填写。",
    )
    townships = forms.ModelMultipleChoiceField(
        label="所在乡镇（街道）",
        required=False,
        queryset=Region.objects.none(),
        help_text="发布用工计划时推送到这些乡镇（街道）。",
    )
    contract_date = forms.DateField(
        label="施工合同签订日期", required=False, widget=forms.DateInput(attrs=DATE)
    )
    forecast_year = forms.IntegerField(
        label="研提年度", required=False, min_value=2000, max_value=2100
    )
    forecast_workers = forms.IntegerField(label="预计吸纳当地务工人数", required=False, min_value=0)
    forecast_remuneration = forms.DecimalField(
        label="预计发放劳务报酬（万元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        help_texts = {
            "code": "项目在平台中的唯一编码，一般用投资项目在线审批监管平台的项目代码；登记后不能修改。",
            "name": "与立项批复一致的项目全称。",
            "level": "项目列入的清单层级：国家级、省级、市级或区级重点工程项目。",
            "domain": "按以工代赈指导目录选择建设领域，具体类别随之筛选。",
            "category": "指导目录中的具体类别；它决定用工计划可选的用工环节。",
            "department": "主管该项目的行业部门，负责指导和监督项目实施以工代赈。",
            "owner": "项目法人（业主单位），负责申报用工计划、记录项目节点。",
            "supervisor": "受业主委托的监理单位；没有可不填。",
            "government_investment": "总投资中的政府投资部分（万元），不超过总投资。",
            "work_relief_funds": "政府投资中安排的以工代赈资金（万元），不超过政府投资。",
            "planned_start": "计划开工日期；用工计划须在计划工期之内。",
            "planned_end": "计划完工日期；在建项目过了此日期仍未完工，会被标为逾期。",
            "description": "主要建设内容和拟吸纳当地群众务工的环节。",
        }
        widgets = {
            "project_type": forms.RadioSelect,
            "category": CategorySelect,
            "planned_start": forms.DateInput(attrs=DATE),
            "planned_end": forms.DateInput(attrs=DATE),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self._set_categories(scope)
        self.fields["department"].queryset = organizations_of_kind(
            scope, OrganizationKind.DEPARTMENT
        )
        self.fields["owner"].queryset = organizations_of_kind(scope, OrganizationKind.OWNER)
        self.fields["supervisor"].queryset = organizations_of_kind(
            scope, OrganizationKind.SUPERVISOR
        )
        self.fields["contractors"].queryset = organizations_of_kind(
            scope, OrganizationKind.CONTRACTOR
        )
        self.fields["townships"].queryset = district_townships(scope)
        # Most projects are key projects: a form that leaves the type out means one.
        self.fields["project_type"].required = False
        self.fields["project_type"].choices = ProjectType.choices
        self.fields["project_type"].initial = self.instance.project_type or ProjectType.KEY
        self.fields["project_type"].widget.attrs["class"] = "form-check-input"
        self.type_help = [(ProjectType(value).label, text) for value, text in TYPE_HELP.items()]
        supports = self.fields["supports"]
        supports.queryset = project_support_choices(
            scope=scope, project=self.instance if self.instance.pk else None
        )
        supports.label_from_instance = lambda project: f"{project.code} {project.name}"
        if scope.kind == OrganizationKind.DEPARTMENT:
            self.fields["department"].queryset = Organization.objects.filter(
                pk=scope.organization.pk
            )
            self.fields["department"].initial = scope.organization
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["contractors"].initial = list(self.instance.contractors.all())
            self.fields["townships"].initial = list(self.instance.townships.all())
            self.fields["supports"].initial = list(self.instance.supports.all())
            first_contract = self.instance.contracts.exclude(contract_date=None).first()
            self.fields["contract_date"].initial = (
                first_contract.contract_date if first_contract else None
            )
            forecast = self.instance.forecasts.order_by("-year").first()
            if forecast:
                self.fields["forecast_year"].initial = forecast.year
                self.fields["forecast_workers"].initial = forecast.local_workers
                self.fields["forecast_remuneration"].initial = forecast.remuneration
        else:
            self.fields["forecast_year"].initial = timezone.localdate().year
        self._apply_rules(scope)

    def clean_project_type(self) -> str:
        return self.cleaned_data.get("project_type") or ProjectType.KEY

    def _apply_rules(self, scope: Scope) -> None:
        """The region's rules: a new project takes its pay day, and whether it needs a wage
        account follows from its total investment (the service decides, the form says how)."""
        rules = rules_for(scope.area)
        if self.instance.pk:
            self.fields["requires_wage_account"].help_text = rules.wage_account_rule
            return
        del self.fields["requires_wage_account"]
        self.fields["pay_day"].initial = rules.pay_day
        decided = "新登记的项目据此确定，之后可在编辑项目时调整。"
        self.fields["total_investment"].help_text = f"{rules.wage_account_rule}{decided}"

    def _set_categories(self, scope: Scope) -> None:
        """The categories of the directory in use; a project left on an earlier version (its
        category had no counterpart when the region changed versions) keeps its own on offer,
        named with its version, so that the form shows it and saves."""
        current = self.instance.category if self.instance.category_id else None
        field = self.fields["category"]
        field.queryset = category_choices(scope=scope, current=current)
        left_behind = (
            current is not None
            and not directory_categories(scope=scope).filter(pk=current.pk).exists()
        )
        if left_behind:
            field.help_text = (
                f"本项目的类别取自「{current.directory.name}」，现行指导目录中没有对应的类别；"
                "保存时保留原类别，也可改选现行目录中的类别。"
            )

        def label(category: Category) -> str:
            text = f"{category.domain.name} · {category.name}"
            if left_behind and category.pk == current.pk:
                text += f"（沿用「{category.directory.name}」）"
            return text

        field.label_from_instance = label

    def clean(self):
        cleaned = super().clean()
        values = [
            cleaned.get(f) for f in ("forecast_year", "forecast_workers", "forecast_remuneration")
        ]
        if any(v not in (None, "") for v in values) and any(v in (None, "") for v in values):
            self.add_error("forecast_workers", "研提数须同时填写年度、人数和报酬。")
        return cleaned

    def _post_clean(self):
        # Model validation runs in the service, with the region and status it sets; here only
        # the form's own fields are checked, and the service's errors are put back on the form.
        pass

    @property
    def project_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }

    @property
    def forecasts(self) -> dict:
        year = self.cleaned_data.get("forecast_year")
        if not year:
            return {}
        return {
            year: (
                self.cleaned_data["forecast_workers"],
                self.cleaned_data["forecast_remuneration"],
            )
        }
