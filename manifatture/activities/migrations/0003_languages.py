from django.db import migrations

LANGUAGES = [
    ("it", "Italiano", "Italian"),
    ("en", "Inglese", "English"),
    ("fr", "Francese", "French"),
    ("de", "Tedesco", "German"),
    ("es", "Spagnolo", "Spanish"),
    ("zh", "Cinese", "Chinese"),
    ("ar", "Arabo", "Arabic"),
    ("lis", "Lingua dei segni italiana (LIS)", "Italian Sign Language (LIS)"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("activities", "Language")
    for code, name_it, name_en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name_it": name_it, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_room_never_double_booked")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
