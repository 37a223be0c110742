"""Stand-in for pyodbc: records connections and statements, answers with fixed rows."""

import os

connects = []
executes = []
closed = []

ROWS = {
    "USER_NAME()": [("my-app", "mydb")],
    "INFORMATION_SCHEMA.TABLES": [("dbo", "Customers"), ("sales", "Orders")],
}


class Error(Exception):
    pass


def connect(connection_string, attrs_before=None, **kwargs):
    if os.environ.get("STANDIN_PYODBC_FAIL"):
        raise Error("28000", "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login failed for user 'x'.")
    connects.append(
        {
            "connection_string": connection_string,
            # Bytes as hex, so the exact token struct reaches the test unchanged.
            "attrs_before": None if attrs_before is None else {str(k): v.hex() for k, v in attrs_before.items()},
        }
    )
    return Connection()


class Connection:
    def cursor(self):
        return Cursor()

    def close(self):
        closed.append(True)


class Cursor:
    def __init__(self):
        self._rows = []

    def execute(self, sql, *params):
        executes.append({"sql": sql, "params": list(params)})
        self._rows = next((rows for marker, rows in ROWS.items() if marker in sql), [])
        return self

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)
