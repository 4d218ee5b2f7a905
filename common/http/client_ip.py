"""The client's address, one rule for the API throttles, the token-failure throttle and the login
lockout: REMOTE_ADDR, or behind NUM_PROXIES trusted proxies the X-Forwarded-For entry the first of
them added. What a client writes into X-Forwarded-For itself is never trusted."""

import ipaddress

from rest_framework.throttling import BaseThrottle


def client_ip(request):
    # DRF's rule (REST_FRAMEWORK["NUM_PROXIES"]); it reads only headers and META, so it takes
    # Django's request as well as DRF's. A forwarded entry that is not an address (a proxy count
    # set higher than the proxies there are) falls back to the peer's address.
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return request.META.get("REMOTE_ADDR")
