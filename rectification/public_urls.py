app_name = "rectification_public"
urlpatterns: list = []
