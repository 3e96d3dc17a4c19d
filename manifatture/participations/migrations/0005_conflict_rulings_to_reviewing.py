"""Conflict rulings move to the one home both reviews share (reviewing.ConflictRuling)."""

from django.db import migrations

FIELDS = ("reviewer_id", "kind", "note", "decided_by_id")


def forwards(apps, schema_editor):
    Old = apps.get_model("participations", "ConflictRuling")
    New = apps.get_model("reviewing", "ConflictRuling")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rulings = Old.objects.all()
    if not rulings.exists():
        return
    application_type, _created = ContentType.objects.get_or_create(
        app_label="participations", model="application"
    )
    for old in rulings:
        new = New.objects.create(
            content_type=application_type,
            object_id=old.application_id,
            **{field: getattr(old, field) for field in FIELDS},
        )
        # auto_now_add set the moment of the move: keep the moment of the decision.
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)


def backwards(apps, schema_editor):
    Old = apps.get_model("participations", "ConflictRuling")
    New = apps.get_model("reviewing", "ConflictRuling")
    rulings = New.objects.filter(
        content_type__app_label="participations", content_type__model="application"
    )
    for new in rulings:
        old = Old.objects.create(
            application_id=new.object_id, **{field: getattr(new, field) for field in FIELDS}
        )
        Old.objects.filter(pk=old.pk).update(created_at=new.created_at)
    rulings.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participations", "0004_review_reopened_until"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviewing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ConflictRuling"),
    ]
