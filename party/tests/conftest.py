"""An organ committee with a committee and two branches, their secretaries, and members."""

import pytest
from django.utils import timezone

from party.models import MemberStatus, OrgKind, PartyMember, PartyOrganization, PartyPost, Post

ID_NUMBERS = ["110101199003070011", "330106198503150016", "330102199002280022", "11010119800101003X"]


@pytest.fixture
def tree(db):
    organ = PartyOrganization.objects.create(name="省科技厅机关党委", kind=OrgKind.ORGAN_COMMITTEE)
    committee = PartyOrganization.objects.create(name="省科学院党委", kind=OrgKind.COMMITTEE, parent=organ)
    branch = PartyOrganization.objects.create(
        name="新材料研究所第一党支部", kind=OrgKind.BRANCH, parent=committee, dues_day=15, team="先进碳材料创新团队"
    )
    other = PartyOrganization.objects.create(name="信息所党支部", kind=OrgKind.BRANCH, parent=committee)
    return {"organ": organ, "committee": committee, "branch": branch, "other": other}


def post_holder(make_user, username: str, organization, post=Post.SECRETARY, home=None):
    """A member holding ``post`` in ``organization``, with an account; registered in ``home``
    (default: the organization's parent, so the organization's own member counts stay as set up)."""
    user = make_user(username)
    member = PartyMember.objects.create(
        user=user, name=user.full_name, id_number="", organization=home or organization.parent, status=MemberStatus.FULL
    )
    PartyPost.objects.create(organization=organization, member=member, post=post, since=timezone.localdate())
    return user


@pytest.fixture
def secretary(make_user, tree):
    return post_holder(make_user, "secretary1", tree["branch"])


@pytest.fixture
def other_secretary(make_user, tree):
    return post_holder(make_user, "secretary2", tree["other"])


@pytest.fixture
def members(tree, make_user):
    people = []
    for n, (name, category) in enumerate([("王建国", "employed"), ("李红梅", "retired"), ("张伟", "student")]):
        user = make_user(f"member{n}")
        people.append(
            PartyMember.objects.create(
                user=user,
                name=name,
                id_number=ID_NUMBERS[n],
                phone=f"1390571{n:04d}",
                organization=tree["branch"],
                status=MemberStatus.FULL,
                dues_category=category,
            )
        )
    people.append(
        PartyMember.objects.create(
            name="赵敏", id_number=ID_NUMBERS[3], organization=tree["other"], status=MemberStatus.PROBATIONARY
        )
    )
    return people
