from django.contrib import admin

from manifatture.admin import ReadOnlyAdmin

from .models import AccessibilityStatement, FaqEntry, PageRating, ProblemReport


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question_it", "audience", "position", "published"]
    list_filter = ["audience", "published"]
    list_editable = ["position", "published"]
    search_fields = ["question_it", "question_en", "answer_it"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ["evaluated_on", "conformance", "updated_at"]


@admin.register(PageRating)
class PageRatingAdmin(ReadOnlyAdmin):
    list_display = ["path", "score", "reason", "created_at"]
    list_filter = ["score", "reason"]
    search_fields = ["path"]


@admin.register(ProblemReport)
class ProblemReportAdmin(ReadOnlyAdmin):
    """Read here; staff answer on their page (the answer is audited and e-mailed)."""

    list_display = ["__str__", "category", "status", "created_at"]
    list_filter = ["status", "category"]
