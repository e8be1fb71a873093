with

source_stay_diagnoses as (

    select * from {{ source('snds', 'T_MCOaaD') }}

),

parsed as (

    select
        {{ discharge_year_from_filename('filename') }} as discharge_year,
        {{ canonical_code('eta_num', 9) }} as eta_num,
        {{ canonical_code('rsa_num', 10) }} as rsa_num,
        {{ clean_icd('ass_dgn') }} as ass_dgn,
        {{ unparsable_column(integers=['rsa_num']) }} as unparsable_column
    from source_stay_diagnoses

)

select
    *,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num']) }} as stay_key,
    {{ row_key(['discharge_year', 'eta_num', 'rsa_num', 'ass_dgn']) }} as row_key
from parsed
