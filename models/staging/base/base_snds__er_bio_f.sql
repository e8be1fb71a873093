with

source_biology_lines as (

    select * from {{ source('snds', 'ER_BIO_F') }}

),

parsed as (

    select
        {{ parsed_dcir_keys() }},
        {{ canonical_code('bio_prs_ide', 4) }} as bio_prs_ide,
        {{ parse_integer('bio_act_qsn') }} as bio_act_qsn,
        {{ dcir_row_key() }} as row_key,
        {{ unparsable_column(
            dates=dcir_key_columns()['dates'],
            integers=dcir_key_columns()['integers'] + ['bio_prs_ide', 'bio_act_qsn'],
        ) }} as unparsable_column
    from source_biology_lines

)

select * from parsed
