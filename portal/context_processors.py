from portal.navigation import registry


def navigation(request):
    scope = getattr(request, "scope", None)
    if scope is None or not request.user.is_authenticated:
        return {"menu": []}
    return {"menu": registry.menu_for(scope, request.path), "scope": scope}
