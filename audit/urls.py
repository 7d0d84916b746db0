from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("export/", views.export_start, name="export"),
    path("exports/<uuid:pk>/", views.export_download, name="export_download"),
    path("verify/", views.verify, name="verify"),
]
