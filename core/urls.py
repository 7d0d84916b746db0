from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_detail, name="job"),
    path("imports/<slug:name>/", views.import_upload, name="import"),
    path("imports/<slug:name>/template/", views.import_template, name="import_template"),
    path("imports/<slug:name>/<uuid:pk>/confirm/", views.import_commit, name="import_confirm"),
]
