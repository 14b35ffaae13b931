"""Pages: the supervisor records what it observes; the attachment's download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.generic import View

from portal.forms import add_service_errors
from portal.models import SUPERVISOR_KINDS, Role
from portal.permissions import ScopedViewMixin
from supervision import selectors, services
from supervision.forms import ObservationForm
from supervision.views.findings import file_download


class ObservationCreateView(ScopedViewMixin, View):
    required_role = Role.EDITOR
    allowed_kinds = SUPERVISOR_KINDS
    template_name = "supervision/observation_form.html"

    def get(self, request):
        form = ObservationForm(initial={"project": request.GET.get("project")}, scope=self.scope)
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ObservationForm(request.POST, request.FILES, scope=self.scope)
        if form.is_valid():
            try:
                observation = services.observation_record(scope=self.scope, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "监理观察已记录，显示在项目的“监督检查”页。")
                url = reverse("projects:project-detail", args=[observation.project.code])
                return redirect(f"{url}?tab=supervision")
        return render(request, self.template_name, {"form": form})


class ObservationFileView(ScopedViewMixin, View):
    def get(self, request, observation_id):
        observation = selectors.observation_get(scope=self.scope, pk=observation_id)
        if not observation.attachment:
            raise Http404("该观察记录没有附件。")
        return file_download(
            observation.attachment, f"{observation.project.code}-监理观察-{observation.pk}"
        )


urlpatterns = [
    path(
        "supervision/observations/new/",
        ObservationCreateView.as_view(),
        name="observation-create",
    ),
    path(
        "supervision/observations/<int:observation_id>/file/",
        ObservationFileView.as_view(),
        name="observation-file",
    ),
]
