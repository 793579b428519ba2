"""`manage.py create_api_token NAME`: a read-only dashboard token; the key is printed once."""

from django.core.management.base import BaseCommand, CommandError

from reliability.api.models import DashboardToken


class Command(BaseCommand):
    help = "Create a read-only API token for a dashboard and print its key (it is not stored, only its hash)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who will use it, e.g. 'Newsroom Metabase'.")
        parser.add_argument("--key-only", action="store_true", help="Print the key alone (for scripts).")

    def handle(self, *args, name, key_only, **options):
        name = name.strip()
        if not name:
            raise CommandError("Give the token a name: who will use it.")
        token, key = DashboardToken.issue(name)
        if key_only:
            self.stdout.write(key)
            return
        self.stdout.write(f"Created API token '{token.name}' (read-only). Its key, shown only now:\n{key}")
        self.stdout.write(
            f'Use it as: curl -H "Authorization: Token {key}" http://127.0.0.1:8000/api/v1/outlets/'
        )
