from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("robots/", views.webhooks, name="webhooks"),
    path("robots/<int:pk>/", views.webhook_action, name="webhook_action"),
]
