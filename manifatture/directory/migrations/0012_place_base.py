# Site now takes its address, comune, Municipio, NIL and coordinates from
# directory.models.Place. The columns are the same; what changes is the help
# text (one sentence for every place) and how the reverse name is written
# (%(class)ss, still "sites"): no SQL (`sqlmigrate` prints none).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0011_text_by_name_filters'),
    ]

    operations = [
        migrations.AlterField(
            model_name='site',
            name='comune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='directory.comune', verbose_name='comune'),
        ),
        migrations.AlterField(
            model_name='site',
            name='municipio',
            field=models.ForeignKey(blank=True, help_text='Calcolato dalle coordinate per i luoghi nel Comune di Milano.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to='directory.municipio', verbose_name='municipio'),
        ),
        migrations.AlterField(
            model_name='site',
            name='nil',
            field=models.ForeignKey(blank=True, help_text='Calcolato dalle coordinate per i luoghi nel Comune di Milano.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to='directory.nil', verbose_name='NIL (quartiere)'),
        ),
    ]
