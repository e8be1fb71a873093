with

source_pharmacy_lines as (

    select * from {{ source('snds', 'ER_PHA_F') }}

),

parsed as (

    select
        {{ parsed_dcir_keys() }},
        {{ canonical_code('pha_prs_c13', 13) }} as pha_prs_c13,
        {{ canonical_code('pha_prs_ide', 7) }} as pha_prs_ide,
        {{ parse_integer('pha_act_qsn') }} as pha_act_qsn,
        {{ parse_amount('pha_act_pru') }} as pha_act_pru,
        {{ dcir_row_key() }} as row_key,
        {{ unparsable_column(
            dates=dcir_key_columns()['dates'],
            integers=dcir_key_columns()['integers'] + ['pha_prs_c13', 'pha_prs_ide', 'pha_act_qsn'],
            amounts=['pha_act_pru'],
        ) }} as unparsable_column
    from source_pharmacy_lines

)

select * from parsed
