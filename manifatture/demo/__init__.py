"""Demo data for `manage.py load_demo`: the 2019 edition as current, 2018 as history.

`hosts` and `programme` hold the data tables, `builder` writes them. This is the one
place in `editions` that reaches into the apps to its right (participations,
activities): it fills a whole edition, applications and programme included.
"""
