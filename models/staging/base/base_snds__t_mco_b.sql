{%- set integers = [
    'ghs_num', 'sej_nbj', 'nbr_sea', 'sor_ann', 'sor_moi', 'age_ann', 'cod_sex', 'typ_gen_rsa'
] -%}

with

source_stays as (

    select * from {{ source('snds', 'T_MCOaaB') }}

),

parsed as (

    select
        {{ discharge_year_from_filename('filename') }} as discharge_year,
        {{ canonical_code('eta_num', 9) }} as eta_num,
        {{ canonical_code('rsa_num', 10) }} as rsa_num,
        {{ clean_icd('dgn_pal') }} as dgn_pal,
        {{ clean_icd('dgn_rel') }} as dgn_rel,
        upper({{ blank_to_null('grg_ghm') }}) as grg_ghm,
        upper({{ blank_to_null('sej_typ') }}) as sej_typ,
        {{ blank_to_null('ent_mod') }} as ent_mod,
        {{ blank_to_null('sor_mod') }} as sor_mod,
        {{ blank_to_null('bdi_cod') }} as bdi_cod,
        {%- for column in integers %}
        {{ parse_integer(column) }} as {{ column }},
        {%- endfor %}
        {{ unparsable_column(integers=['eta_num', 'rsa_num'] + integers) }} as unparsable_column
    from source_stays

)

select
    *,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num']) }} as stay_key
from parsed
