"""Each analysis counts its claims (the review queue's counter adds them up); each story keeps which of its
articles are near-copies of another, for the texts it found them in (filled when the story is next
linked or one of its claims' panels is opened)."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_claims(apps, schema_editor):
    ArticleAnalysis = apps.get_model("reliability", "ArticleAnalysis")
    SentenceAnalysis = apps.get_model("reliability", "SentenceAnalysis")
    claims = (
        SentenceAnalysis.objects.filter(analysis=OuterRef("pk"), is_claim=True)
        .order_by()
        .values("analysis")
        .annotate(claims=Count("pk"))
        .values("claims")
    )
    ArticleAnalysis.objects.using(schema_editor.connection.alias).update(
        claims=Coalesce(Subquery(claims), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reliability", "0016_editorialsettings_public_outlet_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="articleanalysis",
            name="claims",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="story",
            name="near_copies",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        # Back: the column goes with the field.
        migrations.RunPython(count_claims, migrations.RunPython.noop),
    ]
