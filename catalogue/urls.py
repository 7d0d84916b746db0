from django.urls import path

from catalogue.views import staff

app_name = "catalogue"
urlpatterns = [
    path("", staff.items, name="items"),
    path("export.xlsx", staff.items_export, name="export"),
    path("new/", staff.item_new, name="item_new"),
    path("<int:pk>/", staff.item_detail, name="item"),
    path("<int:pk>/edit/", staff.item_edit, name="item_edit"),
    path("<int:pk>/guide.pdf", staff.item_pdf, name="item_pdf"),
    path("<int:pk>/materials/new/", staff.material_new, name="material_new"),
    path("<int:pk>/materials/<int:material_id>/", staff.material_edit, name="material_edit"),
    path("<int:pk>/materials/<int:material_id>/delete/", staff.material_delete, name="material_delete"),
    path("<int:pk>/materials/<int:material_id>/move/", staff.material_move, name="material_move"),
    path("<int:pk>/materials/<int:material_id>/form/", staff.material_form_upload, name="material_form"),
    path("<int:pk>/<slug:name>/", staff.item_transition, name="item_transition"),
]
