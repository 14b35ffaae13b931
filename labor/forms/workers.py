"""Forms of the worker registry: the list's filters, and registering or editing a worker
(the village follows the township; the region's priority groups each with source and date)."""

from __future__ import annotations

from django import forms

from labor.id_numbers import parse_id_number
from labor.selectors import (
    WORKER_LOCAL_CHOICES,
    worker_labor_organization_choices,
    worker_priority_group_choices,
    worker_township_choices,
    worker_village_choices,
)
from labor.services import PriorityGroupEntry
from portal.forms import StyledFormMixin
from portal.models import LABOR_ORG_KINDS, Organization, Region
from portal.scope import Scope

DATE = {"type": "date"}


class WorkerFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", required=False, max_length=50)
    township = forms.ModelChoiceField(
        label="户籍乡镇", required=False, queryset=Region.objects.none(), empty_label="全部"
    )
    priority_group = forms.ChoiceField(label="重点群体", required=False)
    local = forms.ChoiceField(
        label="是否当地", required=False, choices=[("", "全部"), *WORKER_LOCAL_CHOICES]
    )
    needs_age_review = forms.BooleanField(label="只看年龄待复核", required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = worker_township_choices(scope=scope)
        groups = worker_priority_group_choices(scope=scope)
        self.fields["priority_group"].choices = [("", "全部")] + [(g, g) for g in groups]


class VillageSelect(forms.Select):
    """A village <select> whose options carry their township (data-domain), so the page offers
    only the villages of the township chosen beside it (portal.js, data-follows)."""

    def __init__(self, *args, township_field: str = "household_township", **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-follows"] = f"id_{township_field}"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-domain"] = str(instance.parent_id)
        return option


class WorkerForm(StyledFormMixin, forms.Form):
    """Registering a worker (with his ID number) or editing one (`worker` given: the ID number
    stays, and the bank card and phone are never written into the page — left blank, they are
    kept; only those who may reveal them see them whole, on the worker's page)."""

    id_number = forms.CharField(
        label="身份证号",
        max_length=40,
        help_text="18位居民身份证号；末位为X的请填写X。",
    )
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    household_township = forms.ModelChoiceField(
        label="户籍乡镇（街道）",
        queryset=Region.objects.none(),
        required=False,
        empty_label="未填写",
        help_text="按户籍所在乡镇认定是否为当地群众；不填的不计为当地群众。",
    )
    household_village = forms.ModelChoiceField(
        label="户籍村（社区）",
        queryset=Region.objects.none(),
        required=False,
        empty_label="未填写",
        widget=VillageSelect,
    )
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_card = forms.CharField(label="银行卡号", max_length=40, required=False)
    labor_organization = forms.ModelChoiceField(
        label="劳务组织", queryset=Organization.objects.none(), required=False, empty_label="无"
    )

    def __init__(self, *args, scope: Scope, worker=None, **kwargs):
        self.worker = worker
        super().__init__(*args, **kwargs)
        self.fields["household_township"].queryset = worker_township_choices(scope=scope)
        self.fields["household_village"].queryset = worker_village_choices(scope=scope)
        if scope.kind in LABOR_ORG_KINDS:
            del self.fields["labor_organization"]  # its own members, always
        else:
            self.fields["labor_organization"].queryset = worker_labor_organization_choices(
                scope=scope
            )
        if worker is not None:
            del self.fields["id_number"]
            for name, masked in (
                ("phone", worker.masked_phone),
                ("bank_card", worker.masked_bank_card),
            ):
                field = self.fields[name]
                field.widget.attrs["placeholder"] = masked or "未填写"
                field.help_text = "留空则不修改；要更正请填写完整号码。"
            self.initial.update(
                name=worker.name,
                household_township=worker.household_township_id,
                household_village=worker.household_village_id,
                bank_name=worker.bank_name,
                labor_organization=worker.labor_organization_id,
            )
        self.groups = worker_priority_group_choices(scope=scope)
        current = (
            {row.group: row for row in worker.priority_groups.all()} if worker is not None else {}
        )
        for index, group in enumerate(self.groups):
            row = current.get(group)
            self.fields[f"group_{index}"] = forms.BooleanField(
                label=group, required=False, initial=row is not None
            )
            self.fields[f"group_{index}_source"] = forms.CharField(
                label=f"{group}的认定来源",
                max_length=100,
                required=False,
                initial=row.source if row else "",
                widget=forms.TextInput(attrs={"placeholder": "如：民政部门名单"}),
            )
            self.fields[f"group_{index}_date"] = forms.DateField(
                label=f"{group}的认定日期",
                required=False,
                initial=row.recorded_on if row else None,
                widget=forms.DateInput(attrs=DATE),
            )
        # StyledFormMixin styled the fields declared on the class; these were added after.
        for name in self.fields:
            if name.startswith("group_"):
                widget = self.fields[name].widget
                base = "form-check-input" if isinstance(widget, forms.CheckboxInput) else ""
                base = base or "form-control form-control-sm"
                widget.attrs["class"] = f"{base} {widget.attrs.get('class', '')}".strip()

    def clean_id_number(self) -> str:
        # The service checks again; here the message joins the form's other errors.
        return parse_id_number(self.cleaned_data["id_number"]).number

    def group_rows(self) -> list[dict]:
        """One row a priority group: its checkbox, source and date (for the template)."""
        return [
            {
                "group": group,
                "chosen": self[f"group_{index}"],
                "source": self[f"group_{index}_source"],
                "date": self[f"group_{index}_date"],
            }
            for index, group in enumerate(self.groups)
        ]

    def clean(self):
        data = super().clean()
        entries = []
        for index, group in enumerate(self.groups):
            if not data.get(f"group_{index}"):
                continue
            source = (data.get(f"group_{index}_source") or "").strip()
            recorded_on = data.get(f"group_{index}_date")
            if not source:
                self.add_error(f"group_{index}_source", f"请填写“{group}”的认定来源。")
            if recorded_on is None and f"group_{index}_date" not in self.errors:
                self.add_error(f"group_{index}_date", f"请填写“{group}”的认定日期。")
            if source and recorded_on:
                entries.append(PriorityGroupEntry(group, source, recorded_on))
        data["priority_groups"] = entries
        return data

    def service_data(self) -> dict:
        """What the services take: the record's fields (a blank card or phone on the edit
        page means "keep") and the priority groups."""
        data = {
            name: self.cleaned_data[name]
            for name in (
                "name",
                "phone",
                "household_township",
                "household_village",
                "bank_name",
                "bank_card",
                "labor_organization",
            )
            if name in self.cleaned_data
        }
        if self.worker is not None:
            for name in ("phone", "bank_card"):
                if not (data.get(name) or "").strip():
                    data.pop(name, None)
        return data


__all__ = ["VillageSelect", "WorkerFilterForm", "WorkerForm"]
