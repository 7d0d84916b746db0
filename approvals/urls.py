from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/<int:call_id>/scores/", views.scores, name="scores"),
    path("calls/<int:call_id>/open/", views.open_list, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/do/<slug:name>/", views.act, name="act"),
    path("<int:pk>/objections/<int:objection_id>/answer/", views.answer, name="answer"),
    path("<int:pk>/objections/<int:objection_id>/contact/", views.contact, name="contact"),
]
