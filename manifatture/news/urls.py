from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("articoli/", views.article_list, name="articles"),
    path("articoli/<slug:slug>/", views.article_detail, name="article"),
    path("casi-aziendali/", views.case_study_list, name="case_studies"),
    path("casi-aziendali/feed/rss/", feeds.CaseStudyRssFeed(), name="case_study_feed_rss"),
    path("casi-aziendali/feed/atom/", feeds.CaseStudyAtomFeed(), name="case_study_feed_atom"),
    path("casi-aziendali/<slug:slug>/", views.case_study_detail, name="case_study"),
    path("opportunita/", views.opportunity_list, name="opportunities"),
    path("feed/rss/", feeds.PortalRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.PortalAtomFeed(), name="feed_atom"),
    path("newsletter/", views.newsletter, name="newsletter"),
    path(
        "newsletter/controlla-la-posta/",
        views.newsletter_check_inbox,
        name="newsletter_check_inbox",
    ),
    path("newsletter/conferma/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path(
        "newsletter/disiscrizione/<str:token>/",
        views.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("gestione/", views.staff_home, name="staff_home"),
    path("gestione/articoli/nuovo/", views.staff_article_create, name="staff_article_create"),
    path("gestione/articoli/<int:pk>/", views.staff_article_edit, name="staff_article_edit"),
    path("gestione/casi/nuovo/", views.staff_case_study_create, name="staff_case_study_create"),
    path("gestione/casi/<int:pk>/", views.staff_case_study_edit, name="staff_case_study_edit"),
    path(
        "gestione/opportunita/nuova/",
        views.staff_opportunity_create,
        name="staff_opportunity_create",
    ),
    path(
        "gestione/opportunita/<int:pk>/",
        views.staff_opportunity_edit,
        name="staff_opportunity_edit",
    ),
    path(
        "gestione/opportunita/<int:pk>/elimina/",
        views.staff_opportunity_delete,
        name="staff_opportunity_delete",
    ),
    path("gestione/immagini/", views.staff_images, name="staff_images"),
    path("gestione/newsletter/", views.staff_newsletter, name="staff_newsletter"),
    path("gestione/newsletter/nuova/", views.staff_issue_create, name="staff_issue_create"),
    path("gestione/newsletter/<int:pk>/", views.staff_issue_edit, name="staff_issue_edit"),
    path("gestione/newsletter/<int:pk>/invia/", views.staff_issue_send, name="staff_issue_send"),
]
