"""Each checkpoint's document becomes version 1 of the project's document of that kind: the
file stays where it is in storage, its size and SHA-256 are read from it (a file missing from
storage is recorded with size 0 and no digest, so that it shows as it is)."""

import hashlib

from django.db import migrations


def move_documents(apps, schema_editor):
    Checkpoint = apps.get_model("projects", "Checkpoint")
    ProjectDocument = apps.get_model("projects", "ProjectDocument")
    DocumentVersion = apps.get_model("projects", "DocumentVersion")
    kind_labels = dict(Checkpoint._meta.get_field("kind").choices)
    for checkpoint in Checkpoint.objects.exclude(document="").order_by("pk").iterator():
        field = checkpoint.document
        size, digest = 0, ""
        try:
            with field.storage.open(field.name, "rb") as stored:
                sha = hashlib.sha256()
                for chunk in iter(lambda: stored.read(1024 * 1024), b""):
                    sha.update(chunk)
                    size += len(chunk)
                digest = sha.hexdigest()
        except OSError:
            pass
        document = ProjectDocument.objects.create(
            project_id=checkpoint.project_id,
            kind=checkpoint.kind,
            title=kind_labels.get(checkpoint.kind, checkpoint.kind),
            created_by_id=checkpoint.recorded_by_id,
            created_at=checkpoint.recorded_at,
        )
        DocumentVersion.objects.create(
            document=document,
            number=1,
            file=field.name,
            original_name=field.name.rsplit("/", 1)[-1],
            size=size,
            sha256=digest,
            uploaded_by_id=checkpoint.recorded_by_id,
            uploaded_at=checkpoint.recorded_at,
        )


def restore_documents(apps, schema_editor):
    Checkpoint = apps.get_model("projects", "Checkpoint")
    DocumentVersion = apps.get_model("projects", "DocumentVersion")
    for checkpoint in Checkpoint.objects.all().iterator():
        newest = (
            DocumentVersion.objects.filter(
                document__project_id=checkpoint.project_id,
                document__kind=checkpoint.kind,
                document__deleted_at__isnull=True,
            )
            .order_by("-number")
            .first()
        )
        if newest is not None:
            checkpoint.document = newest.file.name
            checkpoint.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_archives_and_evaluation_participants")]

    operations = [migrations.RunPython(move_documents, restore_documents)]
