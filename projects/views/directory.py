"""Pages: the guidance directory browser, adoption of a version, and extension by the office."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from portal.forms import add_service_errors
from portal.models import OFFICE_KINDS, Role
from portal.permissions import ScopedViewMixin
from projects import selectors, services
from projects.forms import AdoptForm, StageForm
from projects.models import Category


class DirectoryView(ScopedViewMixin, TemplateView):
    template_name = "projects/directory.html"

    def get_context_data(self, **kwargs):
        directory = selectors.directory_in_use(scope=self.scope)
        return super().get_context_data(
            directory=directory,
            tree=selectors.directory_tree(directory=directory),
            counts=selectors.directory_counts(scope=self.scope),
            can_manage=self.scope.may_write(OFFICE_KINDS),
            **kwargs,
        )


class CategoryStagesView(ScopedViewMixin, TemplateView):
    """The stages a category proposes (an htmx fragment for forms, a page on its own)."""

    template_name = "projects/partials/category_stages.html"

    def get_context_data(self, **kwargs):
        category = selectors.category_get(scope=self.scope, pk=self.kwargs["category_id"])
        return super().get_context_data(category=category, stages=category.stages.all(), **kwargs)


class DirectoryAdoptView(ScopedViewMixin, FormView):
    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    template_name = "projects/directory_adopt.html"
    form_class = AdoptForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def get_initial(self):
        return {"directory": selectors.directory_in_use(scope=self.scope)}

    def form_valid(self, form):
        adoption = services.directory_adopt(
            scope=self.scope, directory=form.cleaned_data["directory"]
        )
        messages.success(self.request, f"已采用「{adoption.directory.name}」。")
        return redirect("projects:directory")


class StageAddView(ScopedViewMixin, FormView):
    required_role = Role.EDITOR
    allowed_kinds = OFFICE_KINDS
    template_name = "projects/directory_stage_form.html"
    form_class = StageForm

    def get_category(self) -> Category:
        return selectors.category_get(scope=self.scope, pk=self.kwargs["category_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.get_category(), **kwargs)

    def form_valid(self, form):
        try:
            stage = services.directory_add_stage(
                scope=self.scope, category=self.get_category(), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"已在「{stage.category.name}」中新增用工环节「{stage.name}」。"
        )
        return redirect("projects:directory")


urlpatterns = [
    path("directory/", DirectoryView.as_view(), name="directory"),
    path("directory/adopt/", DirectoryAdoptView.as_view(), name="directory-adopt"),
    path(
        "directory/categories/<int:category_id>/stages/",
        CategoryStagesView.as_view(),
        name="category-stages",
    ),
    path(
        "directory/categories/<int:category_id>/stages/new/",
        StageAddView.as_view(),
        name="directory-stage-add",
    ),
]
