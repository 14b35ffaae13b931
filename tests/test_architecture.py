"""Rules of docs/architecture.md that no linter checks: modules stay small enough to read, and
organisation kinds and statuses are named through their enums, not spelled as strings."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 500


def app_modules():
    for app in ["portal", *settings.PORTAL_APPS]:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


@pytest.mark.parametrize("path", list(app_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_passes_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} 有 {lines} 行：请按主题拆成包。"


def enum_values() -> set[str]:
    """Values of kinds and statuses that are not also field or key names elsewhere."""
    from labor.models import (
        LaborOrgForm,
        ReferralStatus,
        StaffCategory,
        TrainingKind,
        TrainingMode,
    )
    from portal.models import JobStatus, OrganizationKind, RegionLevel
    from projects.models import (
        ActionItemStatus,
        MeetingStatus,
        PreReviewFinding,
        ProjectStatus,
        ProjectType,
        ProposalStatus,
    )

    values = {
        *StaffCategory.values,
        *ReferralStatus.values,
        *TrainingKind.values,
        *TrainingMode.values,
        *LaborOrgForm.values,
        *OrganizationKind.values,
        *RegionLevel.values,
        *ProjectStatus.values,
        *ActionItemStatus.values,
        *JobStatus.values,
        *ProposalStatus.values,
        *MeetingStatus.values,
        *PreReviewFinding.values,
        *ProjectType.values,
    }
    # Also the names of fields, URL kwargs or context keys: a string of these is not a kind.
    names = {
        "department",
        "owner",
        "supervisor",
        "contractor",
        "township",
        "district",
        "done",
        "key",
        "worker",
        "project",
        "skills",
        "village",
    }
    return values - names - {"pending"}  # "pending" is also the inbox's filter


def test_kinds_and_statuses_are_named_through_their_enums():
    values = enum_values()
    found = []
    for path in app_modules():
        if path.name == "demo.py" or "demo" in path.parent.parts:
            # demo fixtures name their own records
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "attr", getattr(base, "id", "")) == "TextChoices"
                for base in node.bases
            ):
                node.body = []  # the enum's own definition
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in values:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert not found, "请用枚举成员代替字符串：\n" + "\n".join(found)
