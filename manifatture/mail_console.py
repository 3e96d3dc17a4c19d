"""The development e-mail backend (the default without EMAIL_BACKEND): each message
on the task worker's console as a person would read it, the headers that matter and
the text part decoded, so that a link (the sign-up's verification, say) can be
followed as printed. Django's own console backend prints the raw MIME message, where
quoted-printable splits long links over lines ending in "="."""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
        ]
        attachments = [
            a[0] if isinstance(a, tuple) else a.get_filename() for a in message.attachments
        ]
        if attachments:
            lines.append(f"Attachments: {', '.join(str(a) for a in attachments)}")
        self.stream.write("\n".join(lines) + "\n\n" + message.body.rstrip() + "\n")
        self.stream.write("-" * 79 + "\n")
