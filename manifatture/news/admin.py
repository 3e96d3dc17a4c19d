from django.contrib import admin

from .models import Article, CaseStudy, NewsImage, NewsletterIssue, Opportunity, Subscriber


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title_it", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title_it", "title_en", "slug"]


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title_it", "organisation", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title_it", "title_en", "slug", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(NewsImage)
class NewsImageAdmin(admin.ModelAdmin):
    list_display = ["alt_it", "width", "height", "created_at"]
    search_fields = ["alt_it"]
    readonly_fields = ["file", "width", "height"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title_it", "kind", "starts_on", "ends_on", "deadline"]
    list_filter = ["kind"]
    search_fields = ["title_it", "title_en"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "language",
        "source",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    list_filter = ["language", "source"]
    search_fields = ["email"]
    # Consent is evidence: it is recorded by the sign-up, never typed.
    readonly_fields = ["consented_at", "confirmed_at", "unsubscribed_at", "source"]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["subject_it", "created_at", "sent_at", "recipients"]
    readonly_fields = ["sent_at", "sent_by", "recipients"]
