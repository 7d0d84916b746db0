from django.urls import path

from catalogue.views import public

app_name = "catalogue_public"
urlpatterns = [
    path("", public.guide_list, name="list"),
    path("<int:pk>/", public.guide_item, name="item"),
    path("<int:pk>/guide.pdf", public.guide_item_pdf, name="pdf"),
    path("<int:pk>/forms/<uuid:file_id>/", public.guide_blank_form, name="blank_form"),
]
