with

source_drugs as (

    select * from {{ source('snds', 'IR_PHA_R') }}

),

parsed as (

    select
        {{ canonical_code('pha_cip_c13', 13) }} as pha_cip_c13,
        {{ canonical_code('pha_prs_ide', 7) }} as pha_prs_ide,
        upper({{ blank_to_null('pha_atc_c07') }}) as pha_atc_c07,
        upper({{ blank_to_null('pha_atc_c03') }}) as pha_atc_c03,
        upper({{ blank_to_null('pha_cnd_top') }}) as pha_cnd_top,
        {{ parse_integer('pha_grs_num') }} as pha_grs_num,
        {{ blank_to_null('pha_nom_pa') }} as pha_nom_pa,
        {{ parse_integer('pha_unt_nbr') }} as pha_unt_nbr,
        {{ row_key([
            canonical_code('pha_cip_c13', 13),
            blank_to_null('pha_nom_pa'),
        ]) }} as row_key,
        {{ unparsable_column(
            integers=['pha_cip_c13', 'pha_prs_ide', 'pha_grs_num', 'pha_unt_nbr'],
        ) }} as unparsable_column
    from source_drugs

)

select * from parsed
