from django.urls import path

from . import privacy_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accedi/", views.login, name="login"),
    path("esci/", views.logout, name="logout"),
    path("registrati/", views.signup, name="signup"),
    path("registrati/controlla-la-posta/", views.check_inbox, name="check_inbox"),
    path("verifica/nuovo-link/", views.resend_verification, name="resend_verification"),
    path("verifica/<str:token>/", views.verify_email, name="verify_email"),
    path("privacy/", privacy_views.privacy_notice, name="privacy"),
    path("privacy/letta/", privacy_views.acknowledge_notice, name="acknowledge_notice"),
    path("privacy/consensi/", privacy_views.consents, name="consents"),
    path("privacy/i-miei-dati/", privacy_views.export_data, name="export_data"),
    path("privacy/cancella-account/", privacy_views.delete_account, name="delete_account"),
    path("app-io/", privacy_views.app_io, name="app_io"),
    path("registro-decisioni/", privacy_views.audit_log, name="audit_log"),
    path("registro-decisioni/csv/", privacy_views.audit_log_csv, name="audit_log_csv"),
    path("password/cambia/", views.password_change, name="password_change"),
    path("password/", views.password_reset, name="password_reset"),
    path("password/inviata/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/fatto/", views.password_reset_complete, name="password_reset_complete"),
    path("verifica-in-due-passaggi/", views.second_factor_verify, name="second_factor"),
    path(
        "verifica-in-due-passaggi/configura/",
        views.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "verifica-in-due-passaggi/gestisci/",
        views.second_factor_manage,
        name="second_factor_manage",
    ),
    path(
        "verifica-in-due-passaggi/disattiva/",
        views.second_factor_disable,
        name="second_factor_disable",
    ),
    path("identita-digitale/accedi/", views.oidc_login, name="oidc_login"),
    path("identita-digitale/ritorno/", views.oidc_callback, name="oidc_callback"),
    path("identita-digitale/nuovo-account/", views.oidc_consent, name="oidc_consent"),
]
