"""The human check's picture and refresh views (django-simple-captcha), open to anyone.

The library's views carry no access rule of their own; they are wrapped here so that the
deny-by-default middleware admits them and the URL-walking test sees a declared rule.
"""

from captcha import views
from django.urls import path, re_path

from core.access import access, public

urlpatterns = [
    re_path(r"image/(?P<key>\w+)/$", access(public)(views.captcha_image), name="captcha-image", kwargs={"scale": 1}),
    re_path(
        r"image/(?P<key>\w+)@2/$", access(public)(views.captcha_image), name="captcha-image-2x", kwargs={"scale": 2}
    ),
    path("refresh/", access(public)(views.captcha_refresh), name="captcha-refresh"),
]
