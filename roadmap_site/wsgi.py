"""
WSGI config for roadmap_site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from roadmap_site.gc_tuning import tune_for_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")

application = get_wsgi_application()
tune_for_server()
