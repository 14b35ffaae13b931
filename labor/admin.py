from django.contrib import admin

from labor.models import Worker, WorkerPriorityGroup


class WorkerPriorityGroupInline(admin.TabularInline):
    model = WorkerPriorityGroup
    extra = 0


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    """Masked numbers only: the admin is not a way around the audited reveal."""

    list_display = ["name", "masked_id_number", "sex", "birth_date", "household_township", "region"]
    search_fields = ["name"]
    list_filter = ["needs_age_review", "sex"]
    exclude = ["phone", "bank_card"]
    readonly_fields = ["masked_id_number", "masked_phone", "masked_bank_card", "birth_date", "sex"]
    raw_id_fields = ["household_township", "household_village", "labor_organization", "region"]
    inlines = [WorkerPriorityGroupInline]
