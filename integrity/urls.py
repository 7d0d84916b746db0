from django.urls import path

from integrity import views

app_name = "integrity"
urlpatterns = [
    path("", views.records, name="records"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
