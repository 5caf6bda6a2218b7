"""Permissions of the activities app (django-rules). Roles refine these (accounts app)."""

import rules

rules.add_perm("activities.view_activity", rules.is_authenticated)
