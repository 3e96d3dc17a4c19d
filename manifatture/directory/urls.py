from django.urls import path

from . import views

# Fixed paths first; services.RESERVED_SLUGS keeps slugs from shadowing them.
app_name = "directory"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("mappa/", views.map_page, name="map"),
    path("mappa/punti.json", views.map_data, name="map_data"),
    path("mappa/punti/<int:pk>.json", views.map_popup, name="map_popup"),
    path("importa/", views.import_start, name="import_start"),
    path("importa/<int:pk>/", views.import_job, name="import_job"),
    path("importa/<int:pk>/stato/", views.import_status, name="import_status"),
    path("conferma/<str:token>/", views.confirm, name="confirm"),
    path("le-mie/", views.mine, name="mine"),
    path("inviti/<int:pk>/accetta/", views.invitation_accept, name="invitation_accept"),
    path("inviti/<int:pk>/rifiuta/", views.invitation_decline, name="invitation_decline"),
    path("moderazione/", views.moderation_queue, name="moderation_queue"),
    path("moderazione/<int:pk>/", views.moderation_decide, name="moderation_decide"),
    path("nuova/", views.create, name="create"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/modifica/", views.edit, name="edit"),
    path("<slug:slug>/capacita/", views.details, name="details"),
    path("<slug:slug>/capacita/macchine/", views.machine_add, name="machine_add"),
    path(
        "<slug:slug>/capacita/macchine/<int:pk>/elimina/",
        views.machine_delete,
        name="machine_delete",
    ),
    path("<slug:slug>/link-e-foto/", views.media, name="media"),
    path("<slug:slug>/link/<int:pk>/elimina/", views.link_delete, name="link_delete"),
    path("<slug:slug>/foto/<int:pk>/elimina/", views.photo_delete, name="photo_delete"),
    path("<slug:slug>/conferma/", views.confirm_now, name="confirm_now"),
    path("<slug:slug>/sedi/", views.sites, name="sites"),
    path("<slug:slug>/sedi/nuova/", views.site_create, name="site_create"),
    path("<slug:slug>/sedi/<int:pk>/", views.site_edit, name="site_edit"),
    path("<slug:slug>/sedi/<int:pk>/elimina/", views.site_delete, name="site_delete"),
    path("<slug:slug>/membri/", views.members, name="members"),
    path("<slug:slug>/membri/<int:pk>/rimuovi/", views.member_remove, name="member_remove"),
    path("<slug:slug>/membri/<int:pk>/ruolo/", views.member_role, name="member_role"),
    path(
        "<slug:slug>/inviti/<int:pk>/annulla/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/lascia/", views.leave, name="leave"),
]
