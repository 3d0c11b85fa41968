"""Log records with the request's method, path and user, for errors read from the journal."""

import logging


class RequestContextFilter(logging.Filter):
    """Adds method, path and user to every record ("-" outside a request); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        record.method = getattr(request, "method", "-")
        record.path = getattr(request, "path", "-")
        record.user = user.get_username() if user is not None and user.is_authenticated else "-"
        return True
