"""Pages: the spot-check draws, drawing one, and a draw with its reproduction (复现)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.generic import TemplateView, View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, REGION_READER_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import ScopedListView
from supervision import selectors, services
from supervision.forms import DrawForm
from supervision.models.inspections import LEVEL_KINDS, InspectionLevel


class DrawListView(ScopedListView):
    allowed_kinds = REGION_READER_KINDS
    template_name = "supervision/draw_list.html"
    context_object_name = "draws"
    paginate_by = 25

    def get_queryset(self):
        return selectors.draw_list(scope=self.scope)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_draw=self.scope.may_write(OFFICE_KINDS), **kwargs)


class DrawCreateView(ScopedViewMixin, View):
    """The population is chosen with the project list's filters; the page shows how many
    projects they choose before the draw."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    template_name = "supervision/draw_form.html"

    def get(self, request):
        form = DrawForm(scope=self.scope, initial={"size": 3})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = DrawForm(request.POST, scope=self.scope)
        population = None
        if form.is_valid():
            population = selectors.draw_population(scope=self.scope, filters=form.project_filters())
            if "preview" not in request.POST:
                try:
                    draw = services.draw_create(
                        scope=self.scope,
                        title=form.cleaned_data["title"],
                        population=population,
                        size=form.cleaned_data["size"],
                        criteria=form.criteria(),
                        seed=form.cleaned_data["seed"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"已抽取 {draw.size} 个项目，随机种子 {draw.seed}。")
                    return redirect("supervision:draw-detail", draw_id=draw.pk)
        return render(request, self.template_name, {"form": form, "population": population})


class DrawDetailView(ScopedViewMixin, TemplateView):
    allowed_kinds = REGION_READER_KINDS
    template_name = "supervision/draw_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draw = selectors.draw_get(scope=self.scope, pk=kwargs["draw_id"])
        reproduced = draw.reproduce()
        context.update(
            draw=draw,
            rows=selectors.draw_projects(scope=self.scope, draw=draw),
            reproduced=reproduced,
            reproduces=reproduced == draw.result,
            # whoever records district spot checks (the office, departments, member units)
            can_inspect=self.scope.may_write(LEVEL_KINDS[InspectionLevel.SPOT_CHECK]),
        )
        return context


urlpatterns = [
    path("supervision/draws/", DrawListView.as_view(), name="draw-list"),
    path("supervision/draws/new/", DrawCreateView.as_view(), name="draw-create"),
    path("supervision/draws/<int:draw_id>/", DrawDetailView.as_view(), name="draw-detail"),
]
