from django.urls import path

from hotline import public_views

app_name = "hotline_public"
urlpatterns = [
    path("", public_views.request_new, name="new"),
    path("<uuid:token>/", public_views.request_status, name="status"),
    path("rate/<uuid:token>/", public_views.request_rate, name="rate"),
]
