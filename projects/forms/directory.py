"""Forms of the guidance directory: adopting a version, adding a work stage."""

from __future__ import annotations

from django import forms

from portal.forms import StyledFormMixin
from portal.scope import Scope
from projects.models import StageKind
from projects.selectors import directory_list


class AdoptForm(StyledFormMixin, forms.Form):
    directory = forms.ModelChoiceField(label="指导目录版本", queryset=None)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory"].queryset = directory_list(scope=scope)


class StageForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="用工环节名称", max_length=100)
    kind = forms.ChoiceField(label="环节类型", choices=StageKind.choices)
