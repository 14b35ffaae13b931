"""The root URLconf: the shell's own pages and API, then those of every app in PORTAL_APPS.

An app plugs in with a `urls` module (its `app_name` is the namespace of its page names) and an
`api` module whose `register(router)` adds its viewsets to the one router under /api/v1/; both
are optional. The apps are imported by label, as Django imports INSTALLED_APPS, so adding an app
is one entry in `settings.PORTAL_APPS` and no line here.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.module_loading import module_has_submodule
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from portal import api as portal_api
from portal import views
from portal.health import healthz


def app_modules(submodule: str) -> list[str]:
    """`<label>.<submodule>` of each app in PORTAL_APPS that has one, in the order of the list."""
    return [
        f"{label}.{submodule}"
        for label in settings.PORTAL_APPS
        if module_has_submodule(apps.get_app_config(label).module, submodule)
    ]


router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_format_suffixes = False
portal_api.register(router)
for api_module in app_modules("api"):
    import_module(api_module).register(router)

portal_patterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/mine/", views.MyOrganizationView.as_view(), name="organization-mine"),
    path(
        "organizations/<str:organization_code>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<str:organization_code>/edit/",
        views.OrganizationUpdateView.as_view(),
        name="organization-edit",
    ),
    path("audit/", views.AuditEntryListView.as_view(), name="audit-list"),
    path("exports/<int:export_id>/", views.ExportStatusView.as_view(), name="export-status"),
    path(
        "exports/<int:export_id>/download/",
        views.ExportDownloadView.as_view(),
        name="export-download",
    ),
    path("rules/", views.RegionRulesView.as_view(), name="rules"),
    path("rules/edit/", views.RegionRulesEditView.as_view(), name="rules-edit"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    *(path("", include(module)) for module in app_modules("urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, JSON answers).
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script): the
    # Content-Security-Policy allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_URL, not even in the demo: each kind has a view
# that checks the user's scope (a checkpoint's document, an export) and sends it as a download.

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
