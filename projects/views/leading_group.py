"""Pages: the region's leading group (领导小组) for a year, kept by the office and read by
everyone of the region, and the co-lead departments the office names (共同牵头)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from portal.models import OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import ServiceFormView
from projects import selectors, services
from projects.forms import CoLeadForm, LeadingGroupCopyForm, LeadingGroupMemberForm
from projects.models import GroupRole


def year_of(request) -> int:
    """The year asked for (?year=), this year when none or nonsense."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def group_url(year: int) -> str:
    return f"{reverse('projects:leading-group')}?year={year}"


class LeadingGroupView(ScopedViewMixin, TemplateView):
    template_name = "projects/leading_group.html"

    def get_context_data(self, **kwargs):
        year = year_of(self.request)
        this_year = timezone.localdate().year
        group = selectors.leading_group_get(scope=self.scope, year=year)
        years = selectors.leading_group_years(scope=self.scope)
        earlier = [y for y in years if y < year]
        by_role = selectors.leading_group_members_by_role(group)
        can_name = selectors.co_lead_can_name(scope=self.scope)
        departments = list(selectors.co_lead_departments(scope=self.scope))
        return super().get_context_data(
            year=year,
            group=group,
            leaders=by_role[GroupRole.LEADER],
            deputies=by_role[GroupRole.DEPUTY],
            members=by_role[GroupRole.MEMBER],
            member_count=sum(len(people) for people in by_role.values()),
            office=group.office
            if group and group.office
            else selectors.office_of_area(scope=self.scope),
            year_choices=sorted({*years, this_year, this_year + 1, year}, reverse=True),
            copy_from=earlier[0] if earlier else None,
            can_edit=selectors.leading_group_can_edit(scope=self.scope),
            can_name_co_lead=can_name,
            co_leads=[d for d in departments if d.is_co_lead],
            co_lead_form=CoLeadForm(scope=self.scope) if can_name else None,
            co_lead_candidates=[d for d in departments if not d.is_co_lead],
            **kwargs,
        )


class LeadingGroupFormView(ServiceFormView):
    allowed_kinds = OFFICE_KINDS
    form_class = LeadingGroupMemberForm
    template_name = "projects/leading_group_form.html"
    title = "添加领导小组成员"

    def get_year(self) -> int:
        return year_of(self.request)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, year=self.get_year(), back=group_url(self.get_year()), **kwargs
        )

    def done_url(self) -> str:
        return group_url(self.get_year())


class LeadingGroupMemberAddView(LeadingGroupFormView):
    def act(self, form):
        member = services.leading_group_member_add(
            scope=self.scope, year=self.get_year(), data=form.cleaned_data
        )
        return (
            f"已将{member.person_name}列为{self.get_year()}年领导小组{member.get_role_display()}。"
        )


class LeadingGroupMemberEditView(LeadingGroupFormView):
    title = "修改领导小组成员"

    def get_member(self):
        if not hasattr(self, "_member"):
            self._member = selectors.leading_group_member_get(
                scope=self.scope, pk=self.kwargs["group_member_id"]
            )
        return self._member

    def get_year(self) -> int:
        return self.get_member().group.year

    def get_initial(self):
        member = self.get_member()
        return {field: getattr(member, field) for field in services.LEADING_GROUP_MEMBER_FIELDS}

    def act(self, form):
        member = services.leading_group_member_update(
            scope=self.scope, member=self.get_member(), data=form.cleaned_data
        )
        return f"已保存{member.person_name}的信息。"


class LeadingGroupMemberRemoveView(ScopedViewMixin, View):
    """POST: take a person off the leading group."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS

    def get(self, request, group_member_id):
        member = selectors.leading_group_member_get(scope=request.scope, pk=group_member_id)
        return redirect(group_url(member.group.year))

    def post(self, request, group_member_id):
        member = selectors.leading_group_member_get(scope=request.scope, pk=group_member_id)
        year = member.group.year
        services.leading_group_member_remove(scope=request.scope, member=member)
        messages.success(request, f"已将{member.person_name}移出{year}年领导小组。")
        return redirect(group_url(year))


class LeadingGroupCopyView(ScopedViewMixin, View):
    """POST: start a year's group as a copy of an earlier year's."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS

    def get(self, request):
        return redirect(group_url(year_of(request)))

    def post(self, request):
        form = LeadingGroupCopyForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择要复制的年度和新的年度。")
            return redirect(group_url(year_of(request)))
        years = form.cleaned_data
        try:
            group = services.leading_group_copy(scope=request.scope, **years)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect(group_url(years["to_year"]))
        messages.success(
            request, f"已按{years['from_year']}年的领导小组建立{group}，请核对人员变动。"
        )
        return redirect(group_url(group.year))


class CoLeadView(ScopedViewMixin, View):
    """POST: the office's admin names a department co-lead, or unnames it."""

    required_role = Role.ADMIN
    allowed_kinds = OFFICE_KINDS

    def get(self, request):
        return redirect(group_url(year_of(request)))

    def post(self, request):
        form = CoLeadForm(request.POST, scope=request.scope)
        if not form.is_valid():
            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
            return redirect(group_url(year_of(request)))
        organization, co_lead = form.cleaned_data["organization"], form.cleaned_data["co_lead"]
        try:
            services.organization_set_co_lead(
                scope=request.scope, organization=organization, co_lead=co_lead
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            done = "指定为共同牵头单位" if co_lead else "不再是共同牵头单位"
            messages.success(request, f"{organization.name}已{done}。")
        return redirect(group_url(year_of(request)))


urlpatterns = [
    path("leading-group/", LeadingGroupView.as_view(), name="leading-group"),
    path(
        "leading-group/members/new/",
        LeadingGroupMemberAddView.as_view(),
        name="leading-group-member-add",
    ),
    path(
        "leading-group/members/<int:group_member_id>/",
        LeadingGroupMemberEditView.as_view(),
        name="leading-group-member-edit",
    ),
    path(
        "leading-group/members/<int:group_member_id>/remove/",
        LeadingGroupMemberRemoveView.as_view(),
        name="leading-group-member-remove",
    ),
    path("leading-group/copy/", LeadingGroupCopyView.as_view(), name="leading-group-copy"),
    path("leading-group/co-lead/", CoLeadView.as_view(), name="leading-group-co-lead"),
]
