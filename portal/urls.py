"""The root URLconf: mounts every app's pages and API (the one module that imports upward)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from portal import api as portal_api
from portal import views
from portal.health import healthz
from projects import api as projects_api

router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_format_suffixes = False
portal_api.register(router)
projects_api.register(router)

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
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("", include("projects.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
