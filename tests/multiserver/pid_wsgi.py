"""The app as production serves it (roadmap_site.wsgi), with a header naming the worker that answered: the
three-worker test needs to know that every worker has seen the change."""

import os

from roadmap_site.wsgi import application as site


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker-Pid", str(os.getpid()))], exc_info)

    return site(environ, start)
