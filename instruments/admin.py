from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from instruments.models import Authority, Instrument, Region, Topic
from instruments.resources import InstrumentResource
from lawtracker.admin import JobImportAdminMixin
from lawtracker.forms import (
    HTTPS_URLS,
    AuthoritiesWithProvinceMixin,
    PartialDateTextMixin,
    https_urls,
    import_form,
    optional_choice,
)

LevelImportForm = import_form(
    "Level",
    {
        "level": optional_choice(
            _("level for the whole file · 整个文件的效力级别"),
            Instrument.Level.choices,
            _("Used for rows without a 效力级别 column (e.g. the review's law table)."),
        )
    },
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "name_en", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "name_en", "code"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "province", "name_en"]
    list_filter = ["family", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["province"]

    def get_queryset(self, request):
        # An authority's name shows its province: autocomplete must not query per row.
        return super().get_queryset(request).select_related("province")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]


class InstrumentForm(PartialDateTextMixin, forms.ModelForm):
    date_texts = {
        "published_text": ("published_on", "published_precision", "published_note"),
        "effective_text": ("effective_on", "effective_precision", None),
    }

    class Meta:
        model = Instrument
        fields = "__all__"
        formfield_callback = https_urls


class StatusFilter(admin.SimpleListFilter):
    title = _("status · 时效性")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Instrument.Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Instrument)
class InstrumentAdmin(AuthoritiesWithProvinceMixin, JobImportAdminMixin, ImportExportModelAdmin):
    formfield_overrides = HTTPS_URLS
    form = InstrumentForm
    resource_classes = [InstrumentResource]
    import_form_class = LevelImportForm
    import_choices = ("level",)

    list_display = [
        "title",
        "level",
        "status_display",
        "published_text",
        "effective_text",
        "doc_number",
    ]
    list_filter = [StatusFilter, "level", "is_draft", "published_on", "effective_on", "topics"]
    search_fields = ["title", "title_en", "doc_number"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["authorities", "topics", "final_version", "amends"]
    readonly_fields = [
        "published_on",
        "published_precision",
        "published_note",
        "effective_on",
        "effective_precision",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "doc_number", "level", "is_draft"]}),
        (
            _("dates · 时间"),
            {
                "fields": [
                    ("published_text", "published_on", "published_precision", "published_note"),
                    ("effective_text", "effective_on", "effective_precision"),
                    "repealed_on",
                ]
            },
        ),
        (
            _("links · 关联"),
            {"fields": ["authorities", "topics", "final_version", "amends", "source_url"]},
        ),
        (_("notes · 备注"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("status · 时效性"), ordering="status")
    def status_display(self, obj):
        return Instrument.Status(obj.status).label
