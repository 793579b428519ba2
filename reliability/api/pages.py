"""Pagination: cursors for the big tables, limit and offset for the small ones; both bounded, so a
number too large for an id is a 404, never a database error."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound

from reliability.api.serializers import MAX_ID


class Cursor(pagination.CursorPagination):
    """For the big tables: stable pages however many rows arrive meanwhile."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor and cursor.position is not None and not _fits_an_id(cursor.position):
            raise NotFound(self.invalid_cursor_message)  # every list's cursor is an id
        return cursor


class Pages(pagination.LimitOffsetPagination):
    """For the small tables (outlets, stories, model versions): limit and offset, both bounded."""

    max_limit = 1000

    def get_offset(self, request):
        offset = super().get_offset(request)
        if offset > MAX_ID:
            raise NotFound("There are not that many rows.")
        return offset


def _fits_an_id(position):
    return position.isdigit() and int(position) <= MAX_ID
