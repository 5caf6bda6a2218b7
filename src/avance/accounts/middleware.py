"""The institution a user works in, as chosen in the session (``scope.SESSION_KEY``)."""

from __future__ import annotations

from avance.accounts.scope import SESSION_KEY, choose_institution


class ActiveInstitutionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            choose_institution(request.user, chosen)
        return self.get_response(request)
