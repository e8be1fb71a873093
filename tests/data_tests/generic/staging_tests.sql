{#- Generic tests of the staging layer (no packages: the dbt hub is unreachable). -#}

{#- The combination of `columns` identifies at most one row. -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}

{#- A canonical code has exactly `length` characters (leading zeros restored). -#}
{% test canonical_length(model, column_name, length) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null and length({{ column_name }}) <> {{ length }}

{% endtest %}

{#- Every row satisfies `expression`. -#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}

{#- Per raw table: rows read = rows kept + rows rejected, and rows_read / rows_kept are the same
    on every row of the table. -#}
{% test reconciliation_balances(model) %}

select
    source_table,
    min(rows_read) as rows_read,
    min(rows_kept) as rows_kept,
    sum(rows_rejected) as rows_rejected
from {{ model }}
group by source_table
having
    min(rows_read) <> min(rows_kept) + sum(rows_rejected)
    or min(rows_read) <> max(rows_read)
    or min(rows_kept) <> max(rows_kept)

{% endtest %}
