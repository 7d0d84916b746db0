from django.urls import path

from attachments import views

app_name = "attachments"
urlpatterns = [
    path("<uuid:pk>/", views.download, name="download"),
    path("<uuid:pk>/delete/", views.delete, name="delete"),
]
