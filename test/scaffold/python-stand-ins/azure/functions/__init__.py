"""Stand-in for azure.functions: just enough for function_app.py, and it records the routes registered."""

import enum


class AuthLevel(enum.Enum):
    ANONYMOUS = "anonymous"
    FUNCTION = "function"
    ADMIN = "admin"


class HttpRequest:
    def __init__(self, params=None):
        self.params = dict(params or {})


class HttpResponse:
    def __init__(self, body=None, status_code=200, mimetype=None, headers=None):
        self._body = body if isinstance(body, bytes) else (body or "").encode("utf-8")
        self.status_code = status_code
        self.mimetype = mimetype

    def get_body(self):
        return self._body


class FunctionApp:
    def __init__(self, http_auth_level=AuthLevel.FUNCTION):
        self.http_auth_level = http_auth_level
        self.routes = {}

    def route(self, route=None, methods=None, **kwargs):
        def register(handler):
            self.routes[route] = {"methods": methods, "handler": handler}
            return handler

        return register
