"""The apps' settings follow one pattern (docs/architecture.md, "Settings"):
each setting has its default once, in config/settings.py; code reads it as
`settings.NAME` with no fallback of its own; a setting that is read converted
(minutes into a duration, days into a date span) is converted by one function
in its app's conf.py, and no other module reads it."""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "manifatture"


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(), str(path))


def _is_settings(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "settings"


def _reads() -> dict[str, set[str]]:
    """Each setting read as `settings.NAME`, and the modules that read it."""
    reads: dict[str, set[str]] = defaultdict(set)
    for module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _is_settings(node.value) and node.attr.isupper():
                reads[node.attr].add(module)
    return reads


def test_no_code_gives_a_setting_a_fallback_of_its_own():
    fallbacks = [
        f"{module}:{node.lineno}"
        for module, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"getattr", "hasattr"}
        and node.args
        and _is_settings(node.args[0])
    ]
    assert fallbacks == []


def test_every_setting_read_is_declared_with_its_default():
    missing = {name: modules for name, modules in _reads().items() if not hasattr(settings, name)}
    assert missing == {}


def test_a_setting_converted_in_a_conf_module_is_read_nowhere_else():
    reads = _reads()
    owned = {
        name for name, modules in reads.items() if any(m.endswith("/conf.py") for m in modules)
    }
    assert owned  # bookings, tickets, directory, qualifications, operations
    elsewhere = {name: reads[name] for name in owned if len(reads[name]) > 1}
    assert elsewhere == {}
