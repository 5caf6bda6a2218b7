"""Form helpers shared by the pages and the administration."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ParentConstraintsMixin:
    """For the forms of an inline formset: check the model's constraints that include the
    parent (a figure's name is unique within its activity).

    Django leaves the parent's foreign key out of an inline form's own checks, so a repeated
    name reached the database as an IntegrityError; here it is an error of the form.
    """

    def validate_unique(self):
        super().validate_unique()
        try:
            self.instance.validate_constraints(exclude=set(self.errors))
        except ValidationError as error:
            self._update_errors(error)
