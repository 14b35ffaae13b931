"""Forms of the worker registry."""

from django import forms

from portal.forms import StyledFormMixin
from portal.models import Region, RegionLevel
from portal.scope import Scope


class WorkerFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="姓名", required=False, max_length=50)
    township = forms.ModelChoiceField(
        label="户籍乡镇", required=False, queryset=Region.objects.none(), empty_label="全部"
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Region.objects.visible_to(scope).filter(
            level=RegionLevel.TOWNSHIP
        )


__all__ = ["WorkerFilterForm"]
