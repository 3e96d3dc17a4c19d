"""Staff's overrides of conflicts of interest move to the one home both reviews share
(reviewing.ConflictRuling, kind "cleared", the reason as its note)."""

from django.db import migrations


def forwards(apps, schema_editor):
    ConflictOverride = apps.get_model("calls", "ConflictOverride")
    ConflictRuling = apps.get_model("reviewing", "ConflictRuling")
    ContentType = apps.get_model("contenttypes", "ContentType")
    overrides = ConflictOverride.objects.all()
    if not overrides.exists():
        return
    application_type, _created = ContentType.objects.get_or_create(
        app_label="calls", model="application"
    )
    for override in overrides:
        ruling = ConflictRuling.objects.create(
            content_type=application_type,
            object_id=override.application_id,
            reviewer_id=override.reviewer_id,
            kind="cleared",
            note=override.reason,
            decided_by_id=override.decided_by_id,
        )
        # auto_now_add set the moment of the move: keep the moment of the decision.
        ConflictRuling.objects.filter(pk=ruling.pk).update(created_at=override.created_at)


def backwards(apps, schema_editor):
    ConflictOverride = apps.get_model("calls", "ConflictOverride")
    ConflictRuling = apps.get_model("reviewing", "ConflictRuling")
    rulings = ConflictRuling.objects.filter(
        content_type__app_label="calls", content_type__model="application"
    )
    for ruling in rulings:
        override = ConflictOverride.objects.create(
            application_id=ruling.object_id,
            reviewer_id=ruling.reviewer_id,
            reason=ruling.note,
            decided_by_id=ruling.decided_by_id,
        )
        ConflictOverride.objects.filter(pk=override.pk).update(created_at=ruling.created_at)
    rulings.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0003_review_reopened_until"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviewing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ConflictOverride"),
    ]
