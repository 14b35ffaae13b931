"""Pages: coordination meetings — a member unit's proposal, the office convening or declining
it, the meeting held with its minutes — and their agreed action items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import FormView, TemplateView, View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import ScopedListView
from projects import selectors, services
from projects.forms import (
    ActionItemFormSet,
    MeetingConveneForm,
    MeetingDeclineForm,
    MeetingForm,
    MeetingProposeForm,
    MeetingRecordForm,
)
from projects.models import MeetingStatus


class MeetingListView(ScopedListView):
    """Every meeting the user may see — proposals, meetings convened, meetings held — with the
    proposals waiting for the office and the overdue action items above."""

    template_name = "projects/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 25

    def get_filters(self) -> dict:
        status = self.request.GET.get("status", "")
        return {
            "status": status if status in selectors.MEETING_FILTERS else "",
            "proposed_by_me": self.request.GET.get("mine") == "1",
        }

    def query_string(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()

    def get_queryset(self):
        return selectors.meeting_list(
            scope=self.scope, filters=self.get_filters()
        ).prefetch_related("attendees")

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        overdue = selectors.overdue_action_items(scope=self.scope)
        return super().get_context_data(
            can_create=selectors.meeting_can_manage(scope=self.scope),
            can_propose=selectors.meeting_can_propose(scope=self.scope),
            proposal_count=selectors.meeting_proposal_count(scope=self.scope)
            if selectors.meeting_can_manage(scope=self.scope)
            else 0,
            status_filter=filters["status"],
            mine=filters["proposed_by_me"],
            status_links=list(selectors.MEETING_FILTERS.items()),
            proposed=MeetingStatus.PROPOSED,
            query_string=self.query_string(),
            overdue=overdue[:10],
            overdue_count=overdue.count(),
            today=timezone.localdate(),
            **kwargs,
        )


def mark_visible_projects(scope, items) -> None:
    """An item names a project its reader may not see (a township reads an item about another
    township's project): the link is shown only to those who may open it."""
    project_ids = {item.project_id for item in items if item.project_id}
    visible = selectors.visible_project_ids(scope=scope, ids=project_ids)
    for item in items:
        item.project_visible = item.project_id in visible


class MeetingDetailView(ScopedViewMixin, TemplateView):
    template_name = "projects/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = selectors.meeting_get(scope=self.scope, pk=kwargs["meeting_id"])
        mark_visible_projects(self.scope, meeting.action_items.all())
        manage = selectors.meeting_can_manage(scope=self.scope)
        context.update(
            meeting=meeting,
            invitees=meeting.other_invitees.splitlines(),
            today=timezone.localdate(),
            can_manage=manage,
            can_complete_any=manage,
            my_organization=self.scope.organization,
            can_edit=self.scope.may_write(),
            is_proposed=meeting.status == MeetingStatus.PROPOSED,
            is_declined=meeting.status == MeetingStatus.DECLINED,
            is_convened=meeting.status == MeetingStatus.CONVENED,
            is_held=meeting.status == MeetingStatus.HELD,
        )
        return context


def download(file, name: str) -> FileResponse:
    """A stored file as an attachment the browser may not sniff into a page of our origin."""
    extension = file.name.rsplit(".", 1)[-1] if "." in file.name else ""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=f"{name}.{extension}" if extension else name
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


class MeetingMinutesFileView(ScopedViewMixin, View):
    """The minutes file of a meeting, to those who may see the meeting (no /media/ URL)."""

    def get(self, request, meeting_id):
        meeting = selectors.meeting_minutes_get(scope=self.scope, pk=meeting_id)
        return download(meeting.minutes_file, f"{meeting.title}-会议纪要")


class MeetingFormView(ScopedViewMixin, FormView):
    """A form on its own page that acts on a meeting (or starts one) and goes to the meeting."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    template_name = "projects/meeting_action.html"
    title = ""
    submit_label = "确定"
    multipart = False
    wide = False
    shows_proposal = False  # the proposer and its reasons above the form

    def get_meeting(self):
        if "meeting_id" not in self.kwargs:
            return None
        if not hasattr(self, "_meeting"):
            self._meeting = selectors.meeting_get(scope=self.scope, pk=self.kwargs["meeting_id"])
        return self._meeting

    def refusal(self) -> str:
        """Why this meeting takes no such form now ("" when it does)."""
        return ""

    def get(self, request, *args, **kwargs):
        if reason := self.refusal():
            messages.info(request, reason)
            return redirect("projects:meeting-detail", meeting_id=self.get_meeting().pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if reason := self.refusal():
            messages.error(request, reason)
            return redirect("projects:meeting-detail", meeting_id=self.get_meeting().pk)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def get_context_data(self, **kwargs):
        meeting = self.get_meeting()
        cancel = (
            reverse("projects:meeting-detail", args=[meeting.pk])
            if meeting
            else reverse("projects:meeting-list")
        )
        return super().get_context_data(
            meeting=meeting,
            title=self.title,
            submit_label=self.submit_label,
            multipart=self.multipart,
            wide=self.wide,
            shows_proposal=self.shows_proposal,
            cancel_url=cancel,
            **kwargs,
        )

    def act(self, form):
        """Call the service; return (meeting, message)."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            meeting, message = self.act(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("projects:meeting-detail", meeting_id=meeting.pk)


class MeetingProposeView(MeetingFormView):
    """A member unit or a department proposes a meeting to the office."""

    allowed_kinds = selectors.MEETING_PROPOSER_KINDS
    form_class = MeetingProposeForm
    title = "建议召开协调会议"
    submit_label = "提交建议"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("scope")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro="协调机制办公室研究后通知召开或说明暂不召开的原因，结果在「协调会议」中可见。",
            **kwargs,
        )

    def act(self, form):
        meeting = services.meeting_propose(scope=self.scope, **form.cleaned_data)
        return meeting, "会议建议已提交协调机制办公室。"


class MeetingConveneView(MeetingFormView):
    """The office convenes a meeting: a proposal (with `meeting_id`) or a new one."""

    form_class = MeetingConveneForm
    submit_label = "通知召开"
    shows_proposal = True
    wide = True

    @property
    def title(self):
        meeting = self.get_meeting()
        if meeting is None:
            return "通知召开协调会议"
        return (
            "修改会议通知" if meeting.status == MeetingStatus.CONVENED else "通知召开（会议建议）"
        )

    def refusal(self):
        meeting = self.get_meeting()
        if meeting is not None and meeting.status not in (
            MeetingStatus.PROPOSED,
            MeetingStatus.CONVENED,
        ):
            return f"该会议{meeting.get_status_display()}，不能再通知召开。"
        return ""

    def get_initial(self):
        """A meeting convened again keeps its invitees; a new one (or a proposal) starts with
        every unit of this year's leading group and the proposer ticked, for the office to
        untick those a smaller meeting does not need."""
        meeting = self.get_meeting()
        if meeting is not None and meeting.status == MeetingStatus.CONVENED:
            invited = list(meeting.attendees.all())
            return {
                "title": meeting.title,
                "held_on": meeting.held_on,
                "group_units": invited,
                "other_units": invited,
                "other_invitees": meeting.other_invitees,
            }
        group = list(
            selectors.leading_group_units(scope=self.scope, year=timezone.localdate().year)
        )
        if meeting is None:
            return {"group_units": group}
        title = meeting.title if meeting.title.endswith("会") else f"{meeting.title}协调会"
        proposer = [meeting.proposed_by] if meeting.proposed_by else []
        return {"title": title, "group_units": group + proposer, "other_units": proposer}

    def act(self, form):
        data = form.cleaned_data
        meeting = services.meeting_convene(
            scope=self.scope,
            meeting=self.get_meeting(),
            title=data["title"],
            held_on=data["held_on"],
            attendees=form.attendees(),
            other_invitees=data["other_invitees"],
        )
        return meeting, f"已通知召开「{meeting.title}」（{meeting.held_on:%Y-%m-%d}）。"


class MeetingDeclineView(MeetingFormView):
    form_class = MeetingDeclineForm
    title = "暂不召开"
    shows_proposal = True
    submit_label = "确定暂不召开"

    def refusal(self):
        meeting = self.get_meeting()
        if meeting.status != MeetingStatus.PROPOSED:
            return f"该会议{meeting.get_status_display()}，不是待研究的会议建议。"
        return ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("scope")
        return kwargs

    def act(self, form):
        meeting = services.meeting_decline(
            scope=self.scope, meeting=self.get_meeting(), reason=form.cleaned_data["reason"]
        )
        return meeting, "已回复建议单位：暂不召开。"


class MeetingRecordView(MeetingFormView):
    """The meeting as held: date, who came, minutes and the minutes file."""

    form_class = MeetingRecordForm
    submit_label = "保存会议情况"
    multipart = True
    wide = True

    @property
    def title(self):
        held = self.get_meeting().status == MeetingStatus.HELD
        return "修改会议情况和纪要" if held else "登记会议召开情况"

    def refusal(self):
        meeting = self.get_meeting()
        if meeting.status not in (MeetingStatus.CONVENED, MeetingStatus.HELD):
            return f"该会议{meeting.get_status_display()}：先通知召开，会后再登记会议情况。"
        return ""

    def get_form_kwargs(self):
        meeting = self.get_meeting()
        year = meeting.held_on.year if meeting.held_on else None
        return {**super().get_form_kwargs(), "year": year}

    def get_initial(self):
        meeting = self.get_meeting()
        today = timezone.localdate()
        held_on = meeting.held_on if meeting.held_on and meeting.held_on <= today else today
        return {
            "title": meeting.title,
            "held_on": held_on,
            "group_units": list(meeting.attendees.all()),
            "other_units": list(meeting.attendees.all()),
            "other_invitees": meeting.other_invitees,
            "minutes": meeting.minutes,
        }

    def act(self, form):
        data = form.cleaned_data
        meeting = services.meeting_record_held(
            scope=self.scope,
            meeting=self.get_meeting(),
            title=data["title"],
            held_on=data["held_on"],
            attendees=form.attendees(),
            other_invitees=data["other_invitees"],
            minutes=data["minutes"],
            minutes_file=data["minutes_file"],
        )
        return meeting, f"已保存「{meeting.title}」的会议情况；会后可逐项登记议定事项。"


class MeetingCreateView(ScopedViewMixin, View):
    """A meeting already held, recorded at once with up to five agreed action items (more can
    be added on the meeting's page)."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    template_name = "projects/meeting_form.html"

    def forms(self, data=None, files=None):
        form = MeetingForm(data, files, scope=self.scope)
        items = ActionItemFormSet(data, prefix="items", form_kwargs={"scope": self.scope})
        return form, items

    def get(self, request):
        form, items = self.forms()
        return render(request, self.template_name, {"form": form, "items": items})

    def post(self, request):
        form, items = self.forms(request.POST, request.FILES)
        if form.is_valid() and items.is_valid():
            rows = [
                {key: row[key] for key in ("description", "owner", "due_on")}
                for row in items.cleaned_data
                if row.get("description")
            ]
            try:
                meeting = services.meeting_create(scope=self.scope, items=rows, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"会议「{meeting.title}」已记录，议定事项 {len(rows)} 项。"
                )
                return redirect("projects:meeting-detail", meeting_id=meeting.pk)
        return render(request, self.template_name, {"form": form, "items": items}, status=200)


urlpatterns = [
    path("meetings/", MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/propose/", MeetingProposeView.as_view(), name="meeting-propose"),
    path("meetings/convene/", MeetingConveneView.as_view(), name="meeting-convene-new"),
    path("meetings/<int:meeting_id>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "meetings/<int:meeting_id>/convene/", MeetingConveneView.as_view(), name="meeting-convene"
    ),
    path(
        "meetings/<int:meeting_id>/decline/", MeetingDeclineView.as_view(), name="meeting-decline"
    ),
    path("meetings/<int:meeting_id>/record/", MeetingRecordView.as_view(), name="meeting-record"),
    path(
        "meetings/<int:meeting_id>/minutes/",
        MeetingMinutesFileView.as_view(),
        name="meeting-minutes-file",
    ),
]
