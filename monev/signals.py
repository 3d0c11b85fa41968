"""What the report workflow announces, sent inside the workflow's transaction.

Apps above monev act on them (snapshots keeps what the verifier saw) without monev importing them.
"""

from django.dispatch import Signal

# sender=Realisation; realisation=, user=: the report was just verified.
report_verified = Signal()
# sender=Realisation; realisation=: a verified report was returned, its verification no longer holds.
verification_withdrawn = Signal()
