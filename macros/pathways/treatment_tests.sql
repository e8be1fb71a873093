{#- Generic tests of the treatment pathways (no packages: the dbt hub is unreachable). -#}

{#- Within each `partition_by` group, `column_name` never grows from one `order_by` value to
    the next (attrition counts). -#}
{% test treatment_non_increasing(model, column_name, partition_by, order_by) %}

with

ordered as (

    select
        {{ partition_by }} as partition_value,
        {{ order_by }} as order_value,
        {{ column_name }} as checked_value,
        lag({{ column_name }}) over (
            partition by {{ partition_by }} order by {{ order_by }}
        ) as previous_value
    from {{ model }}

)

select
    partition_value,
    order_value,
    checked_value,
    previous_value
from ordered
where checked_value > previous_value

{% endtest %}
