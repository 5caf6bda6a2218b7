"""The WSGI application (gunicorn ``avance.wsgi``)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
application = get_wsgi_application()
# Every page's code loaded now: with gunicorn's --preload the workers are forked ready to
# answer, instead of each importing it on its first request.
import_module(settings.ROOT_URLCONF)
