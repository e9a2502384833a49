"""Who reaches the admin, and for how long: its allowed networks, and idle and absolute session limits."""

import ipaddress
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse

from home.security.logins import client_ip

LAST_SEEN = "last_seen"
SIGNED_IN = "signed_in"


def is_admin(request):
    return request.path.startswith("/admin/")


class AdminNetworksMiddleware:
    """With ADMIN_ALLOWED_NETWORKS, the admin answers only from those networks (403 elsewhere)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = [
            ipaddress.ip_network(network, strict=False) for network in settings.ADMIN_ALLOWED_NETWORKS
        ]

    def __call__(self, request):
        if self.networks and is_admin(request) and not self.allowed(client_ip(request)):
            return render(request, "home/admin_network_refused.html", status=403)
        return self.get_response(request)

    def allowed(self, address):
        try:
            address = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


class SessionLimitsMiddleware:
    """Signs an admin user out after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE
    after signing in, however active (a sliding cookie alone would never end)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and is_admin(request):
            now = int(time.time())
            session = request.session
            signed_in = session.setdefault(SIGNED_IN, now)
            idle = now - session.get(LAST_SEEN, now)
            if idle > settings.SESSION_IDLE_SECONDS or now - signed_in > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "长时间未操作或登录已满 12 小时，已自动退出，请重新登录。")
                return redirect(f"{reverse('wagtailadmin_login')}?next={request.get_full_path()}")
            if now - session.get(LAST_SEEN, 0) > 60:  # a write a minute, not one a request
                session[LAST_SEEN] = now
        return self.get_response(request)
