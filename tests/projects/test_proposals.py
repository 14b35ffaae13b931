"""Proposals (项目申报): a department or township drafts and submits, the office adopts,
reserves or returns with reasons, the proposer corrects and resubmits; every refusal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, OrganizationKind, Role
from portal.scope import Scope
from projects.models import AnnualListEntry, ProjectStatus, Proposal, ProposalStatus
from projects.services import proposals as services
from tests.portal.factories import OrganizationFactory, member
from tests.projects.factories import CategoryFactory
from tests.projects.proposal_factories import ProposalFactory, submitted

pytestmark = pytest.mark.django_db


def scope_of(organization, role=Role.EDITOR) -> Scope:
    return Scope.for_user(member(organization, role))


@pytest.fixture
def owner(home):
    return OrganizationFactory(kind=OrganizationKind.OWNER, region=home["district"])


@pytest.fixture
def member_unit(home):
    return OrganizationFactory(
        code="member-approval", kind=OrganizationKind.MEMBER_UNIT, region=home["district"]
    )


def project_data(home, owner, **overrides) -> dict:
    category = CategoryFactory()
    year = timezone.localdate().year
    data = {
        "code": "SB-NEW-1",
        "name": "测试镇村组道路硬化工程",
        "level": "district",
        "domain": category.domain,
        "category": category,
        "department": home["department"],
        "owner": owner,
        "total_investment": Decimal("300"),
        "government_investment": Decimal("300"),
        "work_relief_funds": Decimal("45"),
        "planned_start": datetime.date(year, 3, 1),
        "planned_end": datetime.date(year, 10, 31),
    }
    data.update(overrides)
    return data


def draft(home, owner, organization, **kwargs):
    year = timezone.localdate().year
    return services.proposal_create(
        scope=scope_of(organization),
        year=year,
        data=project_data(home, owner, **kwargs),
        townships=[home["townships"][0]],
        forecasts={year: (60, Decimal("80.00"))},
    )


def test_a_department_drafts_a_proposed_project_of_its_domain(home, owner):
    proposal = draft(home, owner, home["department"])
    project = proposal.project
    assert project.status == ProjectStatus.PROPOSED
    assert project.proposed_by == home["department"]
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.round == 0
    assert AuditEntry.objects.filter(action="proposal.create", object_id=str(project.pk)).exists()


def test_a_department_proposes_only_projects_it_supervises(home, owner):
    other = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, region=home["district"])
    with pytest.raises(ValidationError) as refused:
        draft(home, owner, home["department"], department=other)
    assert "本部门主管" in str(refused.value)


def test_a_township_proposes_on_its_own_ground_only(home, owner):
    proposal = draft(home, owner, home["township"], code="SB-T-1")
    assert proposal.proposer == home["township"]
    assert proposal.project.proposed_by == home["township"]
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(
            scope=scope_of(home["township"]),
            year=timezone.localdate().year,
            data=project_data(home, owner, code="SB-T-2"),
            townships=[home["townships"][1]],
        )
    assert "本辖区" in refused.value.message_dict["townships"][0]


@pytest.mark.parametrize("kind", ["office", "member_unit", "owner"])
def test_who_does_not_propose_is_refused(home, owner, member_unit, kind):
    organization = {"office": home["office"], "member_unit": member_unit, "owner": owner}[kind]
    with pytest.raises(PermissionDenied):
        draft(home, owner, organization)


def test_a_viewer_cannot_draft(home, owner):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            scope=scope_of(home["department"], Role.VIEWER),
            year=timezone.localdate().year,
            data=project_data(home, owner),
        )


def test_the_year_is_this_year_or_the_next(home, owner):
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(
            scope=scope_of(home["department"]),
            year=timezone.localdate().year - 1,
            data=project_data(home, owner),
        )
    assert "申报年度" in refused.value.message_dict["year"][0]


def test_submitting_counts_the_round_and_needs_the_forecast(home, owner):
    proposal = draft(home, owner, home["department"])
    services.proposal_submit(scope=scope_of(home["department"]), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.round == 1
    assert proposal.submitted_at is not None
    with pytest.raises(ValidationError) as again:
        services.proposal_submit(scope=scope_of(home["department"]), proposal=proposal)
    assert "待审核" in str(again.value)
    bare = ProposalFactory(project__region=home["district"], proposer=home["department"])
    with pytest.raises(ValidationError) as no_forecast:
        services.proposal_submit(scope=scope_of(home["department"]), proposal=bare)
    assert "研提数" in str(no_forecast.value)


def test_only_the_proposer_submits(home, owner):
    proposal = draft(home, owner, home["department"])
    for scope in (scope_of(home["township"]), scope_of(home["department"], Role.VIEWER)):
        with pytest.raises(PermissionDenied):
            services.proposal_submit(scope=scope, proposal=proposal)


def test_return_adopt_after_resubmission(home, owner, office_scope):
    proposal = draft(home, owner, home["township"], code="SB-T-9")
    township = scope_of(home["township"])
    services.proposal_submit(scope=township, proposal=proposal)
    with pytest.raises(ValidationError) as no_reason:
        services.proposal_decide(
            scope=office_scope, proposal=proposal, decision=ProposalStatus.RETURNED, reason=" "
        )
    assert "退回原因" in no_reason.value.message_dict["reason"][0]
    services.proposal_decide(
        scope=office_scope,
        proposal=proposal,
        decision=ProposalStatus.RETURNED,
        reason="请补充用工环节测算",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert proposal.decision_reason == "请补充用工环节测算"
    assert proposal.project.status == ProjectStatus.PROPOSED
    # The township corrects it (through project_update) and sends it again.
    year = proposal.year
    services.proposal_update(
        scope=township,
        proposal=proposal,
        data={"name": "测试镇村组道路硬化工程（修改）"},
        townships=[home["townships"][0]],
        forecasts={year: (75, Decimal("95.00"))},
    )
    services.proposal_submit(scope=township, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.round) == (ProposalStatus.SUBMITTED, 2)
    assert proposal.project.forecasts.get(year=year).local_workers == 75
    services.proposal_decide(scope=office_scope, proposal=proposal, decision=ProposalStatus.ADOPTED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.project.status == ProjectStatus.LISTED
    assert AnnualListEntry.objects.filter(
        project=proposal.project, annual_list__year=year, withdrawn_on__isnull=True
    ).exists()
    actions = set(
        AuditEntry.objects.filter(object_id=str(proposal.project.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"proposal.submit", "proposal.returned", "proposal.adopted"} <= actions
    with pytest.raises(ValidationError):  # decided: no second decision, no more changes
        services.proposal_decide(
            scope=office_scope, proposal=proposal, decision=ProposalStatus.RESERVED
        )
    with pytest.raises(ValidationError):
        services.proposal_update(scope=township, proposal=proposal, data={"name": "再改"})


def test_the_office_puts_a_proposal_in_the_reserve(home, owner, office_scope):
    proposal = ProposalFactory(
        project__region=home["district"], forecast=(10, "12.00"), **submitted()
    )
    services.proposal_decide(
        scope=office_scope, proposal=proposal, decision=ProposalStatus.RESERVED
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RESERVED
    assert proposal.project.status == ProjectStatus.RESERVE
    assert not AnnualListEntry.objects.filter(project=proposal.project).exists()


def test_next_years_proposal_waits_in_the_reserve_for_its_year(home, office_scope):
    proposal = ProposalFactory(
        project__region=home["district"], year=timezone.localdate().year + 1, **submitted()
    )
    with pytest.raises(ValidationError) as refused:
        services.proposal_decide(
            scope=office_scope, proposal=proposal, decision=ProposalStatus.ADOPTED
        )
    assert "纳入储备库" in str(refused.value)


def test_only_the_office_of_the_region_decides(home, elsewhere, member_unit):
    proposal = ProposalFactory(project__region=home["district"], **submitted())
    for scope in (
        scope_of(member_unit),
        scope_of(home["department"]),
        scope_of(home["office"], Role.VIEWER),
        scope_of(elsewhere["office"]),
    ):
        with pytest.raises(PermissionDenied):
            services.proposal_decide(
                scope=scope, proposal=proposal, decision=ProposalStatus.RESERVED
            )
    draft_one = ProposalFactory(project__region=home["district"])
    with pytest.raises(ValidationError):  # a draft is not the office's yet
        services.proposal_decide(
            scope=scope_of(home["office"]), proposal=draft_one, decision=ProposalStatus.RESERVED
        )


def test_the_explanation_is_editable_until_the_office_has_reviewed(home, office_scope):
    department = scope_of(home["department"])
    proposal = ProposalFactory(
        project__region=home["district"], project__department=home["department"], **submitted()
    )
    year = proposal.year
    first = services.decline_explanation_save(scope=department, year=year, text="原因一")
    second = services.decline_explanation_save(scope=department, year=year, text="原因二")
    assert first.pk == second.pk
    assert second.text == "原因二"
    with pytest.raises(ValidationError):
        services.decline_explanation_save(scope=department, year=year, text="  ")
    with pytest.raises(PermissionDenied):
        services.decline_explanation_save(scope=office_scope, year=year, text="办公室代写")
    services.proposal_decide(
        scope=office_scope, proposal=proposal, decision=ProposalStatus.RESERVED
    )
    with pytest.raises(ValidationError) as locked:
        services.decline_explanation_save(scope=department, year=year, text="原因三")
    assert "不能再修改" in str(locked.value)


# --- pages ---------------------------------------------------------------------------------


def test_the_proposer_sees_the_outcome_and_the_reasons_on_the_project_page(client, home):
    proposal = ProposalFactory(
        project__region=home["district"],
        project__department=home["department"],
        proposer=home["department"],
        **submitted(status=ProposalStatus.RETURNED, decision_reason="请补充岗位测算表"),
    )
    client.force_login(member(home["department"], Role.EDITOR))
    url = reverse("projects:project-detail", args=[proposal.project.code]) + "?tab=proposal"
    page = client.get(url).content.decode()
    assert "已退回" in page
    assert "请补充岗位测算表" in page
    assert reverse("projects:proposal-edit", args=[proposal.pk]) in page
    assert "重新提交审核" in page


def test_a_member_unit_reads_the_queue_but_cannot_decide_or_propose(client, home, member_unit):
    proposal = ProposalFactory(project__region=home["district"], **submitted())
    client.force_login(member(member_unit, Role.ADMIN))
    queue = client.get(reverse("projects:proposal-review"))
    assert queue.status_code == 200
    assert proposal.project.name in queue.content.decode()
    assert reverse("projects:proposal-decide", args=[proposal.pk]) not in queue.content.decode()
    assert client.get(reverse("projects:proposal-decide", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("projects:proposal-create")).status_code == 403
    assert client.post(reverse("projects:proposal-submit", args=[proposal.pk])).status_code == 403


def test_an_outsider_gets_404_and_the_queue_keeps_drafts_out(client, home, elsewhere):
    submitted_one = ProposalFactory(project__region=home["district"], **submitted())
    draft_one = ProposalFactory(project__region=home["district"])
    client.force_login(member(elsewhere["office"], Role.ADMIN))
    decide = reverse("projects:proposal-decide", args=[submitted_one.pk])
    assert client.get(decide).status_code == 404
    client.force_login(member(home["office"], Role.EDITOR))
    page = client.get(reverse("projects:proposal-review")).content.decode()
    assert submitted_one.project.name in page
    assert draft_one.project.name not in page
    assert client.get(reverse("projects:proposal-decide", args=[draft_one.pk])).status_code == 404


def test_the_office_decides_from_the_queue(client, home):
    proposal = ProposalFactory(
        project__region=home["district"], forecast=(10, "12.00"), **submitted()
    )
    client.force_login(member(home["office"], Role.EDITOR))
    url = reverse("projects:proposal-decide", args=[proposal.pk])
    refused = client.post(url, {"decision": ProposalStatus.RETURNED, "reason": ""})
    assert "退回申报须写明退回原因" in refused.content.decode()
    response = client.post(url, {"decision": ProposalStatus.RETURNED, "reason": "补充岗位"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_a_township_drafts_through_the_form(client, home, owner, world):
    category = world["category"]  # of the directory the district uses
    client.force_login(member(home["township"], Role.EDITOR))
    year = timezone.localdate().year
    response = client.post(
        reverse("projects:proposal-create"),
        {
            "year": year,
            "code": "SB-F-1",
            "name": "测试镇便民桥工程",
            "level": "district",
            "project_type": "key",
            "domain": category.domain.pk,
            "category": category.pk,
            "department": home["department"].pk,
            "owner": owner.pk,
            "townships": [home["townships"][0].pk],
            "total_investment": "200",
            "government_investment": "200",
            "work_relief_funds": "20",
            "planned_start": f"{year}-03-01",
            "planned_end": f"{year}-09-30",
            "pay_day": "15",
            "forecast_workers": "30",
            "forecast_remuneration": "36.5",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get(project__code="SB-F-1")
    assert proposal.proposer == home["township"]
    assert proposal.project.forecasts.get(year=year).local_workers == 30


def queue_queries(client, count: int, home) -> int:
    for _ in range(count):
        ProposalFactory(
            project__region=home["district"],
            project__townships=[home["townships"][0]],
            forecast=(10, "10.00"),
            **submitted(),
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:proposal-review") + "?status=submitted")
    assert response.status_code == 200
    return len(queries)


def test_the_queue_runs_a_fixed_number_of_queries(client, home):
    client.force_login(member(home["office"], Role.EDITOR))
    client.get(reverse("projects:proposal-review"))  # warm the session and caches
    few = queue_queries(client, 2, home)
    many = queue_queries(client, 12, home)
    assert few == many, f"{few} 次查询 → {many} 次查询"


def test_a_proposed_project_reaches_the_list_only_through_the_review(home, office_scope):
    from projects.services import annual_list_add

    proposal = ProposalFactory(project__region=home["district"], **submitted())
    with pytest.raises(ValidationError) as refused:
        annual_list_add(scope=office_scope, project=proposal.project, year=proposal.year)
    assert "申报审核" in str(refused.value)


def test_the_department_of_a_townships_proposal_sees_its_state_once_submitted(client, home):
    def township_proposal(**fields):
        return ProposalFactory(
            project__region=home["district"],
            project__department=home["department"],
            project__townships=[home["townships"][0]],
            proposer=home["township"],
            **fields,
        )

    sent = township_proposal(**submitted())
    draft_one = township_proposal()
    client.force_login(member(home["department"], Role.VIEWER))
    for proposal, shown in ((sent, "待审核"), (draft_one, "没有您可查看的申报记录")):
        url = reverse("projects:project-detail", args=[proposal.project.code]) + "?tab=proposal"
        assert shown in client.get(url).content.decode()


def test_a_reserved_proposal_is_adopted_when_its_project_is_listed_in_its_year(home, office_scope):
    from projects.services import annual_list_add

    year = timezone.localdate().year
    proposal = ProposalFactory(project__region=home["district"], year=year, **submitted())
    services.proposal_decide(
        scope=office_scope, proposal=proposal, decision=ProposalStatus.RESERVED
    )
    proposal.refresh_from_db()
    annual_list_add(scope=office_scope, project=proposal.project, year=year)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.project.status == ProjectStatus.LISTED


def test_a_co_lead_department_does_not_decide_on_its_own_proposal(home):
    department = home["department"]
    proposal = ProposalFactory(project__region=home["district"], proposer=department, **submitted())
    department.is_co_lead = True
    department.save(update_fields=["is_co_lead"])
    co_lead = scope_of(department)
    assert co_lead.is_office
    with pytest.raises(PermissionDenied, match="不能审核本单位自己的项目申报"):
        services.proposal_decide(scope=co_lead, proposal=proposal, decision=ProposalStatus.ADOPTED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_project_being_proposed_is_edited_by_its_proposer_alone(home, owner, office_scope):
    from projects.selectors import project_can_edit
    from projects.services import project_withdraw

    proposal = draft(home, owner, home["township"])
    project = proposal.project
    assert project_can_edit(scope=scope_of(home["township"]), project=project)
    assert not project_can_edit(scope=office_scope, project=project)
    assert not project_can_edit(scope=scope_of(home["department"]), project=project)
    with pytest.raises(ValidationError, match="尚在申报中"):
        project_withdraw(scope=office_scope, project=project, reason="不再实施")
