"""Pages: labour plans and the townships' inbox, lifecycle checkpoints, completion evaluation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import View

from portal.models import OVERSEEING_KINDS, TOWNSHIP_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import ScopedListView
from projects import selectors, services
from projects.figures import figure_rows, project_figures
from projects.forms import CheckpointForm, EvaluationForm, LaborPlanForm
from projects.models import CHECKPOINT_PREDECESSOR, CheckpointKind
from projects.selectors.lifecycle import EVALUATION_INFORMS
from projects.views.archives import version_download
from projects.views.projects import ProjectActionView, ProjectMixin, redirect_to_project


class LaborPlanFormView(ProjectActionView):
    """Create a labour plan, or change one that is not yet published. When the project takes
    no plans (not on this year's list, completed, withdrawn), the page says why instead of
    offering a form that would be refused."""

    form_class = LaborPlanForm
    template_name = "projects/plan_form.html"
    submit_label = "保存用工计划"
    tab = "plans"

    def get_plan(self):
        plan_id = self.kwargs.get("plan_id")
        if plan_id is None:
            return None
        return selectors.labor_plan_get(scope=self.scope, project=self.get_project(), pk=plan_id)

    @property
    def title(self):
        return "修改用工计划" if self.kwargs.get("plan_id") else "新增用工计划"

    def get_form_kwargs(self):
        project = self.get_project()
        if not selectors.project_can_manage_plans(scope=self.scope, project=project):
            raise PermissionDenied("您无权编制该项目的用工计划。")
        return {**super().get_form_kwargs(), "project": project, "instance": self.get_plan()}

    def get_context_data(self, **kwargs):
        project = self.get_project()
        return super().get_context_data(
            refusal=selectors.labor_plan_refusal(project=project), **kwargs
        )

    def act(self, form):
        plan = services.labor_plan_save(
            scope=self.scope, project=self.get_project(), data=form.plan_data, plan=self.get_plan()
        )
        return f"用工计划「{plan.stage.name}」已保存，发布后将推送至项目所在乡镇（街道）。"


class LaborPlanPublishView(ProjectMixin, ScopedViewMixin, View):
    """POST: publish a plan to the inbox of every township the project stands on."""

    required_role = Role.EDITOR

    def get(self, request, project_code, plan_id):
        return redirect_to_project(self.get_project(), "plans")

    def post(self, request, project_code, plan_id):
        project = self.get_project()
        plan = selectors.labor_plan_get(scope=self.scope, project=project, pk=plan_id)
        try:
            notices = services.labor_plan_publish(scope=self.scope, plan=plan)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"用工计划已发布，推送至 {len(notices)} 个乡镇（街道）。")
        return redirect_to_project(project, "plans")


class InboxView(ScopedListView):
    """A township's inbox of labour plans of the projects on its ground."""

    allowed_kinds = TOWNSHIP_KINDS
    template_name = "projects/inbox.html"
    context_object_name = "notices"
    paginate_by = 25

    def get_filters(self) -> dict:
        return {key: self.request.GET.get(key) == "1" for key in ("pending", "current")}

    def get_queryset(self):
        return selectors.inbox(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        return super().get_context_data(
            pending_only=filters["pending"],
            current_only=filters["current"],
            pending_count=selectors.inbox_pending_count(scope=self.scope),
            can_acknowledge=self.scope.may_write(TOWNSHIP_KINDS),
            **kwargs,
        )


class NoticeAcknowledgeView(ScopedViewMixin, View):
    """POST: the township signs for a plan in its inbox."""

    allowed_kinds = TOWNSHIP_KINDS
    required_role = Role.EDITOR

    def get(self, request, notice_id):
        selectors.plan_notice_get(scope=self.scope, pk=notice_id)
        return redirect("projects:inbox")

    def post(self, request, notice_id):
        notice = selectors.plan_notice_get(scope=self.scope, pk=notice_id)
        services.plan_notice_acknowledge(scope=self.scope, notice=notice)
        messages.success(request, f"已签收：{notice.plan.project.name} · {notice.plan.stage.name}")
        return redirect("projects:inbox")


class CheckpointRecordView(ProjectActionView):
    """Record a lifecycle checkpoint with its date and document (a new document is a new
    version; the earlier ones stay). Acceptance and the final audit show the completion
    evaluation's current result beside the form; maintenance asks who is responsible."""

    form_class = CheckpointForm
    template_name = "projects/archives/checkpoint_form.html"
    multipart = True
    tab = "checkpoints"

    def get_kind(self) -> str:
        kind = self.kwargs["checkpoint_kind"]
        if kind not in CheckpointKind.values:
            raise Http404("没有这个项目节点。")
        return kind

    @property
    def title(self):
        return f"记录项目节点：{CheckpointKind(self.get_kind()).label}"

    def get_existing(self):
        return selectors.checkpoint_get(
            scope=self.scope, project=self.get_project(), kind=self.get_kind()
        )

    def get_form_kwargs(self):
        project = self.get_project()
        if not selectors.project_can_edit(scope=self.scope, project=project, allow_owner=True):
            raise PermissionDenied("您无权记录该项目的节点。")
        existing = self.get_existing()
        kind = self.get_kind()
        kwargs = super().get_form_kwargs()
        if existing is not None and self.request.method == "GET":
            kwargs["initial"] = {
                "date": existing.date,
                "note": existing.note,
                "bank": existing.bank,
                "account": existing.account,
            }
            maintenance = selectors.maintenance_get(scope=self.scope, project=project)
            if kind == CheckpointKind.MAINTENANCE and maintenance is not None:
                kwargs["initial"].update(
                    unit=maintenance.unit,
                    collective_name=maintenance.collective_name,
                    planned_workers=maintenance.planned_workers,
                    maintenance_note=maintenance.note,
                )
        document = selectors.newest_version(scope=self.scope, project=project, kind=kind)
        return {
            **kwargs,
            "kind": kind,
            "has_document": document is not None,
            "project": project,
        }

    def get_context_data(self, **kwargs):
        project, kind = self.get_project(), self.get_kind()
        follows = CHECKPOINT_PREDECESSOR.get(kind)
        return super().get_context_data(
            kind=kind,
            follows=CheckpointKind(follows).label if follows else "",
            document=selectors.newest_version(scope=self.scope, project=project, kind=kind),
            evaluation=selectors.evaluation_get(scope=self.scope, project=project)
            if kind in EVALUATION_INFORMS
            else None,
            shows_evaluation=kind in EVALUATION_INFORMS,
            **kwargs,
        )

    def act(self, form):
        checkpoint = services.checkpoint_record(
            scope=self.scope,
            project=self.get_project(),
            kind=self.get_kind(),
            data=form.cleaned_data,
        )
        return f"已记录「{checkpoint.get_kind_display()}」。"


class CheckpointDocumentView(ProjectMixin, ScopedViewMixin, View):
    """A checkpoint's document, to those who may see the project: the only way to it, as the
    media folder is served by no URL.

    Always a download (`Content-Disposition: attachment`) that the browser may not sniff into
    another type: a document never opens as a page of the portal's origin, whatever it holds."""

    def get(self, request, project_code, checkpoint_kind):
        project = self.get_project()
        checkpoint = selectors.checkpoint_get(
            scope=self.scope, project=project, kind=checkpoint_kind
        )
        version = (
            selectors.newest_version(scope=self.scope, project=project, kind=checkpoint_kind)
            if checkpoint is not None
            else None
        )
        if version is None:
            raise Http404("该节点还没有上传文件。")
        return version_download(version, f"{project.code}-{checkpoint.get_kind_display()}")


class EvaluationView(ProjectActionView):
    """The completion evaluation beside the project's figures as the records give them today
    ("暂无记录" where none are kept). Once evaluated, the page revises: a new version with its
    reason, the earlier versions listed below the form."""

    form_class = EvaluationForm
    template_name = "projects/evaluation_form.html"
    multipart = True
    allowed_kinds = OVERSEEING_KINDS
    submit_label = "保存综合评价"
    tab = "evaluation"

    def get_versions(self):
        if not hasattr(self, "versions"):
            self.versions = selectors.evaluation_versions(
                scope=self.scope, project=self.get_project()
            )
        return self.versions

    @property
    def title(self):
        return "修订以工代赈综合评价" if self.get_versions() else "以工代赈综合评价"

    def get_form_kwargs(self):
        if not selectors.project_can_edit(scope=self.scope, project=self.get_project()):
            raise PermissionDenied("您无权评价该项目。")
        kwargs = super().get_form_kwargs()
        versions = self.get_versions()
        if versions and self.request.method == "GET":
            current = versions[0]
            kwargs["initial"] = {
                "comments": current.comments,
                "evaluating_unit": current.evaluating_unit,
                "participants": list(current.participants.all()),
                **{f"score_{score.order}": score.score for score in current.scores.all()},
            }
        return {**kwargs, "revising": bool(versions), "project": self.get_project()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=figure_rows(project_figures(self.get_project())),
            versions=self.get_versions(),
            **kwargs,
        )

    def act(self, form):
        evaluation = services.evaluation_record(
            scope=self.scope, project=self.get_project(), **form.evaluation_data
        )
        if evaluation.is_revision:
            return (
                f"综合评价已修订为第{evaluation.version}版：{evaluation.get_judgement_display()}，"
                "原评价已保留。"
            )
        return f"综合评价已保存：{evaluation.get_judgement_display()}。"


urlpatterns = [
    path(
        "projects/<str:project_code>/plans/new/",
        LaborPlanFormView.as_view(),
        name="plan-create",
    ),
    path(
        "projects/<str:project_code>/plans/<int:plan_id>/edit/",
        LaborPlanFormView.as_view(),
        name="plan-edit",
    ),
    path(
        "projects/<str:project_code>/plans/<int:plan_id>/publish/",
        LaborPlanPublishView.as_view(),
        name="plan-publish",
    ),
    path(
        "projects/<str:project_code>/checkpoints/<str:checkpoint_kind>/",
        CheckpointRecordView.as_view(),
        name="checkpoint-record",
    ),
    path(
        "projects/<str:project_code>/checkpoints/<str:checkpoint_kind>/document/",
        CheckpointDocumentView.as_view(),
        name="checkpoint-document",
    ),
    path(
        "projects/<str:project_code>/evaluation/",
        EvaluationView.as_view(),
        name="project-evaluate",
    ),
    path("inbox/", InboxView.as_view(), name="inbox"),
    path(
        "inbox/<int:notice_id>/acknowledge/",
        NoticeAcknowledgeView.as_view(),
        name="notice-acknowledge",
    ),
]
