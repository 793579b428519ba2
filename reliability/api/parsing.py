"""Reading a JSON body: bounded in size and in nesting before it is parsed, so no body makes a 500.

Python's parser recurses once per level of nesting: a body of 100,000 "[" would end in RecursionError
(a 500). Nothing the API takes is nested more than a few levels, so anything deeper is refused first.
"""

import io
import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 64
STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')  # brackets inside strings are text, not nesting
NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def nesting(text):
    """How deep the arrays and objects of a JSON text go, counted up to MAX_DEPTH + 1 at most."""
    level = 0
    for bracket in NOT_BRACKETS.sub("", STRINGS.sub("", text)):
        level += 1 if bracket in "[{" else -1
        if level > MAX_DEPTH:
            break
    return level


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_JSON_BYTES
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise ParseError(f"The body is over {limit:,} bytes; nothing the API takes is that long.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(f"The body is not {encoding} text.") from None
        if nesting(text) > MAX_DEPTH:
            raise ParseError(f"The JSON is nested more than {MAX_DEPTH} levels deep.")
        return super().parse(io.BytesIO(body), media_type, parser_context)
