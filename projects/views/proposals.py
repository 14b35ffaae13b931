"""Pages of proposals (项目申报): the proposer's list, its form and submission; the office's
review queue and decision; this year against last year; the written explanation; the
proposal's tab on the project page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, TOWNSHIP_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import FilteredListView
from projects.forms.proposals import (
    DeclineExplanationForm,
    MyProposalFilterForm,
    ProposalDecisionForm,
    ProposalFilterForm,
    ProposalForm,
)
from projects.models import ProposalStatus
from projects.selectors import proposals as proposal_selectors
from projects.selectors.proposals import PROPOSER_KINDS, REVIEWER_KINDS
from projects.services import proposals as proposal_services
from projects.services.projects import ContractLine
from projects.views.projects import redirect_to_project

COMPARISON_KINDS = REVIEWER_KINDS | PROPOSER_KINDS
TAB = "proposal"


def list_url(scope, filters: dict) -> str:
    """The list a figure of the proposals counts: the review queue for the office and the
    member units, the proposer's own list for a proposer."""
    name = "projects:proposal-list" if scope.kind in PROPOSER_KINDS else "projects:proposal-review"
    query = {key: 1 if value is True else value for key, value in filters.items() if value}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def _year(request, value: str | None = None) -> int:
    """The year asked for, within the years the filters offer (this year and last must both be
    among them, so each number's link opens its rows): else this year."""
    value = request.GET.get("year", "") if value is None else value
    this_year = timezone.localdate().year
    return (
        int(value)
        if value.isdigit() and this_year - 2 <= int(value) <= this_year + 1
        else this_year
    )


class ProposalListBase(FilteredListView):
    context_object_name = "proposals"
    paginate_by = 25

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = self.filter_form_class(self.request.GET or None, scope=self.scope)
        return self._filter_form

    def get_queryset(self):
        return proposal_selectors.proposal_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_filters().get("year") or timezone.localdate().year
        counts = proposal_selectors.proposal_counts(scope=self.scope, year=year)
        for proposal in context["proposals"]:
            proposal.badge = proposal_selectors.PROPOSAL_STATUS_BADGES[proposal.status]
            proposal.can_edit = proposal_selectors.proposal_can_edit(
                scope=self.scope, proposal=proposal
            )
            proposal.can_decide = proposal_selectors.proposal_can_decide(
                scope=self.scope, proposal=proposal
            )
        context.update(
            year=year,
            status_counts=[
                (
                    status,
                    label,
                    counts[status],
                    list_url(self.scope, {"year": year, "status": status}),
                )
                for status, label in ProposalStatus.choices
                if status != ProposalStatus.DRAFT or self.scope.kind in PROPOSER_KINDS
            ],
        )
        return context


class ProposalListView(ProposalListBase):
    """项目申报: the proposer's own proposals by year and status, with the way to a new one."""

    allowed_kinds = PROPOSER_KINDS
    template_name = "projects/proposals/proposal_list.html"
    filter_form_class = MyProposalFilterForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = context["year"]
        comparison = proposal_selectors.proposal_comparison(scope=self.scope, year=year)
        own = [*comparison["department"], *comparison["township"]]
        context.update(
            can_create=self.scope.may_write(PROPOSER_KINDS),
            own_row=own[0] if own else None,
            ground_label="辖区" if self.scope.kind in TOWNSHIP_KINDS else "领域",
        )
        return context


class ProposalReviewView(ProposalListBase):
    """The office's review queue (member units read it): submitted proposals of the region,
    filtered by proposer, domain and township, each with the way to its decision."""

    allowed_kinds = REVIEWER_KINDS
    template_name = "projects/proposals/proposal_review.html"
    filter_form_class = ProposalFilterForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_decide=self.scope.may_write(OFFICE_KINDS), **kwargs)


class ProposalMixin:
    def get_proposal(self):
        if not hasattr(self, "proposal"):
            self.proposal = proposal_selectors.proposal_get(
                scope=self.scope, pk=self.kwargs["proposal_id"]
            )
        return self.proposal


class ProposalFormView(ScopedViewMixin, FormView):
    template_name = "projects/proposals/proposal_form.html"
    form_class = ProposalForm
    required_role = Role.EDITOR
    allowed_kinds = PROPOSER_KINDS

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def form_valid(self, form):
        contracts = [
            ContractLine(contractor, form.cleaned_data.get("contract_date"))
            for contractor in form.cleaned_data["contractors"]
        ]
        extra = (
            {"supports": list(form.cleaned_data["supports"])} if "supports" in form.fields else {}
        )
        try:
            proposal = self.save(form, contracts, extra)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"申报「{proposal.project.name}」已保存；确认无误后请提交审核。"
        )
        return redirect_to_project(proposal.project, TAB)

    def save(self, form, contracts, extra):
        raise NotImplementedError


class ProposalCreateView(ProposalFormView):
    def save(self, form, contracts, extra):
        return proposal_services.proposal_create(
            scope=self.scope,
            year=form.cleaned_data["year"],
            data=form.project_data,
            contracts=contracts,
            townships=list(form.cleaned_data["townships"]),
            forecasts=form.forecasts,
            extra=extra,
        )


class ProposalUpdateView(ProposalMixin, ProposalFormView):
    def get_form_kwargs(self):
        proposal = self.get_proposal()
        return {**super().get_form_kwargs(), "instance": proposal.project, "proposal": proposal}

    def get_context_data(self, **kwargs):
        proposal = self.get_proposal()
        return super().get_context_data(
            proposal=proposal,
            project=proposal.project,
            editable=proposal_selectors.proposal_can_edit(scope=self.scope, proposal=proposal),
            **kwargs,
        )

    def save(self, form, contracts, extra):
        proposal = self.get_proposal()
        proposal.project.refresh_from_db()
        return proposal_services.proposal_update(
            scope=self.scope,
            proposal=proposal,
            data={k: v for k, v in form.project_data.items() if k != "code"},
            contracts=contracts,
            townships=list(form.cleaned_data["townships"]),
            forecasts={proposal.year: next(iter(form.forecasts.values()))},
            extra=extra,
        )


class ProposalSubmitView(ProposalMixin, ScopedViewMixin, View):
    """POST: send the proposal to the office."""

    required_role = Role.EDITOR
    allowed_kinds = PROPOSER_KINDS

    def get(self, request, proposal_id):
        return redirect_to_project(self.get_proposal().project, TAB)

    def post(self, request, proposal_id):
        proposal = self.get_proposal()
        try:
            proposal_services.proposal_submit(scope=self.scope, proposal=proposal)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request, f"申报「{proposal.project.name}」已提交，等待协调机制办公室审核。"
            )
        return redirect_to_project(proposal.project, TAB)


class ProposalDecideView(ProposalMixin, ScopedViewMixin, FormView):
    """The office's decision on one submitted proposal."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    form_class = ProposalDecisionForm
    template_name = "projects/proposals/proposal_decide.html"

    def get_context_data(self, **kwargs):
        proposal = self.get_proposal()
        return super().get_context_data(
            proposal=proposal,
            project=proposal.project,
            forecast=proposal_selectors.forecast_for(project=proposal.project, year=proposal.year),
            can_decide=proposal_selectors.proposal_can_decide(scope=self.scope, proposal=proposal),
            badge=proposal_selectors.PROPOSAL_STATUS_BADGES[proposal.status],
            statuses=ProposalStatus,
            **kwargs,
        )

    def form_valid(self, form):
        proposal = self.get_proposal()
        try:
            proposal_services.proposal_decide(
                scope=self.scope,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        proposal.refresh_from_db()
        messages.success(
            self.request, f"申报「{proposal.project.name}」：{proposal.get_status_display()}。"
        )
        return redirect(reverse("projects:proposal-review") + "?status=submitted")


class ProposalComparisonView(ScopedViewMixin, TemplateView):
    """This year against last year per department, township and domain; `?missing=1` keeps
    the organisations whose figures fall with no explanation (the to-do's list)."""

    allowed_kinds = COMPARISON_KINDS
    template_name = "projects/proposals/proposal_comparison.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request)
        missing = self.request.GET.get("missing") == "1"
        comparison = proposal_selectors.proposal_comparison(
            scope=self.scope, year=year, missing_only=missing
        )
        for group in ("department", "township", "domain"):
            for row in comparison[group]:
                self._link(row, year)
        return super().get_context_data(
            comparison=comparison,
            object_list=[*comparison["department"], *comparison["township"]],
            missing=missing,
            labels=proposal_selectors.FIGURE_LABELS,
            years=[year + 1, year, year - 1, year - 2],
            is_proposer=self.scope.kind in PROPOSER_KINDS,
            **kwargs,
        )

    def _link(self, row: dict, year: int) -> None:
        for figure in row["figures"]:
            wanted = {"year": year, **row["filters"]}
            if figure["name"] == "on_list":
                wanted["status"] = ProposalStatus.ADOPTED
            figure["url"] = list_url(self.scope, wanted)
            figure["before_url"] = list_url(self.scope, {**wanted, "year": year - 1})


class DeclineExplanationView(ScopedViewMixin, FormView):
    """A proposer's written explanation of figures that fall short of last year's."""

    required_role = Role.EDITOR
    allowed_kinds = PROPOSER_KINDS
    form_class = DeclineExplanationForm
    template_name = "projects/proposals/decline_explanation.html"

    def get_year(self) -> int:
        return _year(self.request) if self.request.method == "GET" else self._posted_year()

    def _posted_year(self) -> int:
        return _year(self.request, self.request.POST.get("year", ""))

    def get_initial(self):
        explanation = proposal_selectors.decline_explanation_get(
            scope=self.scope, year=self.get_year()
        )
        return {"text": explanation.text if explanation else ""}

    def get_context_data(self, **kwargs):
        year = self.get_year()
        comparison = proposal_selectors.proposal_comparison(scope=self.scope, year=year)
        own = [*comparison["department"], *comparison["township"]]
        return super().get_context_data(
            year=year,
            row=own[0] if own else None,
            labels=proposal_selectors.FIGURE_LABELS,
            is_open=proposal_selectors.decline_explanation_open(scope=self.scope, year=year),
            **kwargs,
        )

    def form_valid(self, form):
        year = self.get_year()
        try:
            proposal_services.decline_explanation_save(
                scope=self.scope, year=year, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{year}年同比下降书面说明已保存。")
        return redirect(reverse("projects:proposal-comparison") + f"?year={year}")


# --- the proposal's tab on the project page ------------------------------------------------


def proposal_tab_allowed(scope, project) -> bool:
    """A proposed project's tab, for the office, member units, departments and townships."""
    return project.proposed_by_id is not None and scope.kind in COMPARISON_KINDS


def proposal_tab_badge(scope, project):
    proposal = proposal_selectors.proposal_for_project(scope=scope, project=project)
    if proposal is None:
        return None
    return proposal.get_status_display(), proposal.status == ProposalStatus.RETURNED


def proposal_tab_context(scope, project) -> dict:
    proposal = proposal_selectors.proposal_for_project(scope=scope, project=project)
    forecast = (
        proposal_selectors.forecast_for(project=project, year=proposal.year) if proposal else None
    )
    if proposal is not None:
        proposal.badge_class = proposal_selectors.PROPOSAL_STATUS_BADGES[proposal.status]
    return {
        "proposal": proposal,
        "proposal_forecast": forecast,
        "proposal_statuses": ProposalStatus,
        "can_edit_proposal": proposal is not None
        and proposal_selectors.proposal_can_edit(scope=scope, proposal=proposal),
        "can_decide_proposal": proposal is not None
        and proposal_selectors.proposal_can_decide(scope=scope, proposal=proposal),
    }


def register() -> None:
    """Menu entries and the project page's tab (called from ProjectsConfig.ready)."""
    from portal.navigation import NavItem, registry
    from projects.panels import ProjectTab, register_project_tab

    registry.add_nav(
        NavItem("项目申报", "projects:proposal-list", order=15, allowed_kinds=PROPOSER_KINDS)
    )
    registry.add_nav(
        NavItem("申报审核", "projects:proposal-review", order=15, allowed_kinds=REVIEWER_KINDS)
    )
    register_project_tab(
        ProjectTab(
            key=TAB,
            label="项目申报",
            template="projects/proposals/tab.html",
            context=proposal_tab_context,
            badge=proposal_tab_badge,
            allowed=proposal_tab_allowed,
            order=10,
        )
    )


urlpatterns = [
    path("proposals/", ProposalListView.as_view(), name="proposal-list"),
    path("proposals/review/", ProposalReviewView.as_view(), name="proposal-review"),
    path("proposals/comparison/", ProposalComparisonView.as_view(), name="proposal-comparison"),
    path("proposals/explanation/", DeclineExplanationView.as_view(), name="decline-explanation"),
    path("proposals/new/", ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<int:proposal_id>/edit/", ProposalUpdateView.as_view(), name="proposal-edit"),
    path(
        "proposals/<int:proposal_id>/submit/", ProposalSubmitView.as_view(), name="proposal-submit"
    ),
    path(
        "proposals/<int:proposal_id>/decide/", ProposalDecideView.as_view(), name="proposal-decide"
    ),
]
