with

source_stay_acts as (

    select * from {{ source('snds', 'T_MCOaaA') }}

),

parsed as (

    select
        {{ discharge_year_from_filename('filename') }} as discharge_year,
        {{ canonical_code('eta_num', 9) }} as eta_num,
        {{ canonical_code('rsa_num', 10) }} as rsa_num,
        {{ clean_ccam('cdc_act') }} as cdc_act,
        {{ blank_to_null('acv_act') }} as acv_act,
        {{ parse_integer('ent_dat_del') }} as ent_dat_del,
        {{ parse_integer('nbr_exe_act') }} as nbr_exe_act,
        {{ unparsable_column(integers=['rsa_num', 'ent_dat_del', 'nbr_exe_act']) }} as unparsable_column
    from source_stay_acts

)

select
    *,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num']) }} as stay_key,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num', 'cdc_act', 'ent_dat_del']) }} as row_key
from parsed
