"""Pages of matching surveyed people to published labour plans: the township's plans and, per
plan, the people proposed and those referred; the contractor's referrals to answer; the
office's view of how long plans took to fill and which priority-group people were left out."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import View

from labor import selectors, services
from labor.forms import ReferralAcceptForm, ReferralCreateForm, ReferralDeclineForm
from labor.models import ReferralStatus
from portal.forms import add_service_errors
from portal.models import CONTRACTOR_KINDS, REGION_WIDE_KINDS, TOWNSHIP_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import ScopedListView
from projects.selectors import plan_notice_get

CANDIDATES_SHOWN = 100


def _toggle_filters(request, keys) -> dict[str, bool]:
    return {key: request.GET.get(key) == "1" for key in keys}


class ReferralNoticeListView(ScopedListView):
    """The township's published plans, with how many it referred and how many were hired."""

    allowed_kinds = TOWNSHIP_KINDS
    template_name = "labor/referral_notice_list.html"
    context_object_name = "notices"
    paginate_by = 25

    def get_filters(self) -> dict:
        return _toggle_filters(self.request, ["unreferred"])

    def get_queryset(self):
        return selectors.referral_notice_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(unreferred=self.get_filters()["unreferred"], **kwargs)


class ReferralNoticeView(ScopedViewMixin, View):
    """One plan in the township's inbox: the people proposed (its pool first, then its
    neighbours', priority groups first) to tick and refer, the teams proposed, and the
    people it referred with the contractor's answers."""

    allowed_kinds = TOWNSHIP_KINDS
    template_name = "labor/referral_notice.html"

    def get_notice(self):
        return plan_notice_get(scope=self.scope, pk=self.kwargs["notice_id"])

    def render_page(self, notice, candidates, form, status=200):
        referrals = selectors.referral_list(scope=self.scope, filters={"notice": notice})
        return render(
            self.request,
            self.template_name,
            {
                "notice": notice,
                "plan": notice.plan,
                "people": candidates.people[:CANDIDATES_SHOWN],
                "people_total": len(candidates.people),
                "people_shown": min(len(candidates.people), CANDIDATES_SHOWN),
                "teams": candidates.teams,
                "neighbours": candidates.neighbours,
                "referrals": referrals,
                "form": form,
                "can_refer": self.scope.may_write(TOWNSHIP_KINDS),
                "chosen": {str(pk) for pk in self.request.POST.getlist("responses")},
            },
            status=status,
        )

    def get(self, request, notice_id):
        notice = self.get_notice()
        candidates = selectors.referral_candidates(scope=self.scope, notice=notice)
        return self.render_page(notice, candidates, None)


class ReferralCreateView(ReferralNoticeView):
    """POST: refer the people ticked on the notice's page."""

    required_role = Role.EDITOR

    def get(self, request, notice_id):
        self.get_notice()
        return redirect("labor:referral-notice", notice_id=notice_id)

    def post(self, request, notice_id):
        notice = self.get_notice()
        candidates = selectors.referral_candidates(scope=self.scope, notice=notice)
        form = ReferralCreateForm(
            request.POST, proposed=[candidate.response.pk for candidate in candidates.people]
        )
        if form.is_valid():
            try:
                referrals = services.referral_create(
                    scope=self.scope, notice=notice, responses=list(form.cleaned_data["responses"])
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"已推荐 {len(referrals)} 人，等待施工单位答复。")
                return redirect("labor:referral-notice", notice_id=notice.pk)
        return self.render_page(notice, candidates, form)


class ReferralAnswerListView(ScopedListView):
    """The contractor's referrals: people the townships referred to plans of its projects."""

    allowed_kinds = CONTRACTOR_KINDS
    template_name = "labor/referral_answer_list.html"
    context_object_name = "referrals"
    paginate_by = 50

    def get_filters(self) -> dict:
        return _toggle_filters(self.request, ["awaiting"])

    def get_queryset(self):
        return selectors.referral_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            awaiting=self.get_filters()["awaiting"],
            awaiting_status=ReferralStatus.REFERRED,
            can_answer=self.scope.may_write(CONTRACTOR_KINDS),
            **kwargs,
        )


class ReferralDetailView(ScopedViewMixin, View):
    """A referral: the person (masked), the plan, the answer; the contractor answers here."""

    template_name = "labor/referral_detail.html"

    def get_referral(self):
        return selectors.referral_get(scope=self.scope, pk=self.kwargs["referral_id"])

    def render_page(self, referral, accept_form=None, decline_form=None):
        plan = referral.plan
        can_answer = selectors.referral_can_answer(scope=self.scope, referral=referral)
        if accept_form is None:
            today = timezone.localdate()
            accept_form = ReferralAcceptForm(
                initial={"entry_date": min(max(plan.start, today), plan.end)}
            )
        back_url, back_label, roster_url = "", "", ""
        if self.scope.kind in CONTRACTOR_KINDS:
            back_url, back_label = reverse("labor:referral-answers"), "推荐人员答复"
            if referral.engagement_id:
                roster_url = (
                    reverse("labor:roster", args=[plan.project_id])
                    + "?"
                    + urlencode({"name": referral.worker.name})
                )
        elif self.scope.kind in TOWNSHIP_KINDS:
            back_url = reverse("labor:referral-notice", args=[referral.notice_id])
            back_label = "推荐人员"
        elif self.scope.kind in REGION_WIDE_KINDS:
            back_url, back_label = reverse("labor:matching-plans"), "人岗匹配"
        return render(
            self.request,
            self.template_name,
            {
                "back_url": back_url,
                "back_label": back_label,
                "roster_url": roster_url,
                "referral": referral,
                "plan": plan,
                "can_answer": can_answer,
                "accept_form": accept_form,
                "decline_form": decline_form or ReferralDeclineForm(),
            },
        )

    def get(self, request, referral_id):
        return self.render_page(self.get_referral())


class ReferralAnswerView(ReferralDetailView):
    """POST: the contractor's answer; a refused answer shows the page again with why."""

    allowed_kinds = CONTRACTOR_KINDS
    required_role = Role.EDITOR
    form_class = ReferralAcceptForm

    def get(self, request, referral_id):
        self.get_referral()
        return redirect("labor:referral-detail", referral_id=referral_id)

    def post(self, request, referral_id):
        referral = self.get_referral()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.act(referral, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("labor:referral-detail", referral_id=referral.pk)
        return self.render_with(referral, form)

    def render_with(self, referral, form):
        return self.render_page(referral, accept_form=form)

    def act(self, referral, data) -> str:
        services.referral_accept(scope=self.scope, referral=referral, **data)
        return f"已录用{referral.worker.name}，已登记到用工名册。"


class ReferralDeclineView(ReferralAnswerView):
    form_class = ReferralDeclineForm

    def render_with(self, referral, form):
        return self.render_page(referral, decline_form=form)

    def act(self, referral, data) -> str:
        services.referral_decline(scope=self.scope, referral=referral, **data)
        return f"已答复：未录用{referral.worker.name}。"


class MatchingPlanListView(ScopedListView):
    """The office's published plans: when each was published, the day its positions were
    filled (or 未满员) and the days it took; and the priority-group people left out."""

    allowed_kinds = REGION_WIDE_KINDS
    template_name = "labor/matching_plan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        return selectors.matching_plan_list(scope=self.scope)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.priority_people_counts(scope=self.scope)
        context.update(
            fills=selectors.matching_plan_fills(list(context["plans"])),
            left_out=[
                (key, label, counts[key], priority_people_url(key))
                for key, label in selectors.PRIORITY_PEOPLE_FILTERS.items()
            ],
        )
        return context


def priority_people_url(key: str) -> str:
    return reverse("labor:matching-priority-people") + "?" + urlencode({key: 1})


class PriorityPeopleView(ScopedListView):
    """The surveyed priority-group people never referred, or referred and never hired."""

    allowed_kinds = REGION_WIDE_KINDS
    template_name = "labor/matching_priority_people.html"
    context_object_name = "people"
    paginate_by = 50

    def get_filters(self) -> dict:
        return _toggle_filters(self.request, selectors.PRIORITY_PEOPLE_FILTERS)

    def get_queryset(self):
        return selectors.priority_people(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        chosen = [label for key, label in selectors.PRIORITY_PEOPLE_FILTERS.items() if filters[key]]
        return super().get_context_data(
            heading="、".join(chosen) + "重点群体人员" if chosen else "摸底调查中的重点群体人员",
            filter_links=[
                (label, priority_people_url(key), filters[key])
                for key, label in selectors.PRIORITY_PEOPLE_FILTERS.items()
            ],
            **kwargs,
        )


urlpatterns = [
    path("labor/referrals/", ReferralNoticeListView.as_view(), name="referral-notices"),
    path(
        "labor/referrals/notices/<int:notice_id>/",
        ReferralNoticeView.as_view(),
        name="referral-notice",
    ),
    path(
        "labor/referrals/notices/<int:notice_id>/refer/",
        ReferralCreateView.as_view(),
        name="referral-create",
    ),
    path("labor/referrals/answers/", ReferralAnswerListView.as_view(), name="referral-answers"),
    path(
        "labor/referrals/<int:referral_id>/", ReferralDetailView.as_view(), name="referral-detail"
    ),
    path(
        "labor/referrals/<int:referral_id>/accept/",
        ReferralAnswerView.as_view(),
        name="referral-accept",
    ),
    path(
        "labor/referrals/<int:referral_id>/decline/",
        ReferralDeclineView.as_view(),
        name="referral-decline",
    ),
    path("labor/matching/plans/", MatchingPlanListView.as_view(), name="matching-plans"),
    path(
        "labor/matching/priority-people/",
        PriorityPeopleView.as_view(),
        name="matching-priority-people",
    ),
]


def todos(scope):
    """The contractor's referrals waiting for its answer; the township's plans on offer to
    which it has referred nobody yet. Each counted by the selector of the list it opens."""
    from portal.navigation import Todo

    if scope.organization is None:
        return []
    if scope.kind in CONTRACTOR_KINDS:
        count = selectors.referral_list(scope=scope, filters={"awaiting": True}).count()
        url = reverse("labor:referral-answers") + "?awaiting=1"
        return [Todo("待答复的乡镇推荐人员", count, url)]
    if scope.kind in TOWNSHIP_KINDS:
        count = selectors.referral_notice_list(scope=scope, filters={"unreferred": True}).count()
        url = reverse("labor:referral-notices") + "?unreferred=1"
        return [Todo("尚未推荐人员的在招用工计划", count, url)]
    return []


def ready() -> None:
    from portal.navigation import NavItem, registry

    registry.add_nav(
        NavItem("岗位推荐", "labor:referral-notices", order=58, allowed_kinds=TOWNSHIP_KINDS)
    )
    registry.add_nav(
        NavItem("推荐人员答复", "labor:referral-answers", order=58, allowed_kinds=CONTRACTOR_KINDS)
    )
    registry.add_nav(
        NavItem("人岗匹配", "labor:matching-plans", order=58, allowed_kinds=REGION_WIDE_KINDS)
    )
    registry.add_todo(todos)
