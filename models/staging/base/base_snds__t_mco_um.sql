with

source_stay_units as (

    select * from {{ source('snds', 'T_MCOaaUM') }}

),

parsed as (

    select
        {{ discharge_year_from_filename('filename') }} as discharge_year,
        {{ canonical_code('eta_num', 9) }} as eta_num,
        {{ canonical_code('rsa_num', 10) }} as rsa_num,
        {{ parse_integer('um_ord_num') }} as um_ord_num,
        {{ clean_icd('dgn_pal') }} as dgn_pal,
        {{ clean_icd('dgn_rel') }} as dgn_rel,
        {{ blank_to_null('aut_typ1_um') }} as aut_typ1_um,
        {{ parse_integer('par_dur_sej') }} as par_dur_sej,
        {{ unparsable_column(integers=['rsa_num', 'um_ord_num', 'par_dur_sej']) }} as unparsable_column
    from source_stay_units

)

select
    *,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num']) }} as stay_key,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num', 'um_ord_num']) }} as row_key
from parsed
