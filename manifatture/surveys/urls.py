from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    # Visitors: their open surveys and the answer page (the e-mail's link)
    path("", views.mine, name="mine"),
    path("rispondi/<str:token>/", views.answer, name="answer"),
    path("grazie/", views.thanks, name="thanks"),
    # Hosts (and city staff): the report card of each edition, page and PDF
    path("pagelle/<slug:slug>/", views.report_cards, name="report_cards"),
    path("pagelle/<slug:slug>/<int:year>/", views.report_card, name="report_card"),
    path("pagelle/<slug:slug>/<int:year>.pdf", views.report_card_pdf, name="report_card_pdf"),
]
