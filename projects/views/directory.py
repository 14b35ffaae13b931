"""Pages: the guidance directory browser, adoption of a version, and extension by the office."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from portal.forms import StyledFormMixin, add_service_errors
from portal.models import OrganizationKind, Role
from portal.permissions import ScopedViewMixin
from projects import selectors, services
from projects.models import Category, Directory, StageKind

OFFICE = frozenset({OrganizationKind.COORDINATION_OFFICE})


class DirectoryView(ScopedViewMixin, TemplateView):
    template_name = "projects/directory.html"

    def get_context_data(self, **kwargs):
        directory = selectors.directory_in_use(scope=self.scope)
        return super().get_context_data(
            directory=directory,
            tree=selectors.directory_tree(directory=directory),
            counts=selectors.directory_counts(scope=self.scope),
            can_manage=self.scope.is_office and self.scope.has_role(Role.EDITOR),
            **kwargs,
        )


class CategoryStagesView(ScopedViewMixin, TemplateView):
    """The stages a category proposes (an htmx fragment for forms, a page on its own)."""

    template_name = "projects/partials/category_stages.html"

    def get_context_data(self, **kwargs):
        directory = selectors.directory_in_use(scope=self.scope)
        try:
            category = directory.categories.select_related("domain").get(
                pk=self.kwargs["category_id"]
            )
        except Category.DoesNotExist:
            raise Http404("没有找到该类别。") from None
        return super().get_context_data(category=category, stages=category.stages.all(), **kwargs)


class AdoptForm(StyledFormMixin, forms.Form):
    directory = forms.ModelChoiceField(label="指导目录版本", queryset=Directory.objects.all())


class DirectoryAdoptView(ScopedViewMixin, FormView):
    required_role = Role.EDITOR
    allowed_kinds = OFFICE
    template_name = "projects/directory_adopt.html"
    form_class = AdoptForm

    def get_initial(self):
        return {"directory": selectors.directory_in_use(scope=self.scope)}

    def form_valid(self, form):
        adoption = services.directory_adopt(
            scope=self.scope, directory=form.cleaned_data["directory"]
        )
        messages.success(self.request, f"已采用「{adoption.directory.name}」。")
        return redirect("projects:directory")


class StageForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="用工环节名称", max_length=100)
    kind = forms.ChoiceField(label="环节类型", choices=StageKind.choices)


class StageAddView(ScopedViewMixin, FormView):
    required_role = Role.EDITOR
    allowed_kinds = OFFICE
    template_name = "projects/directory_stage_form.html"
    form_class = StageForm

    def get_category(self) -> Category:
        directory = selectors.directory_in_use(scope=self.scope)
        try:
            return directory.categories.select_related("domain").get(pk=self.kwargs["category_id"])
        except Category.DoesNotExist:
            raise Http404("没有找到该类别。") from None

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
