"""`manage.py seed_demo`: reference data and the fictional demo district, idempotently.

The shell seeds regions, organisations and users; every app above it that has a `demo`
module with `seed(log, context)` adds its own records, in dependency order.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import demo
from portal.models import Organization
from portal.scope import Scope
from portal.services import audit_record


class Command(BaseCommand):
    help = "载入参考数据（指导目录）并创建虚构的示范区演示数据；可重复运行，结果不变。"

    def handle(self, *args, **options):
        call_command("loaddata", "guidance_directory", verbosity=0)
        log = demo.SeedLog()
        with transaction.atomic():
            context = demo.seed(log)
            for label in settings.PORTAL_APPS:  # lowest first
                if apps.is_installed(label) and find_spec(f"{label}.demo"):
                    import_module(f"{label}.demo").seed(log, context)
            if log.created:
                office = Organization.objects.get(code="drc")
                audit_record(
                    scope=Scope.system(office),
                    action="demo.seed",
                    summary=f"初始化示范数据：新建 {log.created} 条记录",
                    region=office.region,
                )
        self.stdout.write(f"示范数据：新建 {log.created} 条，更新 {log.updated} 条。")
        self.stdout.write("演示账号（密码相同，仅供演示）：")
        width = max(len(account["username"]) for account in context["accounts"])
        for account in context["accounts"]:
            self.stdout.write(
                f"  {account['username']:<{width}}  密码 {account['password']}  "
                f"{account['role']}  {account['name']}  {account['organization']}"
            )
