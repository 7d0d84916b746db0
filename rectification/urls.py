from django.urls import path

from rectification.views import item, ledger, roadmap

app_name = "rectification"
urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("export/", ledger.ledger_export, name="export"),
    path("new/", ledger.item_new, name="item_new"),
    path("findings/", ledger.findings, name="findings"),
    path("findings/import/", ledger.findings_import, name="findings_import"),
    path("roadmap/", roadmap.roadmap, name="roadmap"),
    path("<int:pk>/", item.item, name="item"),
    path("<int:pk>/edit/", item.item_edit, name="item_edit"),
    path("<int:pk>/milestones/", item.milestone_new, name="milestone_new"),
    path("<int:pk>/progress/", item.progress, name="progress"),
    path("<int:pk>/check/", item.weekly_check, name="weekly_check"),
    path("<int:pk>/evidence/", item.evidence_upload, name="evidence_upload"),
    path("<int:pk>/complete/", item.complete, name="complete"),
    path("<int:pk>/review/", item.review, name="review"),
    path("<int:pk>/reopen/", item.reopen, name="reopen"),
    path("milestones/<int:pk>/", item.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", item.milestone_done, name="milestone_done"),
]
