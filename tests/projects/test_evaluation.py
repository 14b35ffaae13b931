"""The completion evaluation (综合评价): no default grade, the figures read from the records
when shown (暂无记录 where none are kept, never 0), and revisions as new versions with their
reason, the earlier ones kept (issue 8, item 5)."""

import importlib
import re

import pytest
from django.urls import reverse

from portal.models import Role
from projects import figures
from projects.models import CompletionEvaluation, Project, ProjectStatus
from tests.portal.factories import member
from tests.projects.factories import evaluation_form_data


@pytest.fixture
def completed(world):
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.COMPLETED)
    project.refresh_from_db()
    return project


@pytest.fixture
def evaluator(client, home):
    user = member(home["office"], Role.EDITOR, full_name="王评价")
    client.force_login(user)
    return user


def evaluate_url(project) -> str:
    return reverse("projects:project-evaluate", args=[project.code])


def test_the_grade_starts_empty_and_must_be_chosen(client, evaluator, completed):
    page = client.get(evaluate_url(completed))
    assert page.context["form"]["judgement"].value() is None
    select = re.search(r'<select name="judgement".*?</select>', page.content.decode(), re.S)
    assert select is not None
    assert "selected" not in select.group(0).replace('<option value="" selected>', "")
    assert '<option value="" selected>请选择评价结论</option>' in select.group(0)

    response = client.post(
        evaluate_url(completed), {"evaluated_on": "2026-11-01", "comments": "吸纳务工良好"}
    )
    assert response.context["form"].errors["judgement"] == ["请选择评价结论。"]
    assert not CompletionEvaluation.objects.exists()
    completed.refresh_from_db()
    assert completed.status == ProjectStatus.COMPLETED


def test_figures_come_from_the_records_and_say_no_record_never_zero(
    client, evaluator, completed, monkeypatch
):
    monkeypatch.setattr(figures, "_providers", [])  # no app keeps records yet
    page = client.get(evaluate_url(completed)).content.decode()
    block = page[page.index('data-testid="evaluation-figures"') :]
    block = block[: block.index("</table>")]
    for label in figures.FIGURES.values():
        assert label in block
    assert block.count("暂无记录") == len(figures.FIGURES)
    assert not re.search(r'class="num[^"]*">\s*0\s*<', block)

    client.post(evaluate_url(completed), evaluation_form_data(completed, evaluated_on="2026-11-01"))
    evaluation = CompletionEvaluation.objects.get(project=completed)
    assert not hasattr(evaluation, "figures")  # nothing stored as if it were a result

    def paid(projects):  # the wage app, registered later, knows the pay
        return {pk: {"remuneration_paid": 125000} for pk in projects.values_list("pk", flat=True)}

    monkeypatch.setattr(figures, "_providers", [paid])
    page = client.get(
        reverse("projects:project-detail", args=[completed.code]), {"tab": "evaluation"}
    ).content.decode()
    assert "125000" in page  # read when shown, so the evaluation shows today's records
    assert page.count("暂无记录") == len(figures.FIGURES) - 1


def test_a_revision_is_a_new_version_with_its_reason_and_the_old_one_is_kept(
    client, home, evaluator, completed
):
    url = evaluate_url(completed)
    client.post(url, evaluation_form_data(completed, evaluated_on="2026-11-01", comments="初评"))
    first = CompletionEvaluation.objects.get(project=completed)
    assert first.version == 1
    completed.refresh_from_db()
    assert completed.status == ProjectStatus.EVALUATED

    page = client.get(url)
    assert "修订原因" in page.content.decode()
    assert page.context["form"]["judgement"].value() is None  # no grade presumed, even now
    response = client.post(
        url,
        evaluation_form_data(
            completed, evaluated_on="2026-11-20", judgement="pass", comments="复核后下调"
        ),
    )
    assert response.context["form"].errors["reason"] == ["修订综合评价须说明修订原因。"]
    assert CompletionEvaluation.objects.count() == 1

    reviser = member(home["office"], Role.ADMIN, full_name="李复核")
    client.force_login(reviser)
    response = client.post(
        url,
        evaluation_form_data(
            completed,
            evaluated_on="2026-11-20",
            judgement="pass",
            comments="复核后下调",
            reason="审计发现两个月工资台账未公示",
        ),
    )
    assert response.status_code == 302
    versions = list(CompletionEvaluation.objects.filter(project=completed).order_by("version"))
    assert [(v.version, v.judgement, v.evaluator) for v in versions] == [
        (1, "good", evaluator),
        (2, "pass", reviser),
    ]
    first.refresh_from_db()
    assert (first.judgement, first.comments, first.reason) == ("good", "初评", "")
    assert versions[1].reason == "审计发现两个月工资台账未公示"

    page = client.get(
        reverse("projects:project-detail", args=[completed.code]), {"tab": "evaluation"}
    ).content.decode()
    current = page[page.index('data-testid="current-evaluation"') :]
    assert "第2版" in current[: current.index("</dl>")]
    assert "合格" in current[: current.index("</dl>")]
    history = page[page.index('data-testid="evaluation-versions"') :]
    for text in ("第 1 版", "良好", "王评价", "首次评价", "第 2 版", "合格", "李复核"):
        assert text in history
    assert "审计发现两个月工资台账未公示" in history
    overview = client.get(reverse("projects:project-detail", args=[completed.code]))
    assert "合格" in overview.content.decode()  # the overview shows the current version


def test_a_project_not_completed_is_not_evaluated(client, evaluator, world):
    response = client.post(
        evaluate_url(world["project"]),
        evaluation_form_data(world["project"], evaluated_on="2026-11-01"),
    )
    assert "项目完工后才能进行以工代赈综合评价" in response.content.decode()
    assert not CompletionEvaluation.objects.exists()


def test_the_migration_keeps_only_figures_other_than_zero_as_a_note():
    migration = importlib.import_module("projects.migrations.0006_evaluation_figures_note")
    zeros = {"local_workers": "0", "remuneration_paid": "0.00", "arrears": "0"}
    assert migration.figures_note(zeros) == ""
    assert migration.figures_note({}) == ""
    note = migration.figures_note({"local_workers": "12", "arrears": "0"})
    assert note == "（评价时平台记录的数据：吸纳当地务工人数 12）"


def test_the_evaluation_records_its_unit_participants_scores_and_report_shown_beside_acceptance(
    client, home, evaluator, completed
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.models import DocumentVersion

    data = evaluation_form_data(
        completed,
        participants=[completed.department_id, completed.owner_id, home["contractor"].pk],
        score_0="31",
    )
    response = client.post(evaluate_url(completed), data)
    assert "「吸纳当地务工」得分不能超过满分 30 分。" in response.content.decode()
    data["score_0"] = "28.5"
    data["report"] = SimpleUploadedFile("评价报告.pdf", b"%PDF-1.4 report")
    assert client.post(evaluate_url(completed), data).status_code == 302
    evaluation = CompletionEvaluation.objects.get(project=completed)
    assert evaluation.evaluating_unit == completed.department
    assert set(evaluation.participants.all()) == {
        completed.department,
        completed.owner,
        home["contractor"],
    }
    first = evaluation.scores.first()
    assert (first.criterion, str(first.score), str(first.full_score)) == (
        "吸纳当地务工",
        "28.5",
        "30.0",
    )
    assert evaluation.scores.count() == 5
    report = DocumentVersion.objects.get(pk=evaluation.report_id)
    with report.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 report"

    page = client.get(
        reverse("projects:project-detail", args=[completed.code]), {"tab": "checkpoints"}
    ).content.decode()
    beside = page[page.index('data-testid="evaluation-beside-acceptance"') :]
    assert "综合评价：<b>良好</b>" in beside[:300]
    assert 'data-testid="evaluation-beside-final_audit"' in page
    form = client.get(
        reverse("projects:checkpoint-record", args=[completed.code, "final_audit"])
    ).content.decode()
    reference = form[form.index('data-testid="evaluation-reference"') :]
    assert "良好" in reference
    assert "测试建设有限公司" in reference
    assert reverse("projects:document-version", args=[completed.code, report.pk]) in reference
    versions = client.get(
        reverse("projects:project-detail", args=[completed.code]), {"tab": "evaluation"}
    ).content.decode()
    assert "吸纳当地务工 28.5/30" in versions
