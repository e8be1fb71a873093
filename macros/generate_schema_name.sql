{#- Use the layer name itself as the schema (staging, pathways, anonymized, reference)
    instead of dbt's default "<target schema>_<layer>" so that relation names are stable. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
