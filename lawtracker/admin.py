from django.contrib import admin

from lawtracker.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Imports are a record of what happened: readable by staff, never edited."""

    list_display = ["imported_at", "file_name", "kind", "source", "user", "created", "updated"]
    list_filter = ["kind", "source"]
    list_select_related = ["user"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
