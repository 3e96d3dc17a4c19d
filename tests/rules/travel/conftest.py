# The plan tests' fixtures: these tests check the travel rule across apps.
from manifatture.plans.tests.conftest import duomo, edition, lambrate, visitor  # noqa: F401
