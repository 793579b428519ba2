"""Streaming exports: a whole filtered list as CSV or JSON lines, read in keyset chunks.

Memory stays flat however many rows there are: one chunk of rows is read, completed and written at a
time. CSV columns are fixed per resource (nested fields joined with "_", lists with spaces, dicts as
JSON), so a spreadsheet's columns never move when a value is missing.
"""

import csv
import io
import json
import operator

from django.http import StreamingHttpResponse
from rest_framework import renderers

CHUNK = 2000
FORMATS = ("csv", "jsonl")
# Built once, as they are used for every cell: json.dumps given an option builds a new encoder each time.
NESTED = (list, dict)
JSON = json.JSONEncoder(ensure_ascii=False)
# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...) leaking data, say);
# as OWASP advises, such text is written with a single quote in front, which the spreadsheet shows as text.
FORMULA_STARTS = frozenset("=+-@\t\r")


class CSVRenderer(renderers.BaseRenderer):
    """Lets `?format=csv` through content negotiation; lists stream their own CSV (see `stream`)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()  # only reached for errors, which are switched to JSON anyway


class JSONLinesRenderer(CSVRenderer):
    media_type = "application/jsonl"
    format = "jsonl"


def iso(moment):
    """ISO 8601 in UTC with a Z, as the JSON pages write times."""
    if moment is None:
        return None
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def chunks(values, key, chunk=None):
    """Read a values() query in order of a unique key, `chunk` rows per query (keyset pagination)."""
    chunk, last = chunk or CHUNK, None
    while True:
        page = values.order_by(key)
        if last is not None:
            page = page.filter(**{f"{key}__gt": last})
        rows = list(page[:chunk])
        if not rows:
            return
        yield rows
        last = rows[-1][key]


def flat(value):
    """A list of ids as one string of numbers; any other list (of phrases, say) or dict as JSON, so it
    can be split again."""
    if isinstance(value, list) and all(isinstance(item, int) for item in value):
        return " ".join(map(str, value))
    return JSON.encode(value)


def getter(path):
    """A function giving a row's value at a dotted path, None where a step on the way is None."""
    first, *rest = path.split(".")
    if not rest:
        return operator.itemgetter(first)

    def get(row):
        value = row[first]
        for part in rest:
            if value is None:
                return None
            value = value[part]
        return value

    return get


def cell(value):
    """A value as a CSV cell: lists and dicts flattened, text that a spreadsheet would run defused."""
    if type(value) is str:
        return "'" + value if value[:1] in FORMULA_STARTS else value
    return flat(value) if type(value) in NESTED else value


def csv_lines(batches, columns):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([path.replace(".", "_") for path in columns])
    yield buffer.getvalue()
    getters = [getter(path) for path in columns]  # made once: an export has millions of cells
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([cell(get(row)) for get in getters] for row in batch)
        yield buffer.getvalue()


def json_lines(batches):
    for batch in batches:
        yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in batch)


def stream(fmt, batches, columns, name):
    """The response for `?format=csv|jsonl`: batches are lists of row dicts."""
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(batches, columns), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(json_lines(batches), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
