"""Pages never wait for the mail server: only manifatture/mail.py touches
Django's mail API, and it sends from a task. A module that imported
django.core.mail (send_mail, mail_admins, EmailMessage ...) could send from a
request and hang it while SMTP is down."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "manifatture"


def imports_mail(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("django.core.mail"):
                return True
            if node.module == "django.core" and any(a.name == "mail" for a in node.names):
                return True
        if isinstance(node, ast.Import) and any(
            a.name.startswith("django.core.mail") for a in node.names
        ):
            return True
    return False


def test_only_the_mail_module_uses_django_mail():
    offenders = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "mail.py"
        and imports_mail(ast.parse(path.read_text()))
    )
    assert offenders == []
    assert imports_mail(ast.parse((PACKAGE / "mail.py").read_text()))


def test_the_mail_module_sends_only_from_its_task():
    tree = ast.parse((PACKAGE / "mail.py").read_text())
    senders = [
        function.name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        and any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "send"
            for node in ast.walk(function)
        )
    ]
    assert senders == ["send_email"]
    [task] = [
        f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name == "send_email"
    ]
    assert any("task" in ast.unparse(decorator) for decorator in task.decorator_list)
