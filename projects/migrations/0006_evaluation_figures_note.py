"""Before completion evaluations stop storing figures (0007): what to keep of them.

The figures an evaluation stored were a snapshot of `projects.figures` at that moment. No app
provided any figure yet, so every stored value is a 0 that stood for "no record", not a result:
those are dropped. Should an evaluation hold a figure other than 0 (a provider existed), it is
kept, as a note appended to the evaluation's comments, so nothing a user may have relied on is
lost; the figures themselves are now read from the records whenever an evaluation is shown.
"""

from decimal import Decimal, InvalidOperation

from django.db import migrations

# The labels of projects.figures.FIGURES when this migration was written.
FIGURE_LABELS = {
    "local_workers": "吸纳当地务工人数",
    "priority_group_workers": "其中重点群体人数",
    "remuneration_paid": "发放劳务报酬（元）",
    "people_trained": "开展技能培训人数",
    "arrears": "拖欠劳务报酬（元）",
}


def _is_zero(value) -> bool:
    try:
        return Decimal(str(value)) == 0
    except (InvalidOperation, ValueError):
        return False


def figures_note(figures: dict) -> str:
    """The note kept for an evaluation's stored figures: empty when every figure is 0."""
    kept = [
        f"{FIGURE_LABELS.get(key, key)} {value}"
        for key, value in (figures or {}).items()
        if value not in (None, "") and not _is_zero(value)
    ]
    if not kept:
        return ""
    return "（评价时平台记录的数据：" + "；".join(kept) + "）"


def keep_figures_as_note(apps, schema_editor):
    CompletionEvaluation = apps.get_model("projects", "CompletionEvaluation")
    for evaluation in CompletionEvaluation.objects.exclude(figures={}):
        note = figures_note(evaluation.figures)
        if note:
            evaluation.comments = f"{evaluation.comments}\n{note}".strip()
            evaluation.save(update_fields=["comments"])


class Migration(migrations.Migration):
    # Apart from 0007's schema changes: PostgreSQL refuses to alter a table whose rows were
    # just updated in the same transaction.

    dependencies = [
        ("projects", "0005_list_import_on_job_base"),
    ]

    operations = [
        migrations.RunPython(keep_figures_as_note, migrations.RunPython.noop),
    ]
