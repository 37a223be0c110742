"""Imports a generated function_app.py with the stand-ins, calls its tables route once per query, prints what happened."""

import json
import sys

sys.path.insert(0, sys.argv[1])

import azure.functions as func  # noqa: E402
import azure.identity  # noqa: E402
import pyodbc  # noqa: E402

import function_app  # noqa: E402

responses = []
for params in json.loads(sys.argv[2]):
    response = function_app.app.routes["tables"]["handler"](func.HttpRequest(params=params))
    responses.append(
        {"status": response.status_code, "mimetype": response.mimetype, "body": json.loads(response.get_body())}
    )

print(
    json.dumps(
        {
            "routes": {route: spec["methods"] for route, spec in function_app.app.routes.items()},
            "authLevel": function_app.app.http_auth_level.value,
            "responses": responses,
            "connects": pyodbc.connects,
            "executes": pyodbc.executes,
            "closed": len(pyodbc.closed),
            "tokenRequests": azure.identity.requests,
        }
    )
)
