"""What the reports announce to the layers above them (publication freezes its open data when
an edition is signed), without importing them."""

from django.dispatch import Signal

# Sent inside the transaction of the last signature, with ``edition`` (now signed): what a
# receiver writes is committed with the signature or not at all.
edition_signed = Signal()
