"""The fixed vocabularies of capabilities and materials, and the bounding boxes
of the Municipi already loaded."""

from django.db import migrations

CAPABILITIES = [
    # code, Italian, English, machine (it), machine (en)
    ("3d-printing", "Stampa 3D", "3D printing", "una stampante 3D", "a 3D printer"),
    ("laser-cutting", "Taglio laser", "Laser cutting", "una tagliatrice laser", "a laser cutter"),
    ("cnc-milling", "Fresatura CNC", "CNC milling", "una fresa CNC", "a CNC milling machine"),
    ("vinyl-cutting", "Plotter da taglio", "Vinyl cutting", "un plotter da taglio", "a vinyl cutter"),
    ("3d-scanning", "Scansione 3D", "3D scanning", "uno scanner 3D", "a 3D scanner"),
    ("electronics", "Elettronica", "Electronics", "un banco per l'elettronica", "an electronics bench"),
    ("robotics", "Robotica e automazione", "Robotics and automation", "un robot industriale", "an industrial robot"),
    ("textile", "Tessile e sartoria", "Textiles and tailoring", "una macchina da cucire industriale", "an industrial sewing machine"),
    ("leather", "Pelletteria", "Leatherwork", "una macchina per la pelle", "a leatherworking machine"),
    ("wood", "Lavorazione del legno", "Woodworking", "una falegnameria attrezzata", "a woodworking shop"),
    ("metal", "Lavorazione dei metalli", "Metalworking", "un'officina meccanica", "a machine shop"),
    ("welding", "Saldatura", "Welding", "una saldatrice", "a welder"),
    ("ceramics", "Ceramica", "Ceramics", "un forno per ceramica", "a ceramics kiln"),
    ("glass", "Vetro", "Glass", "un forno per il vetro", "a glass kiln"),
    ("jewellery", "Oreficeria", "Jewellery", "un banco da orafo", "a jeweller's bench"),
    ("printing", "Stampa e grafica", "Printing and graphics", "una stampante di grande formato", "a large-format printer"),
    ("moulding", "Stampaggio e formatura", "Moulding and casting", "una pressa per stampaggio", "a moulding press"),
    ("repair", "Riparazione e manutenzione", "Repair and maintenance", "un laboratorio di riparazione", "a repair workshop"),
]

MATERIALS = [
    # code, Italian, English, phrase (it), phrase (en)
    ("wood", "Legno", "Wood", "lavora il legno", "works with wood"),
    ("metal", "Metalli", "Metals", "lavora i metalli", "works with metals"),
    ("plastic", "Plastica", "Plastics", "lavora la plastica", "works with plastics"),
    ("acrylic", "Plexiglas e acrilico", "Acrylic", "lavora il plexiglas", "works with acrylic"),
    ("textile", "Tessuti", "Textiles", "lavora i tessuti", "works with textiles"),
    ("leather", "Pelle e cuoio", "Leather", "lavora la pelle", "works with leather"),
    ("paper", "Carta e cartone", "Paper and cardboard", "lavora la carta", "works with paper"),
    ("glass", "Vetro", "Glass", "lavora il vetro", "works with glass"),
    ("ceramics", "Ceramica e argilla", "Ceramics and clay", "lavora la ceramica", "works with ceramics"),
    ("stone", "Pietra e marmo", "Stone and marble", "lavora la pietra", "works with stone"),
    ("composites", "Materiali compositi", "Composites", "lavora i materiali compositi", "works with composites"),
    ("rubber", "Gomma e silicone", "Rubber and silicone", "lavora la gomma e il silicone", "works with rubber and silicone"),
    ("precious-metals", "Metalli preziosi", "Precious metals", "lavora i metalli preziosi", "works with precious metals"),
    ("food", "Alimenti", "Food", "lavora gli alimenti", "works with food"),
]


def seed(apps, schema_editor):
    Capability = apps.get_model("directory", "Capability")
    Material = apps.get_model("directory", "Material")
    for position, (code, name_it, name_en, machine_it, machine_en) in enumerate(CAPABILITIES):
        Capability.objects.update_or_create(
            code=code,
            defaults={
                "name_it": name_it,
                "name_en": name_en,
                "machine_it": machine_it,
                "machine_en": machine_en,
                "position": position,
            },
        )
    for position, (code, name_it, name_en, phrase_it, phrase_en) in enumerate(MATERIALS):
        Material.objects.update_or_create(
            code=code,
            defaults={
                "name_it": name_it,
                "name_en": name_en,
                "phrase_it": phrase_it,
                "phrase_en": phrase_en,
                "position": position,
            },
        )


def municipi_bboxes(apps, schema_editor):
    Municipio = apps.get_model("directory", "Municipio")
    for municipio in Municipio.objects.all():
        xs, ys = [], []
        geometry = municipio.geometry
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            for x, y, *_ in polygon[0]:
                xs.append(x)
                ys.append(y)
        municipio.min_longitude, municipio.max_longitude = min(xs), max(xs)
        municipio.min_latitude, municipio.max_latitude = min(ys), max(ys)
        municipio.save(
            update_fields=["min_latitude", "max_latitude", "min_longitude", "max_longitude"]
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_profiles_nil_freshness_import")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(municipi_bboxes, migrations.RunPython.noop),
    ]
