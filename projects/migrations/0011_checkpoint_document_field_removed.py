"""The checkpoint's own document field goes: its file is version 1 in the archive (0010).
The field is first given a default so that the migration can be reversed on a database that
has checkpoints (the column comes back empty, and 0010's reverse fills it)."""

from django.db import migrations, models

import projects.models.lifecycle


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_checkpoint_documents_as_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="checkpoint",
            name="document",
            field=models.FileField(
                "文件",
                upload_to=projects.models.lifecycle.checkpoint_upload_to,
                max_length=300,
                blank=True,
                default="",
            ),
        ),
        migrations.RemoveField(
            model_name="checkpoint",
            name="document",
        ),
    ]
