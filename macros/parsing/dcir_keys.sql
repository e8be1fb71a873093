{#- The 9 keys joining ER_PRS_F to its detail tables (snds.md §1.5), parsed the same way in the
    five DCIR base models. -#}

{% macro dcir_key_columns() -%}
    {{ return({
        'dates': ['flx_dis_dtd', 'flx_trt_dtd'],
        'integers': [
            'flx_emt_typ', 'flx_emt_num', 'flx_emt_ord', 'dct_ord_num', 'prs_ord_num',
            'rem_typ_aff'
        ],
    }) }}
{%- endmacro %}

{% macro parsed_dcir_keys() -%}
    {{ parse_date('flx_dis_dtd') }} as flx_dis_dtd,
    {{ parse_date('flx_trt_dtd') }} as flx_trt_dtd,
    {{ parse_integer('flx_emt_typ') }} as flx_emt_typ,
    {{ parse_integer('flx_emt_num') }} as flx_emt_num,
    {{ parse_integer('flx_emt_ord') }} as flx_emt_ord,
    {{ blank_to_null('org_cle_num') }} as org_cle_num,
    {{ parse_integer('dct_ord_num') }} as dct_ord_num,
    {{ parse_integer('prs_ord_num') }} as prs_ord_num,
    {{ parse_integer('rem_typ_aff') }} as rem_typ_aff
{%- endmacro %}

{#- Row key of a DCIR row: the 9 keys in DCIR_JOIN_KEYS order, dates ISO; an unparsable key
    keeps its raw text so that the row can still be reported. -#}
{% macro dcir_row_key() -%}
    {{ row_key([
        'coalesce(' ~ iso_date(parse_date_text('flx_dis_dtd')) ~ ', '
            ~ blank_to_null('flx_dis_dtd') ~ ')',
        'coalesce(' ~ iso_date(parse_date_text('flx_trt_dtd')) ~ ', '
            ~ blank_to_null('flx_trt_dtd') ~ ')',
        'coalesce(' ~ as_text(parse_integer('flx_emt_typ')) ~ ', ' ~ blank_to_null('flx_emt_typ') ~ ')',
        'coalesce(' ~ as_text(parse_integer('flx_emt_num')) ~ ', ' ~ blank_to_null('flx_emt_num') ~ ')',
        'coalesce(' ~ as_text(parse_integer('flx_emt_ord')) ~ ', ' ~ blank_to_null('flx_emt_ord') ~ ')',
        blank_to_null('org_cle_num'),
        'coalesce(' ~ as_text(parse_integer('dct_ord_num')) ~ ', ' ~ blank_to_null('dct_ord_num') ~ ')',
        'coalesce(' ~ as_text(parse_integer('prs_ord_num')) ~ ', ' ~ blank_to_null('prs_ord_num') ~ ')',
        'coalesce(' ~ as_text(parse_integer('rem_typ_aff')) ~ ', ' ~ blank_to_null('rem_typ_aff') ~ ')',
    ]) }}
{%- endmacro %}

{#- Name of the first column that does not parse, among dates, integers and amounts. -#}
{% macro unparsable_column(dates=[], integers=[], amounts=[]) -%}
    {%- set checks = [] -%}
    {%- for column in dates -%}
        {%- do checks.append((column, parse_date_text(column))) -%}
    {%- endfor -%}
    {%- for column in integers -%}
        {%- do checks.append((column, parse_integer(column))) -%}
    {%- endfor -%}
    {%- for column in amounts -%}
        {%- do checks.append((column, parse_amount(column))) -%}
    {%- endfor -%}
    {{ first_unparsable_column(checks) }}
{%- endmacro %}
