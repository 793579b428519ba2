"""Each sentence's claim class, filled for the rows stored before from their claim flag; and the record
of an article whose analysis failed."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def fill_claim_class(apps, schema_editor):
    # Before the three classes, a claim was what is now check-worthy and anything else went unsplit:
    # non-factual is the class that promises least about it.
    rows = apps.get_model("reliability", "SentenceAnalysis").objects.using(schema_editor.connection.alias)
    rows.filter(is_claim=True).update(claim_class="check_worthy")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_credit_note"),
        ("reliability", "0009_independence_and_score_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="sentenceanalysis",
            name="claim_class",
            field=models.CharField(
                choices=[
                    ("check_worthy", "check-worthy factual claim"),
                    ("unimportant", "unimportant factual"),
                    ("non_factual", "non-factual"),
                ],
                default="non_factual",
                max_length=12,
            ),
            preserve_default=False,
        ),
        # Back: the column goes with the field; until then a filled value is harmless.
        migrations.RunPython(fill_claim_class, migrations.RunPython.noop, elidable=True),
        migrations.CreateModel(
            name="AnalysisFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("analyser", models.CharField(max_length=60)),
                ("error", models.CharField(max_length=200, verbose_name="exception")),
                ("message", models.TextField(blank=True)),
                ("failed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="analysis_failure",
                        to="articles.article",
                    ),
                ),
                (
                    "model_version",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="reliability.modelversion",
                    ),
                ),
            ],
            options={"ordering": ["-failed_at", "-pk"]},
        ),
    ]
