"""What the assessment workflow announces, sent inside the workflow's transaction.

Apps above pmprb act on them (snapshots keeps the signed report) without pmprb importing them.
"""

from django.dispatch import Signal

# sender=Assessment; assessment=, user=: the assessment was just finalised.
assessment_finalised = Signal()
# sender=Assessment; assessment=: a final assessment was reopened, its signed report no longer holds.
assessment_reopened = Signal()
