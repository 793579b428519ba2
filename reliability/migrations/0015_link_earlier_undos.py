"""Link each undo recorded before LabelOverride.undoes existed to the change it took back, so that a
claim whose only decision was undone counts as not reviewed and comes back to the queue.

An undo then was an override of the same sentence and field whose reason is "Undo: " and the
change's reason, and whose values are the change's swapped (an acceptance's undo repeats its values);
it took back the newest such change before it not yet taken back."""

from django.db import migrations

REASON_LENGTH = 1000


def link_undos(apps, schema_editor):
    LabelOverride = apps.get_model("reliability", "LabelOverride")
    undone = LabelOverride.objects.filter(reason__startswith="Undo: ", undoes__isnull=True)
    sentences = set(undone.values_list("sentence_id", flat=True))
    rows = LabelOverride.objects.filter(sentence_id__in=sentences).order_by("created_at", "pk")
    taken_back, linked, earlier = set(), [], []
    for row in rows.iterator():
        if row.reason.startswith("Undo: ") and row.undoes_id is None:
            change = next((old for old in reversed(earlier) if _reverses(row, old, taken_back)), None)
            if change is not None:
                row.undoes_id = change.pk
                taken_back.add(change.pk)
                linked.append(row)
        earlier.append(row)
    LabelOverride.objects.bulk_update(linked, ["undoes"], batch_size=500)


def _reverses(undo, change, taken_back):
    return (
        change.pk not in taken_back
        and change.undoes_id is None
        and (change.sentence_id, change.field) == (undo.sentence_id, undo.field)
        and (change.old_value, change.new_value) == (undo.new_value, undo.old_value)
        and f"Undo: {change.reason}"[:REASON_LENGTH] == undo.reason
    )


class Migration(migrations.Migration):
    dependencies = [("reliability", "0014_undo_links_and_cue_spans")]

    operations = [migrations.RunPython(link_undos, migrations.RunPython.noop)]
