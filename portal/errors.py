"""Error pages in Chinese that keep the layout, so a lost user can find the way back."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限访问此页面。"
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the failure may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())
