from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/<int:pk>/", views.call_notice, name="call"),
    path("calls/<int:pk>/files/<uuid:file_id>/", views.call_file, name="call_file"),
    path("publicity/", views.publicity_lists, name="publicity_lists"),
    path("publicity/<int:pk>/", views.publicity, name="publicity"),
    path("objections/<uuid:token>/", views.objection_status, name="objection"),
]
