with

source_establishment_lines as (

    select * from {{ source('snds', 'ER_ETE_F') }}

),

parsed as (

    select
        {{ parsed_dcir_keys() }},
        {{ canonical_code('etb_exe_fin', 9) }} as etb_exe_fin,
        {{ parse_integer('ete_ind_taa') }} as ete_ind_taa,
        {{ parse_integer('ete_typ_cod') }} as ete_typ_cod,
        {{ parse_integer('ete_ghs_num') }} as ete_ghs_num,
        {{ blank_to_null('ete_nat_fsj') }} as ete_nat_fsj,
        {{ dcir_row_key() }} as row_key,
        {{ unparsable_column(
            dates=dcir_key_columns()['dates'],
            integers=dcir_key_columns()['integers'] + ['ete_ind_taa', 'ete_typ_cod', 'ete_ghs_num'],
        ) }} as unparsable_column
    from source_establishment_lines

)

select * from parsed
