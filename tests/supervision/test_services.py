"""The services of inspections and rectification: who may record what, bad input refused
with its reason, the history kept, every write audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.models import AuditEntry, OrganizationKind, Role
from supervision import services
from supervision.models import (
    DecisionOutcome,
    FindingDecision,
    FindingStatus,
    FindingTopic,
    InspectionLevel,
    Rectification,
)
from tests.portal.factories import OrganizationFactory
from tests.supervision.conftest import scope_of


def today():
    """Today in the portal's time zone, read when a test runs (a run may cross midnight)."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)


def record(site, scope_key="office_scope", level=InspectionLevel.SPOT_CHECK, **kwargs):
    values = {
        "scope": site[scope_key],
        "project": site["project"],
        "level": level,
        "inspected_on": today() - DAY,
        "findings": [
            {
                "topic": FindingTopic.PAY,
                "description": "9月工资延迟发放",
                "deadline": today() + 10 * DAY,
                "responsible": site["contractor"],
            }
        ],
    }
    values.update(kwargs)
    return services.inspection_record(**values)


@pytest.mark.django_db
class TestWhoRecords:
    def test_the_office_records_a_spot_check_with_participants_and_findings(self, site):
        inspection = record(
            site,
            participants=[site["member_unit"], site["department"]],
            other_participants="李科长",
        )
        assert inspection.inspecting_organization == site["office"]
        assert set(inspection.participants.all()) == {site["member_unit"], site["department"]}
        finding = inspection.findings.get()
        assert finding.status == FindingStatus.OPEN
        assert finding.responsible == site["contractor"]
        entry = AuditEntry.objects.get(action="inspection.record")
        assert "抽查" in entry.summary
        assert "发现问题 1 个" in entry.summary

    @pytest.mark.parametrize(
        ("scope_key", "level"),
        [
            ("department_scope", InspectionLevel.SPOT_CHECK),
            ("member_scope", InspectionLevel.SPOT_CHECK),
            ("township_scope", InspectionLevel.PATROL),
            ("contractor_scope", InspectionLevel.SELF_CHECK),
            ("owner_scope", InspectionLevel.SELF_CHECK),
        ],
    )
    def test_each_kind_records_its_own_level(self, site, scope_key, level):
        assert record(site, scope_key, level).level == level

    @pytest.mark.parametrize(
        ("scope_key", "level"),
        [
            ("township_scope", InspectionLevel.SPOT_CHECK),
            ("contractor_scope", InspectionLevel.PATROL),
            ("office_scope", InspectionLevel.SELF_CHECK),
        ],
    )
    def test_no_kind_records_another_level(self, site, scope_key, level):
        with pytest.raises(PermissionDenied, match="不能记录"):
            record(site, scope_key, level)

    def test_a_viewer_records_nothing(self, site):
        site["viewer_scope"] = scope_of(site["office"], Role.VIEWER)
        with pytest.raises(PermissionDenied):
            record(site, "viewer_scope")

    def test_a_township_patrols_only_its_ground(self, site, home):
        other_town = scope_of(
            OrganizationFactory(kind=OrganizationKind.TOWNSHIP, region=home["townships"][1])
        )
        with pytest.raises(PermissionDenied, match="无权检查该项目"):
            services.inspection_record(
                scope=other_town,
                project=site["project"],
                level=InspectionLevel.PATROL,
                inspected_on=today(),
            )

    def test_an_outsider_cannot_inspect_the_project(self, site, elsewhere):
        with pytest.raises(PermissionDenied):
            services.inspection_record(
                scope=scope_of(elsewhere["office"]),
                project=site["project"],
                level=InspectionLevel.SPOT_CHECK,
                inspected_on=today(),
            )


@pytest.mark.django_db
class TestBadInput:
    def test_an_inspection_in_the_future_is_refused(self, site):
        with pytest.raises(ValidationError) as error:
            record(site, inspected_on=today() + DAY)
        assert "检查日期不能晚于今天" in str(error.value.message_dict["inspected_on"])

    def test_a_deadline_before_the_inspection_is_refused(self, site):
        findings = [
            {
                "topic": FindingTopic.PAY,
                "description": "x",
                "deadline": today() - 5 * DAY,
                "responsible": site["contractor"],
            }
        ]
        with pytest.raises(ValidationError, match="整改时限不能早于检查日期"):
            record(site, findings=findings)

    def test_a_finding_for_a_unit_outside_the_project_is_refused(self, site, elsewhere):
        findings = [
            {
                "topic": FindingTopic.PAY,
                "description": "x",
                "deadline": today(),
                "responsible": elsewhere["office"],
            }
        ]
        with pytest.raises(ValidationError, match="不是该项目的"):
            record(site, findings=findings)


@pytest.mark.django_db
class TestRectification:
    def test_report_close_and_the_history_kept(self, site, evidence):
        finding = record(site).findings.get()
        services.rectification_report(
            scope=site["contractor_scope"],
            finding=finding,
            description="已补发",
            rectified_on=today(),
            evidence=evidence(),
        )
        finding.refresh_from_db()
        assert finding.status == FindingStatus.REPORTED
        services.finding_close(scope=site["office_scope"], finding=finding)
        finding.refresh_from_db()
        assert finding.status == FindingStatus.CLOSED
        assert finding.closed_on == today()
        actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("id"))
        assert actions[-2:] == ["finding.rectify", "finding.close"]

    def test_reopen_keeps_every_report_and_decision(self, site, evidence):
        finding = record(site).findings.get()
        contractor = site["contractor_scope"]
        services.rectification_report(
            scope=contractor,
            finding=finding,
            description="第一次",
            rectified_on=today(),
            evidence=evidence(),
        )
        services.finding_reopen(scope=site["office_scope"], finding=finding, reason="未附签字表")
        finding.refresh_from_db()
        assert finding.status == FindingStatus.OPEN
        services.rectification_report(
            scope=contractor,
            finding=finding,
            description="第二次",
            rectified_on=today(),
            evidence=evidence(),
        )
        services.finding_close(scope=site["department_scope"], finding=finding)
        reports = list(Rectification.objects.filter(finding=finding).order_by("id"))
        assert [r.description for r in reports] == ["第一次", "第二次"]
        decisions = FindingDecision.objects.filter(finding=finding).order_by("id")
        assert [d.outcome for d in decisions] == [DecisionOutcome.REOPENED, DecisionOutcome.CLOSED]
        assert decisions[0].reason == "未附签字表"
        assert decisions[1].rectification == reports[1]

    def test_a_department_does_not_close_a_finding_it_must_rectify(self, site, evidence):
        findings = [
            {
                "topic": FindingTopic.PAY,
                "description": "主管部门未按月调度工资发放",
                "deadline": today() + datetime.timedelta(days=10),
                "responsible": site["department"],
            }
        ]
        finding = record(site, findings=findings).findings.get()
        department = site["department_scope"]
        services.rectification_report(
            scope=department,
            finding=finding,
            description="已建立按月调度",
            rectified_on=today(),
            evidence=evidence(),
        )
        with pytest.raises(PermissionDenied):
            services.finding_close(scope=department, finding=finding)
        services.finding_close(scope=site["office_scope"], finding=finding)
        finding.refresh_from_db()
        assert finding.status == FindingStatus.CLOSED

    def test_a_finding_closed_without_evidence_is_refused(self, site):
        finding = record(site).findings.get()
        with pytest.raises(ValidationError, match="尚未上报带佐证材料的整改情况，不能销号"):
            services.finding_close(scope=site["office_scope"], finding=finding)
        finding.refresh_from_db()
        assert finding.status == FindingStatus.OPEN
        assert not FindingDecision.objects.exists()

    def test_a_report_without_evidence_is_refused(self, site):
        finding = record(site).findings.get()
        with pytest.raises(ValidationError) as error:
            services.rectification_report(
                scope=site["contractor_scope"],
                finding=finding,
                description="已整改",
                rectified_on=today(),
                evidence=None,
            )
        assert "佐证材料" in str(error.value.message_dict["evidence"])

    def test_a_rectification_in_the_future_is_refused(self, site, evidence):
        finding = record(site).findings.get()
        with pytest.raises(ValidationError, match="整改完成日期不能晚于今天"):
            services.rectification_report(
                scope=site["contractor_scope"],
                finding=finding,
                description="已整改",
                rectified_on=today() + DAY,
                evidence=evidence(),
            )

    def test_only_the_responsible_unit_reports(self, site, evidence):
        finding = record(site).findings.get()
        with pytest.raises(PermissionDenied, match="责任单位"):
            services.rectification_report(
                scope=site["owner_scope"],
                finding=finding,
                description="x",
                rectified_on=today(),
                evidence=evidence(),
            )

    @pytest.mark.parametrize("scope_key", ["contractor_scope", "township_scope", "member_scope"])
    def test_only_the_office_or_the_department_decides(self, site, evidence, scope_key):
        finding = record(site).findings.get()
        services.rectification_report(
            scope=site["contractor_scope"],
            finding=finding,
            description="x",
            rectified_on=today(),
            evidence=evidence(),
        )
        with pytest.raises(PermissionDenied, match="审核整改情况"):
            services.finding_close(scope=site[scope_key], finding=finding)

    def test_reopening_needs_a_reason(self, site, evidence):
        finding = record(site).findings.get()
        services.rectification_report(
            scope=site["contractor_scope"],
            finding=finding,
            description="x",
            rectified_on=today(),
            evidence=evidence(),
        )
        with pytest.raises(ValidationError, match="须说明原因"):
            services.finding_reopen(scope=site["office_scope"], finding=finding, reason="  ")


@pytest.mark.django_db
class TestObservations:
    def test_the_supervisor_records_on_its_project_only(self, site, home):
        supervisor = OrganizationFactory(kind=OrganizationKind.SUPERVISOR, region=home["district"])
        scope = scope_of(supervisor)
        with pytest.raises(PermissionDenied, match="本单位监理的项目"):
            services.observation_record(
                scope=scope,
                project=site["project"],
                observed_on=today(),
                topic=FindingTopic.PAY,
                text="x",
            )
        site["project"].supervisor = supervisor
        site["project"].save(update_fields=["supervisor"])
        observation = services.observation_record(
            scope=scope,
            project=site["project"],
            observed_on=today(),
            topic=FindingTopic.PAY,
            text="工资已发放到个人银行卡",
        )
        assert observation.organization == supervisor
        with pytest.raises(ValidationError, match="观察日期不能晚于今天"):
            services.observation_record(
                scope=scope,
                project=site["project"],
                observed_on=today() + DAY,
                topic=FindingTopic.PAY,
                text="x",
            )
