{#- Parsing helpers shared by every base model. Each raw column is first read as text so that a
    typed Parquet file and an all-text portal CSV go through exactly the same expressions. -#}

{% macro as_text(column) -%}
    cast({{ column }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- A blank or empty string is a missing value (CSV writes NULL as an empty field). -#}
{% macro blank_to_null(column) -%}
    nullif(trim({{ as_text(column) }}), '')
{%- endmacro %}

{#- Text of a date as ddmmyyyy (portal CSV, PMSI) or ISO yyyy-mm-dd; NULL when it does not parse.
    Sentinels are kept here: `parse_date` nulls them. -#}
{% macro parse_date_text(column) -%}
    {{ return(adapter.dispatch('parse_date_text')(column)) }}
{%- endmacro %}

{% macro default__parse_date_text(column) -%}
    {%- set text = blank_to_null(column) -%}
    coalesce(to_date({{ text }}, 'ddMMyyyy'), to_date({{ text }}, 'yyyy-MM-dd'))
{%- endmacro %}

{% macro duckdb__parse_date_text(column) -%}
    {%- set text = blank_to_null(column) -%}
    cast(coalesce(try_strptime({{ text }}, '%d%m%Y'), try_strptime({{ text }}, '%Y-%m-%d')) as date)
{%- endmacro %}

{#- A date of the canonical form: the SNDS sentinels (year 1600: unknown or alive; year 2099:
    lifelong ALD) become NULL. -#}
{% macro parse_date(column) -%}
    {%- set parsed = parse_date_text(column) -%}
    case when extract(year from {{ parsed }}) not in (1600, 2099) then {{ parsed }} end
{%- endmacro %}

{#- A cast that yields NULL instead of failing (dbt's `safe_cast` is a plain cast on DuckDB). -#}
{% macro try_cast_as(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast_as')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast_as(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast_as(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro parse_integer(column) -%}
    {{ try_cast_as(blank_to_null(column), dbt.type_bigint()) }}
{%- endmacro %}

{#- Money in euros, as a fixed-point decimal so that sums do not depend on the summation order. -#}
{% macro parse_amount(column) -%}
    {{ try_cast_as(blank_to_null(column), 'decimal(18, 2)') }}
{%- endmacro %}

{#- A code stored as an integer in SNDS (CIP13, NABM, FINESS, RSA_NUM): restore its leading
    zeros up to `width` characters. A longer value is left whole (lpad would cut it) so that the
    `canonical_length` test reports it. -#}
{% macro canonical_code(column, width) -%}
    {%- set text = blank_to_null(column) -%}
    case when length({{ text }}) < {{ width }} then lpad({{ text }}, {{ width }}, '0') else {{ text }} end
{%- endmacro %}

{#- ICD-10 upper-case without dots or spaces (`e11.9` -> `E119`). -#}
{% macro clean_icd(column) -%}
    nullif(upper(replace(replace({{ blank_to_null(column) }}, '.', ''), ' ', '')), '')
{%- endmacro %}

{#- CCAM code: 7 characters upper-case (DCIR may append the activity or phase). -#}
{% macro clean_ccam(column) -%}
    upper(substr({{ blank_to_null(column) }}, 1, 7))
{%- endmacro %}

{#- Département: the raw code has 3 characters (`075`, `02A`, `971`); mainland codes drop their
    leading zero (`75`, `2A`), overseas codes keep three digits. -#}
{% macro clean_departement(column) -%}
    {%- set text = blank_to_null(column) -%}
    case when length({{ text }}) = 3 and {{ text }} like '0%' then substr({{ text }}, 2) else {{ text }} end
{%- endmacro %}

{#- True when a raw value is present but its parsed form is NULL (the row is then rejected as
    `unparsable_value`; a value is never silently lost). -#}
{% macro fails_to_parse(raw_column, parsed_expression) -%}
    ({{ blank_to_null(raw_column) }} is not null and ({{ parsed_expression }}) is null)
{%- endmacro %}

{#- Name of the first raw column of `checks` (a list of (column, parsed expression)) that does
    not parse, or NULL: drives `unparsable_value` and names the column for the audit. -#}
{% macro first_unparsable_column(checks) -%}
    case {%- for column, parsed in checks %} when {{ fails_to_parse(column, parsed) }} then '{{ column }}'
    {%- endfor %} end
{%- endmacro %}

{#- Discharge year of a PMSI file: `T_MCO21B.parquet` -> 2021. -#}
{% macro discharge_year_from_filename(filename_column) -%}
    {{ return(adapter.dispatch('discharge_year_from_filename')(filename_column)) }}
{%- endmacro %}

{% macro default__discharge_year_from_filename(filename_column) -%}
    2000 + cast(regexp_extract({{ filename_column }}, 'T_MCO([0-9]{2})[A-Z]+[.][a-z]+$', 1) as int)
{%- endmacro %}

{#- A row key: canonical values joined with `|`, a missing value as an empty string. -#}
{% macro row_key(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(" ~ as_text(expression) ~ ", '')") -%}
    {%- endfor -%}
    {{ parts | join(" || '|' || ") }}
{%- endmacro %}

{#- ISO text of a date for row keys. -#}
{% macro iso_date(expression) -%}
    {{ return(adapter.dispatch('iso_date')(expression)) }}
{%- endmacro %}

{% macro default__iso_date(expression) -%}
    date_format({{ expression }}, 'yyyy-MM-dd')
{%- endmacro %}

{% macro duckdb__iso_date(expression) -%}
    strftime({{ expression }}, '%Y-%m-%d')
{%- endmacro %}
