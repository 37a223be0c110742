"""Stand-in for azure.identity: hands out the tokens listed in STANDIN_TOKENS and records each request."""

import json
import os
import time
from collections import namedtuple

AccessToken = namedtuple("AccessToken", ["token", "expires_on"])

# The scopes of each get_token call, in order.
requests = []


class AzureCliCredential:
    def get_token(self, *scopes, **kwargs):
        planned = json.loads(os.environ.get("STANDIN_TOKENS", "[]"))
        if not planned:
            raise RuntimeError("stand-in: no token planned")
        spec = planned[min(len(requests), len(planned) - 1)]
        requests.append(list(scopes))
        return AccessToken(spec["token"], int(time.time()) + spec["expires_in"])
