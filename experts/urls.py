from django.urls import path

from experts import views

app_name = "experts"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("me/", views.my_profile, name="me"),
    path("<int:pk>/", views.profile_detail, name="profile"),
    path("<int:pk>/decide/", views.profile_decide, name="decide"),
]
