from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("profilo/", views.profile, name="profile"),
    path("profilo/cancella/", views.profile_erase, name="profile_erase"),
    path("esigenze-di-accesso/", views.access_needs, name="access_needs"),
    path("esigenze-di-accesso/cancella/", views.access_needs_forget, name="access_needs_forget"),
    path("turni/<int:pk>/", views.book, name="book"),
    path("turni/<int:pk>/gruppo/", views.book_group, name="book_group"),
    path("turni/<int:pk>/lista-d-attesa/", views.join_waiting_list, name="join_waiting_list"),
    path("<int:pk>/annulla/", views.cancel, name="cancel"),
    path("<int:pk>/nomi/", views.attendees, name="attendees"),
    path("<int:pk>/conferma/", views.reconfirm, name="reconfirm"),
    path("conferma/<str:token>/", views.reconfirm_link, name="reconfirm_link"),
    path("lista-d-attesa/<int:pk>/esci/", views.leave_waiting_list, name="leave_waiting_list"),
    path("lista-d-attesa/<int:pk>/accetta/", views.accept_offer, name="accept_offer"),
    # Hosts and city staff
    path("gestione/ondate/", views.staff_waves, name="staff_waves"),
    path("gestione/turni/<int:pk>/annulla/", views.manage_cancel_slot, name="manage_cancel_slot"),
    path(
        "gestione/attivita/<int:pk>/annulla/",
        views.manage_cancel_activity,
        name="manage_cancel_activity",
    ),
]
