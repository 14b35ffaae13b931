"""Pages: the agreed action items of coordination meetings — their list, adding them after
the meeting, closing them with what was done (办理情况) and the file of it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import View

from portal.models import OFFICE_KINDS
from portal.permissions import ScopedViewMixin
from portal.views import ScopedListView
from projects import selectors, services
from projects.forms import ActionItemAddForm, ActionItemCompleteForm
from projects.models import MeetingStatus
from projects.views.meetings import MeetingFormView, download, mark_visible_projects


def _toggle(filters: dict, key: str) -> str:
    wanted = {name: on for name, on in filters.items() if name != key and on}
    if not filters[key]:
        wanted[key] = True
    return "&".join(f"{name}=1" for name in wanted)


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
            my_organization=self.scope.organization,
            can_complete_any=self.scope.may_write(OFFICE_KINDS),
            can_edit=self.scope.may_write(),
        )
        return context


class ActionItemFileView(ScopedViewMixin, View):
    """The file closing an action item, to those who may see its meeting."""

    def get(self, request, done_item_id):
        item = selectors.action_item_file_get(scope=self.scope, pk=done_item_id)
        return download(item.done_file, f"议定事项办理情况-{item.pk}")


class ActionItemAddView(MeetingFormView):
    """An action item agreed at a held meeting; "保存并继续添加" comes back for the next."""

    form_class = ActionItemAddForm
    title = "登记议定事项"
    submit_label = "保存"

    def refusal(self):
        if self.get_meeting().status != MeetingStatus.HELD:
            return "会议召开后才能登记议定事项：请先登记会议召开情况。"
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(another_label="保存并继续添加", **kwargs)

    def act(self, form):
        item = services.action_item_add(
            scope=self.scope, meeting=self.get_meeting(), **form.cleaned_data
        )
        return item.meeting, f"已登记议定事项：{item.description}"

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.POST.get("another") and response.status_code == 302:
            return redirect("projects:action-item-add", meeting_id=self.get_meeting().pk)
        return response


class ActionItemCompleteView(MeetingFormView):
    """Close an action item with what was done (its owner organisation or the office)."""

    allowed_kinds = None
    form_class = ActionItemCompleteForm
    title = "办结议定事项"
    submit_label = "办结"
    multipart = True

    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.action_item_get(scope=self.scope, pk=self.kwargs["item_id"])
        return self._item

    def get_meeting(self):
        return self.get_item().meeting

    def refusal(self):
        item = self.get_item()
        if not services.action_item_can_complete(scope=self.scope, item=item):
            raise PermissionDenied("只有责任单位或协调机制办公室可以办结该事项。")
        if not item.is_open:
            return f"该事项已于 {item.done_on:%Y-%m-%d} 办结。"
        return ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("scope")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.get_item(), **kwargs)

    def act(self, form):
        data = form.cleaned_data
        item = services.action_item_complete(
            scope=self.scope,
            item=self.get_item(),
            done_note=data["done_note"],
            on=data["done_on"],
            done_file=data["done_file"],
        )
        return item.meeting, f"议定事项已办结：{item.description}"


urlpatterns = [
    path("meetings/items/", ActionItemListView.as_view(), name="action-item-list"),
    path(
        "meetings/<int:meeting_id>/items/new/", ActionItemAddView.as_view(), name="action-item-add"
    ),
    path(
        "meetings/items/<int:item_id>/complete/",
        ActionItemCompleteView.as_view(),
        name="action-item-complete",
    ),
    path(
        "meetings/items/<int:done_item_id>/file/",
        ActionItemFileView.as_view(),
        name="action-item-file",
    ),
]
