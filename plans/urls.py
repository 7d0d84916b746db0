from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/<slug:name>/", views.call_transition, name="call_transition"),
]
