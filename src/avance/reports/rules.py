"""Permissions of the reports app (django-rules)."""

import rules

rules.add_perm("reports.view_report", rules.is_authenticated)
