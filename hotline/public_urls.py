app_name = "hotline_public"
urlpatterns: list = []
