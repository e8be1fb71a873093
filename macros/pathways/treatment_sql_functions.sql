{#- Portable SQL helpers of the treatment pathways (models/pathways/treatment/). DuckDB and
    Spark spell these three functions differently, so each is dispatched: the default is the
    ANSI / DuckDB form, spark__ the Spark SQL form. -#}

{#- Day number of a date (days since 1970-01-01), so that gaps, overlaps and durations are
    integer subtractions on every engine. -#}
{% macro treatment_day_number(date_expression) -%}
    {{ return(adapter.dispatch('treatment_day_number')(date_expression)) }}
{%- endmacro %}

{% macro default__treatment_day_number(date_expression) -%}
    cast(cast({{ date_expression }} as date) - cast('1970-01-01' as date) as integer)
{%- endmacro %}

{% macro spark__treatment_day_number(date_expression) -%}
    datediff(cast({{ date_expression }} as date), cast('1970-01-01' as date))
{%- endmacro %}

{#- The date of a day number (inverse of treatment_day_number). -#}
{% macro treatment_date_of_day_number(day_number) -%}
    cast({{ dbt.dateadd('day', day_number, "cast('1970-01-01' as date)") }} as date)
{%- endmacro %}

{#- Aggregate: the values of the group in alphabetical order joined by `delimiter` (a quoted
    SQL literal), e.g. the classes of a combination `DPP4+MET`. dbt.listagg cannot be used:
    it ignores the order on Spark. -#}
{% macro treatment_sorted_join(value_expression, delimiter) -%}
    {{ return(adapter.dispatch('treatment_sorted_join')(value_expression, delimiter)) }}
{%- endmacro %}

{% macro default__treatment_sorted_join(value_expression, delimiter) -%}
    string_agg({{ value_expression }}, {{ delimiter }} order by {{ value_expression }})
{%- endmacro %}

{% macro spark__treatment_sorted_join(value_expression, delimiter) -%}
    array_join(array_sort(collect_list({{ value_expression }})), {{ delimiter }})
{%- endmacro %}

{#- Aggregate: the continuous (linearly interpolated) percentile `fraction` of a numeric
    expression, the same definition as R's default quantile (type 7). -#}
{% macro treatment_percentile_cont(value_expression, fraction) -%}
    {{ return(adapter.dispatch('treatment_percentile_cont')(value_expression, fraction)) }}
{%- endmacro %}

{% macro default__treatment_percentile_cont(value_expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ value_expression }})
{%- endmacro %}

{% macro spark__treatment_percentile_cont(value_expression, fraction) -%}
    percentile({{ value_expression }}, {{ fraction }})
{%- endmacro %}
