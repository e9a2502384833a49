"""The Content-Security-Policy of the admin, beside the site's (django-csp's middleware, per path)."""

from django.conf import settings

from csp.middleware import CSPMiddleware


class SiteAndAdminCSPMiddleware(CSPMiddleware):
    """The public site gets CONTENT_SECURITY_POLICY; the admin, ADMIN_CONTENT_SECURITY_POLICY."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
