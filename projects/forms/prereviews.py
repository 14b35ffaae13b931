"""Forms of the pre-review: the review of one stage, and the filters of the flagged list."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from portal.forms import StyledFormMixin
from projects.forms.common import DATE
from projects.models import Domain, PreReviewFinding, PreReviewStage
from projects.selectors.prereviews import PROBLEMS


class PreReviewForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label="审查要件",
        choices=PreReviewStage.choices,
        help_text="可行性研究报告或资金申请报告、初步设计报告或施工图设计文件。",
    )
    reviewed_on = forms.DateField(
        label="审查日期", widget=forms.DateInput(attrs=DATE), initial=timezone.localdate
    )
    finding = forms.ChoiceField(
        label="审查结论",
        choices=PreReviewFinding.choices,
        widget=forms.RadioSelect,
        help_text="要件中是否明确了以工代赈建设任务、用工环节和可向当地提供的就业岗位。",
    )
    additions = forms.CharField(
        label="需补充完善的内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="结论为“未落实”时必填。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].widget.attrs["class"] = "form-check-input"


class PreReviewFilterForm(StyledFormMixin, forms.Form):
    problem = forms.ChoiceField(
        label="问题", required=False, choices=[("", "缺少或未通过"), *PROBLEMS.items()]
    )
    domain = forms.ModelChoiceField(
        label="建设领域", required=False, queryset=Domain.objects.all(), empty_label="全部"
    )
