"""Pages: coordination meetings and their agreed action items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.generic import ListView, TemplateView, View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from projects import selectors, services
from projects.forms import ActionItemFormSet, MeetingForm


class MeetingListView(ScopedViewMixin, ListView):
    template_name = "projects/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 25

    def get_queryset(self):
        return selectors.meeting_list(scope=self.scope).prefetch_related("attendees")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=self.scope.may_write(OFFICE_KINDS),
            overdue=selectors.overdue_action_items(scope=self.scope)[:20],
            today=timezone.localdate(),
            **kwargs,
        )


class MeetingCreateView(ScopedViewMixin, View):
    """The meeting form with up to five agreed action items, saved together."""

    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    template_name = "projects/meeting_form.html"

    def forms(self, data=None):
        form = MeetingForm(data, scope=self.scope)
        items = ActionItemFormSet(data, prefix="items", form_kwargs={"scope": self.scope})
        return form, items

    def get(self, request):
        form, items = self.forms()
        return render(request, self.template_name, {"form": form, "items": items})

    def post(self, request):
        form, items = self.forms(request.POST)
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


class MeetingDetailView(ScopedViewMixin, TemplateView):
    template_name = "projects/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            meeting=selectors.meeting_get(scope=self.scope, pk=kwargs["meeting_id"]),
            today=timezone.localdate(),
            can_complete_any=self.scope.may_write(OFFICE_KINDS),
            my_organization=self.scope.organization,
            can_edit=self.scope.may_write(),
        )
        return context


class ActionItemCompleteView(ScopedViewMixin, View):
    """POST: close an action item (its owner organisation or the office)."""

    required_role = Role.EDITOR

    def get(self, request, item_id):
        item = selectors.action_item_get(scope=self.scope, pk=item_id)
        return redirect("projects:meeting-detail", meeting_id=item.meeting_id)

    def post(self, request, item_id):
        item = selectors.action_item_get(scope=self.scope, pk=item_id)
        services.action_item_complete(scope=self.scope, item=item)
        messages.success(request, f"议定事项已办结：{item.description}")
        return redirect("projects:meeting-detail", meeting_id=item.meeting_id)


urlpatterns = [
    path("meetings/", MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:meeting_id>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "meetings/items/<int:item_id>/complete/",
        ActionItemCompleteView.as_view(),
        name="action-item-complete",
    ),
]
