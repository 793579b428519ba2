from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_article_updated_at_outlet_updated_at")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="credit_note",
            field=models.TextField(
                blank=True,
                help_text="Credit and syndication lines that name no publication, as written "
                "(“This article originally appeared on July 12, 2019.”).",
            ),
        ),
    ]
