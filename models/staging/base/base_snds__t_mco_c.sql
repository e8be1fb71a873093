{%- set return_codes = [
    'nir_ret', 'nai_ret', 'sex_ret', 'sej_ret', 'fho_ret', 'pms_ret', 'dat_ret', 'coh_nai_ret',
    'coh_sex_ret'
] -%}

with

source_stay_links as (

    select * from {{ source('snds', 'T_MCOaaC') }}

),

parsed as (

    select
        {{ discharge_year_from_filename('filename') }} as discharge_year,
        {{ canonical_code('eta_num', 9) }} as eta_num,
        {{ canonical_code('rsa_num', 10) }} as rsa_num,
        {{ blank_to_null('nir_ano_17') }} as nir_ano_17,
        {{ parse_date('exe_soi_dtd') }} as exe_soi_dtd,
        {{ parse_date('exe_soi_dtf') }} as exe_soi_dtf,
        {{ parse_date('ent_dat') }} as ent_dat,
        {{ parse_date('sor_dat') }} as sor_dat,
        {%- for column in return_codes %}
        {{ blank_to_null(column) }} as {{ column }},
        {%- endfor %}
        {{ unparsable_column(
            dates=['exe_soi_dtd', 'exe_soi_dtf', 'ent_dat', 'sor_dat'],
            integers=['eta_num', 'rsa_num'],
        ) }} as unparsable_column
    from source_stay_links

)

select
    *,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num']) }} as stay_key
from parsed
