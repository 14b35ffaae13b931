from django.contrib import admin

from projects.models import (
    ActionItem,
    AnnualList,
    AnnualListEntry,
    Category,
    Checkpoint,
    CompletionEvaluation,
    Directory,
    DirectoryAdoption,
    Domain,
    LaborPlan,
    Meeting,
    Project,
    WorkStage,
)


class WorkStageInline(admin.TabularInline):
    model = WorkStage
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "domain", "guiding_department", "directory"]
    list_filter = ["directory", "domain"]
    inlines = [WorkStageInline]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "domain", "status", "department", "owner"]
    list_filter = ["status", "level", "domain"]
    search_fields = ["code", "name"]
    raw_id_fields = ["category", "department", "owner", "supervisor", "region"]


class AnnualListEntryInline(admin.TabularInline):
    model = AnnualListEntry
    extra = 0
    raw_id_fields = ["project"]


@admin.register(AnnualList)
class AnnualListAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "level", "region"]
    inlines = [AnnualListEntryInline]


admin.site.register(
    [Domain, Directory, DirectoryAdoption, LaborPlan, Checkpoint, CompletionEvaluation]
)


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "region"]
    inlines = [ActionItemInline]
