from django.urls import path

from . import views

app_name = "participations"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.application, name="application"),
    path("nuova/<slug:slug>/", views.apply, name="apply"),
    path("<int:pk>/modifica/", views.edit, name="edit"),
    path("<int:pk>/ritira/", views.withdraw, name="withdraw"),
    path("valutazione/", views.review_queue, name="review_queue"),
    path("valutazione/<int:pk>/", views.review, name="review"),
    path("valutazione/<int:pk>/conflitto/", views.review_conflict, name="review_conflict"),
    path("gestione/", views.staff_applications, name="staff_applications"),
    path("gestione/<int:pk>/", views.staff_application, name="staff_application"),
    path(
        "gestione/<int:pk>/conflitti/<int:reviewer_pk>/",
        views.staff_conflict_override,
        name="staff_conflict_override",
    ),
    path(
        "gestione/<int:pk>/riapri-valutazione/",
        views.staff_reopen_review,
        name="staff_reopen_review",
    ),
    path("gestione/criteri/<int:year>/", views.staff_criteria, name="staff_criteria"),
    path(
        "gestione/criteri/<int:year>/nuovo/",
        views.staff_criterion_create,
        name="staff_criterion_create",
    ),
    path(
        "gestione/criteri/modifica/<int:pk>/",
        views.staff_criterion_edit,
        name="staff_criterion_edit",
    ),
]
