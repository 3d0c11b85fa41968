"""Snapshots follow the workflows: taken when a document becomes final, withdrawn when it is reopened.

Connected in SnapshotsConfig.ready(); the signals are sent inside the workflow's transaction, so a
snapshot commits or rolls back with the verification or finalisation it attests.
"""

from django.dispatch import receiver

from monev.models import Realisation
from monev.signals import report_verified, verification_withdrawn
from pmprb.models import Assessment
from pmprb.signals import assessment_finalised, assessment_reopened
from snapshots import capture


@receiver(report_verified, sender=Realisation, dispatch_uid="snapshots.take_realisation")
def take_realisation(sender, realisation: Realisation, user, **kwargs) -> None:
    capture.take_realisation(realisation, user)


@receiver(verification_withdrawn, sender=Realisation, dispatch_uid="snapshots.withdraw_realisation")
def withdraw_realisation(sender, realisation: Realisation, **kwargs) -> None:
    capture.withdraw(realisation=realisation)


@receiver(assessment_finalised, sender=Assessment, dispatch_uid="snapshots.take_evaluation_report")
def take_evaluation_report(sender, assessment: Assessment, user, **kwargs) -> None:
    capture.take_evaluation_report(assessment, user)


@receiver(assessment_reopened, sender=Assessment, dispatch_uid="snapshots.withdraw_evaluation_report")
def withdraw_evaluation_report(sender, assessment: Assessment, **kwargs) -> None:
    capture.withdraw(assessment=assessment)
