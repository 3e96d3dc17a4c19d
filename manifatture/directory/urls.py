from django.urls import path

from . import views

# Fixed paths first; services.RESERVED_SLUGS keeps slugs from shadowing them.
app_name = "directory"
urlpatterns = [
    path("le-mie/", views.mine, name="mine"),
    path("nuova/", views.create, name="create"),
    path("<slug:slug>/", views.organisation, name="organisation"),
    path("<slug:slug>/modifica/", views.edit, name="edit"),
    path("<slug:slug>/sedi/", views.sites, name="sites"),
    path("<slug:slug>/sedi/nuova/", views.site_create, name="site_create"),
    path("<slug:slug>/sedi/<int:pk>/", views.site_edit, name="site_edit"),
    path("<slug:slug>/sedi/<int:pk>/elimina/", views.site_delete, name="site_delete"),
    path("<slug:slug>/membri/", views.members, name="members"),
    path("<slug:slug>/membri/<int:pk>/rimuovi/", views.member_remove, name="member_remove"),
    path("<slug:slug>/membri/<int:pk>/ruolo/", views.member_role, name="member_role"),
]
