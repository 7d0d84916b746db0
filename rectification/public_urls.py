from django.urls import path

from rectification.views import roadmap

app_name = "rectification_public"
urlpatterns = [
    path("", roadmap.public_roadmap, name="roadmap"),
]
