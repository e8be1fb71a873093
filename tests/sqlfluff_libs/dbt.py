"""sqlfluff stubs of the dbt cross-database macros the project uses (jinja templater only).

They render the DuckDB SQL that dbt-duckdb produces, so that the linted SQL parses.
"""


def type_string():
    return "varchar"


def type_bigint():
    return "bigint"


def safe_cast(field, type_name):
    return f"try_cast({field} as {type_name})"


def concat(fields):
    return " || ".join(str(field) for field in fields)


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"({from_date_or_timestamp} + interval ({interval}) {datepart})"


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"
