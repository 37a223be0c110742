"""An HTTP function that reads from Azure SQL without a password.

In Azure it signs in as the Function App's managed identity; on your machine it signs in as you
(the account `az login` signed in). It reads the AZURE_SQL_* app settings that azsql-mi-setup wrote.
"""

from __future__ import annotations

import json
import logging
import os
import struct
import threading
import time

import azure.functions as func
import pyodbc

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)

DRIVER = "ODBC Driver 18 for SQL Server"
# The driver's pre-connect attribute that takes an Entra access token (SQL_COPT_SS_ACCESS_TOKEN).
SQL_COPT_SS_ACCESS_TOKEN = 1256
# A cached token is replaced this long before it expires, so no query starts with a dying token.
TOKEN_REFRESH_MARGIN_SECONDS = 5 * 60
DEFAULT_ROWS = 10
MAX_ROWS = 100

WHO_AM_I = "SELECT USER_NAME(), DB_NAME()"
TABLES = (
    "SELECT TOP (?) TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
    "WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME"
)


class MissingSettingError(Exception):
    """An app setting this function needs is not set."""


@app.route(route="tables", methods=["GET"])
def tables(req: func.HttpRequest) -> func.HttpResponse:
    """Lists up to ?top=N tables (default 10) and names the database user the query ran as."""
    top = parse_top(req.params.get("top"))
    if top is None:
        return json_response({"error": f"top must be a whole number from 1 to {MAX_ROWS}."}, 400)
    try:
        connection = connect()
        try:
            cursor = connection.cursor()
            user, database = cursor.execute(WHO_AM_I).fetchone()
            rows = cursor.execute(TABLES, top).fetchall()
        finally:
            connection.close()
    except MissingSettingError as error:
        return json_response({"error": str(error)}, 500)
    except pyodbc.Error:
        logging.exception("The query against Azure SQL failed.")
        return json_response({"error": "The database query failed; the function's log has the details."}, 500)
    body = {
        "user": user,
        "database": database,
        "tables": [{"schema": schema, "name": name} for schema, name in rows],
    }
    return json_response(body, 200)


def connect() -> pyodbc.Connection:
    """Opens a connection as the managed identity in Azure, or as the signed-in developer locally."""
    settings = read_settings()
    if running_in_azure():
        return pyodbc.connect(connection_string(settings, managed_identity=True))
    token = developer_token(token_scope(settings["server"]))
    return pyodbc.connect(
        connection_string(settings, managed_identity=False),
        attrs_before={SQL_COPT_SS_ACCESS_TOKEN: token_struct(token)},
    )


def read_settings() -> dict:
    """The AZURE_SQL_* settings: the same keys Azure Service Connector uses."""
    return {
        "server": required_setting("AZURE_SQL_SERVER"),
        "port": os.environ.get("AZURE_SQL_PORT") or "1433",
        "database": required_setting("AZURE_SQL_DATABASE"),
        "authentication": os.environ.get("AZURE_SQL_AUTHENTICATION") or "ActiveDirectoryMsi",
        # Set only for a user-assigned identity: its client id.
        "user": os.environ.get("AZURE_SQL_USER") or None,
    }


def required_setting(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise MissingSettingError(f"The app setting {name} is not set.")
    return value


def running_in_azure() -> bool:
    # The Functions host in Azure sets these; Core Tools on your machine does not.
    return bool(os.environ.get("WEBSITE_INSTANCE_ID") or os.environ.get("IDENTITY_ENDPOINT"))


def connection_string(settings: dict, managed_identity: bool) -> str:
    parts = {
        "Driver": "{" + DRIVER + "}",
        "Server": odbc_value(f"tcp:{settings['server']},{settings['port']}"),
        "Database": odbc_value(settings["database"]),
        "Encrypt": "yes",
        "TrustServerCertificate": "no",
        "Connection Timeout": "30",
    }
    if managed_identity:
        parts["Authentication"] = odbc_value(settings["authentication"])
        if settings["user"]:
            parts["UID"] = odbc_value(settings["user"])
    return "".join(f"{key}={value};" for key, value in parts.items())


def odbc_value(value: str) -> str:
    """Braces a value that would otherwise end or break the connection string."""
    if any(c in value for c in ";{}") or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


def token_scope(server: str) -> str:
    # myserver.database.windows.net -> https://database.windows.net/.default (the same in every cloud).
    _, _, suffix = server.partition(".")
    return f"https://{suffix or 'database.windows.net'}/.default"


_credential = None
_tokens: dict = {}
_tokens_lock = threading.Lock()


def developer_token(scope: str) -> str:
    """A token for the account `az login` signed in, cached until shortly before it expires."""
    global _credential
    with _tokens_lock:
        cached = _tokens.get(scope)
        if cached is None or cached.expires_on - TOKEN_REFRESH_MARGIN_SECONDS <= time.time():
            if _credential is None:
                # Imported here: only a developer's machine needs it, so cold starts in Azure skip it.
                from azure.identity import AzureCliCredential

                _credential = AzureCliCredential()
            cached = _credential.get_token(scope)
            _tokens[scope] = cached
        return cached.token


def token_struct(token: str) -> bytes:
    """The driver wants the token as UTF-16-LE bytes behind their length as a 4-byte little-endian integer."""
    encoded = token.encode("utf-16-le")
    return struct.pack("<I", len(encoded)) + encoded


def parse_top(value: str | None) -> int | None:
    if value is None or value == "":
        return DEFAULT_ROWS
    if not value.isdecimal():
        return None
    top = int(value)
    return top if 1 <= top <= MAX_ROWS else None


def json_response(body: dict, status_code: int) -> func.HttpResponse:
    return func.HttpResponse(json.dumps(body), status_code=status_code, mimetype="application/json")
