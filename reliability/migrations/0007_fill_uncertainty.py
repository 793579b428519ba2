"""Give the analyses stored before 0006 added the column their uncertainty, from what each row keeps."""

from django.db import migrations


def fill_uncertainty(apps, schema_editor):
    from reliability.analysis.uncertainty import fill

    fill(apps.get_model("reliability", "SentenceAnalysis"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("reliability", "0006_editors_teach_the_model")]

    # Back: the column goes with 0006; until then a filled value is harmless.
    operations = [migrations.RunPython(fill_uncertainty, migrations.RunPython.noop, elidable=True)]
