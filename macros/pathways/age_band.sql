{#- Age band label of an age in years: `width`-year bands from 0 (`00-04`, `05-09` ...) and an
    open last band from `last_band_start` (`95+`). Used by person_years and the published marts. -#}
{% macro age_band(age, width, last_band_start) -%}
    {%- set band_start = 'cast(' ~ width ~ ' * floor(' ~ age ~ ' / ' ~ width ~ ') as integer)' -%}
    {%- set band_end = band_start ~ ' + ' ~ (width - 1) -%}
    case
        when {{ age }} >= {{ last_band_start }} then '{{ last_band_start }}+'
        else {{ dbt.concat([
            "lpad(cast(" ~ band_start ~ " as varchar), 2, '0')",
            "'-'",
            "lpad(cast(" ~ band_end ~ " as varchar), 2, '0')",
        ]) }}
    end
{%- endmacro %}
