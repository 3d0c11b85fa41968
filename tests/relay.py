"""A mail relay for tests that refuses the first messages, then accepts them into django.core.mail.outbox."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

PATH = "tests.relay.RefusingBackend"


class RefusingBackend(LocmemBackend):
    """Refuses the next `refusals` sends as a relay that hangs up would, then accepts; counts every call."""

    refusals = 0
    calls = 0

    def send_messages(self, messages):
        RefusingBackend.calls += 1
        if RefusingBackend.refusals > 0:
            RefusingBackend.refusals -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)

    @classmethod
    def reset(cls, refusals: int = 0) -> type["RefusingBackend"]:
        cls.refusals, cls.calls = refusals, 0
        return cls
