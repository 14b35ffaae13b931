"""Pages: coordination meetings and their agreed action items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView, View

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from portal.views import ScopedListView
from projects import selectors, services
from projects.forms import ActionItemFormSet, MeetingForm


class MeetingListView(ScopedListView):
    template_name = "projects/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 25

    def get_queryset(self):
        return selectors.meeting_list(scope=self.scope).prefetch_related("attendees")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=self.scope.may_write(OFFICE_KINDS),
            overdue=selectors.overdue_action_items(scope=self.scope)[:10],
            overdue_count=selectors.overdue_action_items(scope=self.scope).count(),
            today=timezone.localdate(),
            **kwargs,
        )


ITEM_FILTERS = {"mine": "本单位负责", "overdue": "逾期未办结", "undone": "办理中"}


class ActionItemListView(ScopedListView):
    """The agreed action items of the meetings the user may see, filtered (the dashboard's
    to-do lines open this list)."""

    template_name = "projects/action_item_list.html"
    context_object_name = "items"
    paginate_by = 50

    def get_filters(self) -> dict:
        return {key: self.request.GET.get(key) == "1" for key in ITEM_FILTERS}

    def get_queryset(self):
        return selectors.action_item_list(scope=self.scope, filters=self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mark_visible_projects(self.scope, context["items"])
        filters = self.get_filters()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            filter_links=[
                (key, label, filters[key], _toggle(filters, key))
                for key, label in ITEM_FILTERS.items()
            ],
            query_string=query.urlencode(),
            today=timezone.localdate(),
        )
        return context


def _toggle(filters: dict, key: str) -> str:
    wanted = {name: on for name, on in filters.items() if name != key and on}
    if not filters[key]:
        wanted[key] = True
    return "&".join(f"{name}=1" for name in wanted)


def mark_visible_projects(scope, items) -> None:
    """An item names a project its reader may not see (a township reads an item about another
    township's project): the link is shown only to those who may open it."""
    project_ids = {item.project_id for item in items if item.project_id}
    visible = selectors.visible_project_ids(scope=scope, ids=project_ids)
    for item in items:
        item.project_visible = item.project_id in visible


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
        meeting = selectors.meeting_get(scope=self.scope, pk=kwargs["meeting_id"])
        mark_visible_projects(self.scope, meeting.action_items.all())
        context.update(
            meeting=meeting,
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
    path("meetings/items/", ActionItemListView.as_view(), name="action-item-list"),
    path("meetings/<int:meeting_id>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "meetings/items/<int:item_id>/complete/",
        ActionItemCompleteView.as_view(),
        name="action-item-complete",
    ),
]
