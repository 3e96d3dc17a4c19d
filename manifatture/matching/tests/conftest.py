from manifatture.directory.tests.boundaries import city, comuni_mi, municipi, nils  # noqa: F401
