{#- The study years (vars study_first_year..study_last_year) as rows: care_year, year_start,
    year_end. Written out by Jinja so that every engine reads the same literal rows. -#}
{% macro study_years() -%}
    {%- for care_year in range(var('study_first_year') | int, var('study_last_year') | int + 1) %}
        select
            {{ care_year }} as care_year,
            cast('{{ care_year }}-01-01' as date) as year_start,
            cast('{{ care_year }}-12-31' as date) as year_end
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
