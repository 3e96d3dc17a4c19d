from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("valuta-la-pagina/", views.rate, name="rate"),
    path("segnala-un-problema/", views.report_problem, name="report_problem"),
    path("segnalazioni/<str:token>/", views.report_status, name="report_status"),
    path("domande-frequenti/", views.faq, name="faq"),
    path("accessibilita/", views.accessibility, name="accessibility"),
    path("gestione/segnalazioni/", views.staff_reports, name="staff_reports"),
    path("gestione/segnalazioni/<int:pk>/", views.staff_report, name="staff_report"),
    path("gestione/valutazioni/", views.staff_page_ratings, name="staff_page_ratings"),
]
