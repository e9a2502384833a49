"""The page a reader gets when the server fails: 503 while the database cannot be reached (it will
be back; the site reconnects by itself), 500 for anything else."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def server_error(request):
    _, error, _ = sys.exc_info()
    if not isinstance(error, (OperationalError, InterfaceError)):
        return django_server_error(request)
    # error_page.html asks the database nothing.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
