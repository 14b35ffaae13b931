"""Forms of the townships' surveys and briefings: the quick-entry row, the upload, the pool's
filters, the briefing with its photos and the coverage's year."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from labor.id_numbers import parse_id_number
from labor.models import MONTHS, LaborSurvey
from labor.selectors.surveys import (
    MISSING_BRIEFING,
    MISSING_SURVEY,
    survey_region_villages,
    survey_villages,
)
from labor.services.surveys import (
    ALL_MONTHS,
    MAX_PHOTOS,
    briefing_photo_check,
    survey_months_parse,
    survey_person_check,
)
from portal.forms import StyledFormMixin, WorkbookField
from portal.models import TOWNSHIP_KINDS, Organization
from portal.rules import rules_for

MONTH_CHOICES = [(str(month), f"{month}月") for month in range(1, MONTHS + 1)]


class SurveyOpenForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="调查名称", max_length=100)
    opened_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    closed_on = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["title"].initial = f"{today.year}年劳动力就业意愿和技能水平摸底调查"
        self.fields["opened_on"].initial = today


class SurveyResponseForm(StyledFormMixin, forms.Form):
    """One person, built to be typed quickly: the ID first (autofocus), Enter saves."""

    id_number = forms.CharField(label="身份证号", max_length=40)
    name = forms.CharField(label="姓名", max_length=50)
    village = forms.ModelChoiceField(label="村（社区）", queryset=None, required=False)
    willing = forms.BooleanField(label="有务工意愿", required=False, initial=True)
    skills = forms.CharField(label="技能", max_length=200, required=False)
    certificates = forms.CharField(label="证书", max_length=200, required=False)
    months = forms.MultipleChoiceField(
        label="可务工月份",
        choices=MONTH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[value for value, _label in MONTH_CHOICES],
    )
    months_text = forms.CharField(
        label="或填写月份",
        max_length=40,
        required=False,
        help_text="如“3-11”“1-3,9-12”；填写后以此为准。",
    )
    preferred_work = forms.CharField(label="意向工作", max_length=100, required=False)
    travel_km = forms.IntegerField(
        label="可接受通勤距离（公里）", min_value=0, max_value=1000, required=False
    )
    priority_groups = forms.MultipleChoiceField(
        label="重点群体", required=False, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def __init__(self, *args, survey: LaborSurvey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = survey_villages(survey.township)
        self.fields["village"].empty_label = "（请选择）"
        groups = rules_for(survey.township.region).priority_group_list
        self.fields["priority_groups"].choices = [(group, group) for group in groups]
        self.fields["id_number"].widget.attrs.update(
            autofocus=True, autocomplete="off", inputmode="text", spellcheck="false"
        )
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")

    def clean_id_number(self) -> str:
        """Checked here too, so that one Enter shows every error of the row at once."""
        parsed = parse_id_number(self.cleaned_data["id_number"])
        survey_person_check(parsed, on=timezone.localdate())
        return parsed.number

    def clean(self):
        data = super().clean()
        text = (data.get("months_text") or "").strip()
        if text:
            try:
                data["months_available"] = survey_months_parse(text)
            except ValidationError as error:
                self.add_error("months_text", error)
        else:
            chosen = {int(value) for value in data.get("months") or []}
            data["months_available"] = "".join(
                "1" if month in chosen else "0" for month in range(1, MONTHS + 1)
            )
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "id_number": data["id_number"],
            "name": data["name"],
            "village": data.get("village"),
            "willing": data.get("willing", False),
            "skills": data.get("skills", ""),
            "certificates": data.get("certificates", ""),
            "months_available": data.get("months_available", ALL_MONTHS),
            "preferred_work": data.get("preferred_work", ""),
            "travel_km": data.get("travel_km"),
            "priority_groups": data.get("priority_groups") or [],
            "phone": data.get("phone", ""),
        }


class SurveyImportForm(StyledFormMixin, forms.Form):
    file = WorkbookField(
        label="Excel 文件",
        help_text="Excel 2007 及以后的 .xlsx 文件；第一个工作表应有“姓名”“身份证号”列。",
    )


class SurveyPoolFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", required=False)
    township = forms.ModelChoiceField(
        label="乡镇（街道）", queryset=Organization.objects.none(), required=False
    )
    village = forms.ModelChoiceField(label="村（社区）", queryset=None, required=False)
    skill = forms.CharField(label="技能或证书", required=False)
    group = forms.ChoiceField(label="重点群体", required=False)
    month = forms.TypedChoiceField(label="可务工月份", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        region = scope.region
        if scope.kind in TOWNSHIP_KINDS:
            del self.fields["township"]
            self.fields["village"].queryset = survey_villages(scope.organization)
        else:
            self.fields["township"].queryset = Organization.objects.filter(
                kind__in=TOWNSHIP_KINDS, region__path__startswith=region.path
            ).order_by("region__code")
            self.fields["village"].queryset = survey_region_villages(region)
        groups = rules_for(region).priority_group_list
        self.fields["group"].choices = [("", "全部"), *[(g, g) for g in groups]]
        self.fields["month"].choices = [("", "全部"), *MONTH_CHOICES]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class BriefingForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="宣讲日期", widget=forms.DateInput(attrs={"type": "date"}))
    village = forms.ModelChoiceField(label="宣讲村（社区）", queryset=None, required=False)
    topic = forms.CharField(label="宣讲主题", max_length=200)
    people_reached = forms.IntegerField(label="覆盖人数", min_value=1)
    note = forms.CharField(label="说明", max_length=300, required=False)
    photos = MultiplePhotoField(
        label="现场照片",
        required=False,
        help_text=f"JPG 或 PNG，最多 {MAX_PHOTOS} 张，每张不超过 8 MB。",
    )

    def __init__(self, *args, township: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = survey_villages(township)
        self.fields["village"].empty_label = "（全镇 / 镇政府驻地）"
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["topic"].initial = "以工代赈政策宣讲"
        self.fields["photos"].widget.attrs["accept"] = "image/jpeg,image/png"

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(f"每次最多上传 {MAX_PHOTOS} 张照片。")
        for photo in photos:
            try:
                briefing_photo_check(photo)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["photos"]) from None
        return photos


class CoverageFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    missing = forms.ChoiceField(
        label="只看",
        required=False,
        choices=[
            ("", "全部乡镇"),
            (MISSING_SURVEY, "未开展摸底调查的"),
            (MISSING_BRIEFING, "未开展政策宣讲的"),
        ],
    )


class SurveyYearFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)


__all__ = [
    "BriefingForm",
    "CoverageFilterForm",
    "SurveyImportForm",
    "SurveyOpenForm",
    "SurveyPoolFilterForm",
    "SurveyResponseForm",
    "SurveyYearFilterForm",
]
