from django.urls import path

from party import views

app_name = "party"
urlpatterns = [
    path("", views.orgs, name="orgs"),
    path("orgs/<int:pk>/", views.org_detail, name="org"),
    path("orgs/<int:pk>/dues/", views.dues, name="dues"),
    path("orgs/<int:pk>/ledger.xlsx", views.ledger_export, name="ledger"),
    path("orgs/<int:pk>/disclosure/", views.dues_disclosure, name="disclosure"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("dues/mine/", views.my_dues, name="my_dues"),
    path("orgs/<int:pk>/meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("compliance/", views.compliance, name="compliance"),
    path("meetings/mine/", views.my_meetings, name="my_meetings"),
    path("orgs/<int:pk>/development/", views.development, name="development"),
    path("development/<int:pk>/", views.case_detail, name="case"),
    path("orgs/<int:pk>/elections/new/", views.election_new, name="election_new"),
    path("members/<int:pk>/transfer/", views.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/answer/", views.transfer_answer, name="transfer_answer"),
    path("contact-points/", views.contact_points, name="contact_points"),
    path("members/<int:pk>/dues-base/", views.dues_base_new, name="dues_base_new"),
    path("members/<int:pk>/dues-approval/", views.dues_approval_new, name="dues_approval_new"),
    path("orgs/<int:pk>/remittances/", views.remittances, name="remittances"),
    path("orgs/<int:pk>/new/", views.org_new, name="org_new"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<int:pk>/dissolve/", views.org_dissolve, name="org_dissolve"),
    path("orgs/<int:pk>/posts/", views.posts, name="posts"),
    path("posts/<int:pk>/end/", views.post_remove, name="post_end"),
]
