from django.urls import path

from hotline import report_views, views

app_name = "hotline"
urlpatterns = [
    path("", views.requests, name="requests"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/assign/", views.request_assign, name="assign"),
    path("<int:pk>/reply/", views.request_reply, name="reply"),
    path("<int:pk>/return/", views.request_return, name="return"),
    path("<int:pk>/invalidate/", views.request_invalidate, name="invalidate"),
    path("<int:pk>/callback/", views.request_callback, name="callback"),
    path("<int:pk>/contact/", views.request_contact, name="contact"),
    path("<int:pk>/rectification/", views.request_rectify, name="rectify"),
    path("categories/", views.categories, name="categories"),
    path("report/", report_views.report_page, name="report"),
    path("report/export/", report_views.report_export, name="report_export"),
]
