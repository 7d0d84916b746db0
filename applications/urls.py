from django.urls import path

from applications import views

app_name = "applications"
urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("new/<int:call_id>/", views.start, name="start"),
    path("unit/", views.unit_queue, name="unit_queue"),
    path("recommendations/", views.recommender_queue, name="recommender_queue"),
    path("calls/<int:call_id>/", views.call_applications_view, name="call_applications"),
    path("calls/<int:call_id>/export.xlsx", views.call_applications_export, name="call_export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/duplicates/", views.duplicates_run, name="duplicates_run"),
    path("<int:pk>/application.pdf", views.application_pdf, name="pdf"),
    path("<int:pk>/receipts/<str:number>/", views.receipt, name="receipt"),
]
