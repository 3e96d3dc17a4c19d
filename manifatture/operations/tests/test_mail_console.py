"""The development e-mail backend prints a message as a person reads it: the text
part decoded, so a long link is one line that can be followed as printed."""

import io

from django.core.mail import EmailMultiAlternatives

from manifatture.mail import ConsoleBackend as EmailBackend


def test_a_long_link_is_printed_whole_on_one_line():
    link = "http://127.0.0.1:8650/account/verifica/" + "a1b2c3" * 20 + "/"
    message = EmailMultiAlternatives(
        "Verificate il vostro indirizzo",
        f"Aprite {link} per verificare: è facile.",
        "noreply@example.org",
        ["sara@example.org"],
    )
    message.attach_alternative("<p>html</p>", "text/html")
    out = io.StringIO()
    assert EmailBackend(stream=out).send_messages([message]) == 1
    printed = out.getvalue()
    assert "Subject: Verificate il vostro indirizzo" in printed
    assert "To: sara@example.org" in printed
    assert link in printed.splitlines()[4]
    assert "è facile" in printed
