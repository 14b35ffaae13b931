"""Pages of the townships' labour-force surveys (摸底调查) and policy briefings (政策宣讲): the
surveys, the quick-entry page, the upload, the pool, the briefings with their photos, and the
office's coverage of both."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import FormView, TemplateView, View

from labor import selectors, services
from labor.forms import (
    BriefingForm,
    CoverageFilterForm,
    SurveyImportForm,
    SurveyOpenForm,
    SurveyPoolFilterForm,
    SurveyResponseForm,
    SurveyYearFilterForm,
)
from labor.importers import surveys as importers
from labor.models import SurveyResponse
from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, REGION_WIDE_KINDS, TOWNSHIP_KINDS, Role
from portal.navigation import Todo
from portal.permissions import ScopedViewMixin
from portal.scope import Scope
from portal.views import (
    FilteredListView,
    FragmentOnHtmxMixin,
    ScopedListView,
    ServiceFormView,
)

# Who reads the surveys, the pool, the briefings and the coverage: the township its own; the
# office and the member units (人社 guides the surveys, seed 000) their region's.
SURVEY_READER_KINDS = TOWNSHIP_KINDS | REGION_WIDE_KINDS


class SurveyListView(FilteredListView):
    allowed_kinds = SURVEY_READER_KINDS
    template_name = "labor/survey_list.html"
    context_object_name = "surveys"
    filter_form_class = SurveyYearFilterForm

    def get_queryset(self):
        return selectors.survey_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_open=self.scope.may_write(TOWNSHIP_KINDS), **kwargs)


class SurveyOpenView(ServiceFormView):
    allowed_kinds = TOWNSHIP_KINDS
    form_class = SurveyOpenForm
    template_name = "labor/survey_open.html"

    def act(self, form):
        self.survey = services.survey_open(scope=self.scope, **form.cleaned_data)
        return f"已开展摸底调查“{self.survey.title}”，现在可以逐人录入或从 Excel 导入。"

    def done_url(self):
        return reverse("labor:survey-entry", args=[self.survey.pk])


class SurveyDetailView(ScopedListView):
    """A survey's people, masked; the township's editors reveal one person's numbers."""

    allowed_kinds = SURVEY_READER_KINDS
    template_name = "labor/survey_detail.html"
    context_object_name = "responses"
    paginate_by = 50

    def get_survey(self):
        if not hasattr(self, "survey"):
            self.survey = selectors.survey_get(scope=self.scope, pk=self.kwargs["survey_id"])
        return self.survey

    def get_queryset(self):
        name = self.request.GET.get("name", "")
        return selectors.survey_response_list(
            scope=self.scope, survey=self.get_survey(), filters={"name": name}
        )

    def get_context_data(self, **kwargs):
        survey = self.get_survey()
        return super().get_context_data(
            survey=survey,
            name=self.request.GET.get("name", ""),
            can_write=selectors.survey_can_write(scope=self.scope, survey=survey),
            can_reveal=selectors.survey_response_can_reveal(
                scope=self.scope, response=SurveyResponse(survey=survey)
            ),
            **kwargs,
        )


class SurveyEntryView(ScopedViewMixin, View):
    """The quick-entry page: one compact row, Enter saves, the page comes back empty with the
    cursor in the ID field and the row just saved on top of 本次已录入."""

    allowed_kinds = TOWNSHIP_KINDS
    required_role = Role.EDITOR
    template_name = "labor/survey_entry.html"

    def render_page(self, survey, form, status=200):
        context = {
            "survey": survey,
            "form": form,
            "recent": selectors.survey_recent_entries(scope=self.scope, survey=survey),
            "today": timezone.localdate(),
        }
        return render(self.request, self.template_name, context, status=status)

    def writable_survey(self, survey_id):
        survey = selectors.survey_get(scope=self.scope, pk=survey_id)
        if not selectors.survey_can_write(scope=self.scope, survey=survey):
            raise PermissionDenied("只有开展该调查的乡镇（街道）的填报员可以登记调查对象。")
        return survey

    def get(self, request, survey_id):
        survey = self.writable_survey(survey_id)
        return self.render_page(survey, SurveyResponseForm(survey=survey))

    def post(self, request, survey_id):
        survey = self.writable_survey(survey_id)
        form = SurveyResponseForm(request.POST, survey=survey)
        if form.is_valid():
            try:
                result = services.survey_response_save(
                    scope=self.scope, survey=survey, **form.service_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                verb = "已录入" if result.created else "已更新"
                messages.success(request, f"{verb}：{result.response}")
                return redirect("labor:survey-entry", survey.pk)
        return self.render_page(survey, form)


class SurveyImportView(ScopedViewMixin, FormView):
    allowed_kinds = TOWNSHIP_KINDS
    required_role = Role.EDITOR
    form_class = SurveyImportForm
    template_name = "labor/survey_import.html"

    def get_survey(self):
        survey = selectors.survey_get(scope=self.scope, pk=self.kwargs["survey_id"])
        if not selectors.survey_can_write(scope=self.scope, survey=survey):
            raise PermissionDenied("只有开展该调查的乡镇（街道）的填报员可以导入调查对象。")
        return survey

    def get_context_data(self, **kwargs):
        survey = self.get_survey()
        return super().get_context_data(
            survey=survey,
            recent=selectors.survey_import_list(scope=self.scope, survey=survey)[:10],
            **kwargs,
        )

    def form_valid(self, form):
        job = importers.survey_import_start(
            scope=self.scope, survey=self.get_survey(), upload=form.cleaned_data["file"]
        )
        return redirect("labor:survey-import-status", survey_import_id=job.pk)


class SurveyImportStatusView(FragmentOnHtmxMixin, ScopedViewMixin, TemplateView):
    allowed_kinds = TOWNSHIP_KINDS
    template_name = "labor/survey_import_status.html"
    fragment_template_name = "labor/survey_import_block.html"

    def get_context_data(self, **kwargs):
        job = selectors.survey_import_get(scope=self.scope, pk=kwargs["survey_import_id"])
        return super().get_context_data(job=job, progress=job.progress(), **kwargs)


class SurveyResponseRevealView(ScopedViewMixin, View):
    """POST only: the whole numbers on this one answer, never in a URL; audited."""

    allowed_kinds = TOWNSHIP_KINDS | OFFICE_KINDS
    required_role = Role.EDITOR

    def get(self, request, response_id):
        response = selectors.survey_response_get(scope=self.scope, pk=response_id)
        return redirect("labor:survey-detail", response.survey_id)

    def post(self, request, response_id):
        response = selectors.survey_response_get(scope=self.scope, pk=response_id)
        try:
            revealed = services.survey_response_reveal(scope=self.scope, response=response)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("labor:survey-detail", response.survey_id)
        page = render(
            request, "labor/survey_reveal.html", {"response": response, "revealed": revealed}
        )
        page["Cache-Control"] = "no-store"
        return page


class SurveyPoolView(FilteredListView):
    """The township's pool: willing people by village, skill, priority group and month, and
    who of them works where."""

    allowed_kinds = SURVEY_READER_KINDS
    template_name = "labor/survey_pool.html"
    context_object_name = "people"

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = SurveyPoolFilterForm(self.request.GET or None, scope=self.scope)
        return self._filter_form

    def get_queryset(self):
        return selectors.survey_pool(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        groups = self.get_filter_form().fields["group"].choices[1:]
        counts = selectors.survey_pool_counts(
            scope=self.scope, filters=filters, groups=[value for value, _label in groups]
        )
        working = selectors.survey_pool_working(scope=self.scope, filters=filters)
        context = super().get_context_data(**kwargs)
        for person in context["people"]:
            person.months_text = services.survey_months_text(person.months_available)
        context.update(
            show_township=self.scope.kind not in TOWNSHIP_KINDS,
            counts=counts,
            working=working[:100],
            working_count=working.count(),
        )
        return context


class SurveyCoverageView(ScopedViewMixin, TemplateView):
    """Which townships and villages were surveyed and briefed this year. The office and the
    member units see their region; a township (from its to-do) its own row."""

    allowed_kinds = SURVEY_READER_KINDS
    template_name = "labor/coverage.html"

    def get_context_data(self, **kwargs):
        form = CoverageFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        year = filters.get("year") or timezone.localdate().year
        entries = selectors.coverage_townships(scope=self.scope, filters=filters)
        return super().get_context_data(
            filter_form=form,
            year=year,
            entries=entries,
            surveyed=sum(1 for row in entries if row.surveys),
            briefed=sum(1 for row in entries if row.briefings),
            **kwargs,
        )


class BriefingListView(FilteredListView):
    allowed_kinds = SURVEY_READER_KINDS
    template_name = "labor/briefing_list.html"
    context_object_name = "briefings"
    filter_form_class = SurveyYearFilterForm

    def get_queryset(self):
        return selectors.briefing_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_record=self.scope.may_write(TOWNSHIP_KINDS), **kwargs)


class BriefingRecordView(ServiceFormView):
    allowed_kinds = TOWNSHIP_KINDS
    form_class = BriefingForm
    template_name = "labor/briefing_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.scope.organization}

    def act(self, form):
        briefing = services.briefing_record(scope=self.scope, **form.cleaned_data)
        return f"已登记{briefing.held_on:%Y-%m-%d}的政策宣讲“{briefing.topic}”。"

    def done_url(self):
        return reverse("labor:briefing-list")


class BriefingPhotoView(ScopedViewMixin, View):
    """A briefing's photo, only to those who see the briefing; shown inline, never cached
    publicly, its type fixed by the content check it passed."""

    allowed_kinds = SURVEY_READER_KINDS

    def get(self, request, photo_id):
        photo = selectors.briefing_photo_get(scope=self.scope, pk=photo_id)
        handle = photo.file.open("rb")
        head = handle.read(8)
        handle.seek(0)
        kind = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
        response = FileResponse(handle, content_type=kind)
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True)
        return response


urlpatterns = [
    path("labor/surveys/", SurveyListView.as_view(), name="survey-list"),
    path("labor/surveys/open/", SurveyOpenView.as_view(), name="survey-open"),
    path("labor/surveys/pool/", SurveyPoolView.as_view(), name="survey-pool"),
    path("labor/coverage/", SurveyCoverageView.as_view(), name="survey-coverage"),
    path("labor/surveys/<int:survey_id>/", SurveyDetailView.as_view(), name="survey-detail"),
    path("labor/surveys/<int:survey_id>/entry/", SurveyEntryView.as_view(), name="survey-entry"),
    path("labor/surveys/<int:survey_id>/import/", SurveyImportView.as_view(), name="survey-import"),
    path(
        "labor/surveys/imports/<int:survey_import_id>/",
        SurveyImportStatusView.as_view(),
        name="survey-import-status",
    ),
    path(
        "labor/surveys/responses/<int:response_id>/reveal/",
        SurveyResponseRevealView.as_view(),
        name="survey-response-reveal",
    ),
    path("labor/briefings/", BriefingListView.as_view(), name="briefing-list"),
    path("labor/briefings/new/", BriefingRecordView.as_view(), name="briefing-record"),
    path(
        "labor/briefings/photos/<int:photo_id>/",
        BriefingPhotoView.as_view(),
        name="briefing-photo",
    ),
]


def coverage_url(filters: dict) -> str:
    return reverse("labor:survey-coverage") + "?" + urlencode(filters)


def survey_todos(scope: Scope) -> list[Todo]:
    """The office: its townships without a survey this year; a township: itself, when it has
    none. Counted by the coverage page's own selector with the link's filters."""
    if scope.kind not in OFFICE_KINDS | TOWNSHIP_KINDS:
        return []
    filters = {"year": timezone.localdate().year, "missing": selectors.MISSING_SURVEY}
    count = len(selectors.coverage_townships(scope=scope, filters=filters))
    label = "未开展摸底的乡镇" if scope.kind in OFFICE_KINDS else "本年度尚未开展摸底调查"
    return [Todo(label, count, coverage_url(filters))]


def ready() -> None:
    from labor.models import SurveyImport
    from portal.jobs import register_job_work
    from portal.navigation import NavItem, registry

    registry.add_nav(
        NavItem("摸底调查", "labor:survey-list", order=52, allowed_kinds=SURVEY_READER_KINDS)
    )
    registry.add_nav(
        NavItem("政策宣讲", "labor:briefing-list", order=53, allowed_kinds=SURVEY_READER_KINDS)
    )
    registry.add_nav(
        NavItem("摸底覆盖", "labor:survey-coverage", order=54, allowed_kinds=REGION_WIDE_KINDS)
    )
    registry.add_todo(survey_todos)
    register_job_work(SurveyImport, importers.survey_import_perform)
