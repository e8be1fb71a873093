with

source_ccam_lines as (

    select * from {{ source('snds', 'ER_CAM_F') }}

),

parsed as (

    select
        {{ parsed_dcir_keys() }},
        {{ clean_ccam('cam_prs_ide') }} as cam_prs_ide,
        {{ parse_integer('cam_act_cod') }} as cam_act_cod,
        {{ parse_integer('cam_trt_pha') }} as cam_trt_pha,
        {{ dcir_row_key() }} as row_key,
        {{ unparsable_column(
            dates=dcir_key_columns()['dates'],
            integers=dcir_key_columns()['integers'] + ['cam_act_cod', 'cam_trt_pha'],
        ) }} as unparsable_column
    from source_ccam_lines

)

select * from parsed
