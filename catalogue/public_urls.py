app_name = "catalogue_public"
urlpatterns: list = []
