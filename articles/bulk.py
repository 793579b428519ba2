"""Rows inserted in bulk without model instances.

Ingest writes some 50 sentences an article, and analysis as many rows again. bulk_create made a model
instance of each, prepared each value through its field and, on PostgreSQL, dumped the batch as arrays
for UNNEST: more CPU time than all the rest of storing an article. Here the values go as they are, by
COPY on PostgreSQL and one prepared INSERT run for each row elsewhere.
"""

import json

from django.db import connection, models


def insert(model, names, rows):
    """Insert rows (tuples of values of the fields named, in order) into the model's table, with no
    ids read back.

    Each value must be what its field stores (an int, float, bool, str or None), but a JSON field's
    value, which is encoded here as the field encodes it."""
    fields = [model._meta.get_field(name) for name in names]
    rows = _json_encoded(fields, rows)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, f"COPY {table} ({columns}) FROM STDIN", rows)
        else:
            places = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({places})", rows)


def insert_new(model, values, unique):
    """Insert one row (values by field name) unless a row with the same unique fields is stored; its
    id, or None when one was (by another run, before or meanwhile). One query, where get_or_create
    takes four (a look, then a savepoint round the insert)."""
    quote = connection.ops.quote_name
    fields = [(model._meta.get_field(name), value) for name, value in values.items()]
    columns = ", ".join(quote(field.column) for field, _ in fields)
    places = ", ".join(["%s"] * len(fields))
    conflict = ", ".join(quote(model._meta.get_field(name).column) for name in unique)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({places}) "
            f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {quote(model._meta.pk.column)}",
            [field.get_db_prep_save(value, connection) for field, value in fields],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _json_encoded(fields, rows):
    """The rows with their JSON fields' values as JSON text, which both databases read as the field's
    own adaptation would give them."""
    encoders = [
        (index, field.encoder) for index, field in enumerate(fields) if isinstance(field, models.JSONField)
    ]
    if not encoders:
        return rows
    encoded = []
    for row in rows:
        row = list(row)
        for index, encoder in encoders:
            row[index] = json.dumps(row[index], cls=encoder)
        encoded.append(row)
    return encoded


def _copy(cursor, statement, rows):
    # COPY bypasses Django's cursor wrapper: its errors still become Django's (IntegrityError, ...).
    with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
