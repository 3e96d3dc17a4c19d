from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("le-mie-domande/", views.my_applications, name="mine"),
    path("domande/<int:pk>/", views.application, name="application"),
    path("domande/<int:pk>/modifica/", views.edit, name="edit"),
    path("domande/<int:pk>/salva/", views.autosave, name="autosave"),
    path("domande/<int:pk>/documenti/<int:requirement_pk>/", views.upload, name="upload"),
    path(
        "domande/<int:pk>/allegati/<int:attachment_pk>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "domande/<int:pk>/allegati/<int:attachment_pk>/elimina/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path("valutazione/", views.review_queue, name="review_queue"),
    path("valutazione/<int:pk>/", views.review, name="review"),
    path("gestione/", views.staff_list, name="staff_list"),
    path("gestione/nuovo/", views.staff_create, name="staff_create"),
    path("gestione/<int:pk>/", views.staff_call, name="staff_call"),
    path("gestione/<int:pk>/modifica/", views.staff_edit, name="staff_edit"),
    path("gestione/<int:pk>/criteri/", views.staff_criteria, name="staff_criteria"),
    path("gestione/<int:pk>/documenti/", views.staff_documents, name="staff_documents"),
    path("gestione/<int:pk>/pubblica/", views.staff_publish, name="staff_publish"),
    path("gestione/<int:pk>/commissione/", views.staff_committee_add, name="staff_committee_add"),
    path(
        "gestione/<int:pk>/riapri-valutazione/",
        views.staff_reopen_review,
        name="staff_reopen_review",
    ),
    path(
        "gestione/commissione/<int:pk>/elimina/",
        views.staff_committee_remove,
        name="staff_committee_remove",
    ),
    path("gestione/<int:pk>/graduatoria/", views.staff_ranking, name="staff_ranking"),
    path("gestione/domande/<int:pk>/", views.staff_application, name="staff_application"),
    path(
        "gestione/domande/<int:pk>/conflitti/<int:reviewer_pk>/",
        views.staff_conflict_override,
        name="staff_conflict_override",
    ),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/graduatoria/", views.results, name="results"),
    path("<slug:slug>/candidatura/<slug:org_slug>/", views.apply, name="apply"),
]
