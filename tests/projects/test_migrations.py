"""The data migration that moved each checkpoint's document into the versioned archive
(projects 0010): an existing file becomes version 1 of its kind, with its size and SHA-256,
and nothing is lost. Runs the real migrations backwards and forwards on the test database."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import CheckpointKind, DocumentVersion
from tests.projects.factories import CheckpointFactory

BEFORE = [("projects", "0009_archives_and_evaluation_participants")]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_document_kept_before_versions_becomes_version_one(media_root):
    checkpoint = CheckpointFactory(kind=CheckpointKind.CONTRACT, document=False)
    content = b"%PDF-1.4 the signed contract"
    stored = default_storage.save("checkpoints/OLD-1/contract/合同.pdf", ContentFile(content))
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    try:
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE).apps
        old_checkpoint = old_apps.get_model("projects", "Checkpoint")
        old_checkpoint.objects.filter(pk=checkpoint.pk).update(document=stored)

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    version = DocumentVersion.objects.get(
        document__project=checkpoint.project, document__kind=CheckpointKind.CONTRACT
    )
    assert version.number == 1
    assert version.file.name == stored
    assert version.size == len(content)
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.document.title == "合同约定用工和报酬"
    with version.file.open("rb") as opened:
        assert opened.read() == content
