from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Expert review")

    def ready(self) -> None:
        from reviews import nav, periodic, todos  # noqa: F401  (menu entries, sweep, to-dos)
