"""Editing the organization tree: what may sit below what, posts, dissolving; managers only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from party.models import MemberStatus, OrgKind, PartyMember, PartyOrganization, PartyPost, Post
from party.structure import org_create, org_deactivate, org_update, post_assign, post_end
from party.tests.conftest import post_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee_secretary(make_user, tree):
    return post_holder(make_user, "committee1", tree["committee"])


def test_a_committee_sets_up_a_branch_but_not_a_group_directly(tree, committee_secretary):
    branch = org_create(
        actor=committee_secretary, parent=tree["committee"], kind=OrgKind.BRANCH, name="氢能课题组党支部", dues_day=20
    )
    assert branch.parent == tree["committee"] and branch.dues_day == 20 and branch.is_active
    with pytest.raises(ValidationError) as refused:
        org_create(actor=committee_secretary, parent=tree["committee"], kind=OrgKind.GROUP, name="第一党小组")
    assert "kind" in refused.value.message_dict
    with pytest.raises(ValidationError) as duplicate:
        org_create(actor=committee_secretary, parent=tree["committee"], kind=OrgKind.BRANCH, name="氢能课题组党支部")
    assert "name" in duplicate.value.message_dict
    group = org_create(actor=committee_secretary, parent=branch, kind=OrgKind.GROUP, name="氢能第一党小组")
    assert group.parent == branch


def test_only_managers_change_the_tree(tree, secretary):
    with pytest.raises(PermissionDenied):
        org_create(actor=secretary, parent=tree["committee"], kind=OrgKind.BRANCH, name="越权支部")
    with pytest.raises(PermissionDenied):
        org_update(actor=secretary, organization=tree["other"], name="改名")
    with pytest.raises(PermissionDenied):
        org_create(actor=secretary, parent=None, kind=OrgKind.COMMITTEE, name="顶层党委")


def test_edit_checks_the_values_and_audits_the_change(tree, secretary):
    with pytest.raises(ValidationError) as refused:
        org_update(
            actor=secretary, organization=tree["branch"], name="新材料研究所第一党支部", dues_day=31, term_years=6
        )
    assert set(refused.value.message_dict) == {"dues_day", "term_years"}
    org_update(actor=secretary, organization=tree["branch"], name="新材料研究所先进碳材料党支部", dues_day=12)
    tree["branch"].refresh_from_db()
    assert tree["branch"].name == "新材料研究所先进碳材料党支部" and tree["branch"].dues_day == 12
    event = AuditEvent.objects.filter(action="party_org.update").latest("pk")
    assert event.after["dues_day"] == "12" and event.before["dues_day"] == "15"


def test_a_branch_with_members_is_not_dissolved(tree, members, committee_secretary):
    with pytest.raises(ValidationError):
        org_deactivate(actor=committee_secretary, organization=tree["branch"], reason="课题组撤销")
    with pytest.raises(ValidationError):
        org_deactivate(actor=committee_secretary, organization=tree["committee"], reason="合并")  # branches below
    empty = org_create(actor=committee_secretary, parent=tree["committee"], kind=OrgKind.BRANCH, name="临时党支部")
    with pytest.raises(ValidationError):
        org_deactivate(actor=committee_secretary, organization=empty, reason=" ")
    org_deactivate(actor=committee_secretary, organization=empty, reason="项目结束，科院党〔2026〕3号")
    assert not PartyOrganization.objects.get(pk=empty.pk).is_active


def test_posts_one_secretary_full_members_only(tree, members, committee_secretary):
    branch = tree["branch"]
    PartyPost.objects.filter(organization=branch).delete()
    post_assign(actor=committee_secretary, organization=branch, member=members[0], post=Post.SECRETARY, since=None)
    with pytest.raises(ValidationError) as second:
        post_assign(actor=committee_secretary, organization=branch, member=members[1], post=Post.SECRETARY, since=None)
    assert "post" in second.value.message_dict
    probationary = PartyMember.objects.create(
        name="钱多", id_number="", organization=branch, status=MemberStatus.PROBATIONARY
    )
    with pytest.raises(ValidationError) as refused:
        post_assign(
            actor=committee_secretary, organization=branch, member=probationary, post=Post.COMMITTEE_MEMBER, since=None
        )
    assert "member" in refused.value.message_dict
    with pytest.raises(ValidationError):  # not a member of this organization or below
        post_assign(
            actor=committee_secretary, organization=branch, member=members[3], post=Post.COMMITTEE_MEMBER, since=None
        )
    post = PartyPost.objects.get(organization=branch, post=Post.SECRETARY)
    post_end(actor=committee_secretary, post=post)
    assert not PartyPost.objects.filter(pk=post.pk).exists()
    assert AuditEvent.objects.filter(action="party_post.end").exists()


def test_a_secretary_does_not_end_their_own_post(tree, secretary):
    own = PartyPost.objects.get(member__user=secretary)
    with pytest.raises(ValidationError):
        post_end(actor=secretary, post=own)


def test_tree_pages_walk_through(tree, members, committee_secretary, secretary, login):
    client = login(committee_secretary)
    committee = tree["committee"]
    form = client.get(f"/party/orgs/{committee.pk}/new/").content.decode()
    assert 'value="branch"' in form and 'value="group"' not in form
    bad = client.post(f"/party/orgs/{committee.pk}/new/", {"name": "", "kind": "branch", "dues_day": "40"})
    assert bad.status_code == 400 and "is-invalid" in bad.content.decode()
    created = client.post(
        f"/party/orgs/{committee.pk}/new/", {"name": "储能材料课题组党支部", "kind": "branch", "dues_day": "8"}
    )
    new = PartyOrganization.objects.get(name="储能材料课题组党支部")
    assert created.status_code == 302 and created["Location"] == f"/party/orgs/{new.pk}/"
    edited = client.post(
        f"/party/orgs/{new.pk}/edit/", {"name": "储能材料课题组党支部", "team": "储能材料创新团队", "dues_day": "9"}
    )
    assert edited.status_code == 302
    new.refresh_from_db()
    assert new.team == "储能材料创新团队" and new.dues_day == 9 and new.kind == OrgKind.BRANCH
    page = client.get(f"/party/orgs/{tree['branch'].pk}/posts/").content.decode()
    assert members[0].name in page
    client.post(f"/party/orgs/{tree['branch'].pk}/posts/", {"member": members[1].pk, "post": "committee_member"})
    assert PartyPost.objects.filter(organization=tree["branch"], member=members[1]).exists()
    # A branch secretary manages neither the committee nor the other branch.
    branch_client = login(secretary)
    assert branch_client.get(f"/party/orgs/{committee.pk}/new/").status_code == 404
    assert branch_client.get(f"/party/orgs/{tree['other'].pk}/edit/").status_code == 404
    assert branch_client.get(f"/party/orgs/{tree['other'].pk}/posts/").status_code == 404
    foreign_post = PartyPost.objects.create(
        organization=tree["other"], member=members[3], post=Post.COMMITTEE_MEMBER, since="2025-01-01"
    )
    assert branch_client.post(f"/party/posts/{foreign_post.pk}/end/").status_code == 404
