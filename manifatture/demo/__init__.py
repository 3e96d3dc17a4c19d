"""Demo data for `manage.py load_demo`: 2018 and 2019 as history, and a current
edition whose dates follow the day the demo is loaded.

The data lives in `data/*.json`; `hosts` and `programme` give it its shape,
`planning` lays out the programmes, `builder` and the section modules write them
through each app's services where the apps keep counters or rules that apply now.
This app may import every other; none imports it.
"""
