from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from portal.models import AuditEntry, Membership, Organization, Region, RegionRules, User
from portal.region_rules import RULE_FIELDS


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "is_staff"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("平台信息", {"fields": ["full_name"]}))


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records only their own pages write (with an audit entry): the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "organization", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "object_repr"]


@admin.register(RegionRules)
class RegionRulesAdmin(ReadOnlyAdmin):
    """Read only: a region's rules are changed on its rules page by the office's admin, where
    each change is audited with its old and new values."""

    list_display = ["region", *RULE_FIELDS, "updated_at", "updated_by"]
    search_fields = ["region__name", "region__code"]
