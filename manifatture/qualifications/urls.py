from django.urls import path

from . import views

app_name = "qualifications"
urlpatterns = [
    path("", views.listing, name="list"),
    path("criteri/", views.criteria, name="criteria"),
    path("le-mie/", views.mine, name="mine"),
    path("domanda/<slug:slug>/", views.apply, name="apply"),
    path("iscrizioni/<int:pk>/", views.entry, name="entry"),
    path("iscrizioni/<int:pk>/rinnova/", views.renew, name="renew"),
    path("iscrizioni/<int:pk>/ritira/", views.withdraw, name="withdraw"),
    path("documenti/<int:pk>/", views.document, name="document"),
    path("verifica/", views.review_queue, name="review_queue"),
    path("verifica/<int:pk>/", views.review, name="review"),
]
