"""Completion evaluations become versions: a revision is a new row with its reason, the earlier
ones kept; the figures are no longer stored but read from the records when shown (0006 kept
any figure other than 0 as a note in the comments)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0006_evaluation_figures_note'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='completionevaluation',
            options={'ordering': ['project', '-version'], 'verbose_name': '以工代赈综合评价', 'verbose_name_plural': '以工代赈综合评价'},
        ),
        migrations.RemoveField(
            model_name='completionevaluation',
            name='figures',
        ),
        migrations.AddField(
            model_name='completionevaluation',
            name='reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='修订原因'),
        ),
        migrations.AddField(
            model_name='completionevaluation',
            name='version',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='版本'),
        ),
        migrations.AlterField(
            model_name='completionevaluation',
            name='project',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='projects.project'),
        ),
        migrations.AddConstraint(
            model_name='completionevaluation',
            constraint=models.UniqueConstraint(fields=('project', 'version'), name='evaluation_version_unique'),
        ),
    ]
