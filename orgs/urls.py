from django.urls import path

from orgs import views, views_calendar

app_name = "orgs"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_new, name="unit_new"),
    path("units/export.xlsx", views.units_export, name="units_export"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/sheet.pdf", views.unit_sheet_pdf, name="unit_sheet"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("offices/", views.offices, name="offices"),
    path("calendar/", views_calendar.working_calendar, name="calendar"),
]
