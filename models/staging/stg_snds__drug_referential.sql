with

drugs as (

    select * from {{ ref('rules_snds__ir_pha_r') }}

),

final as (

    select
        cast(pha_cip_c13 as varchar) as cip13_code,
        cast(pha_prs_ide as varchar) as cip7_code,
        cast(pha_atc_c07 as varchar) as atc_code,
        cast(pha_atc_c03 as varchar) as atc_class_code,
        cast(pha_cnd_top as varchar) as pack_size_code,
        cast(coalesce(pha_cnd_top = 'GC', false) as boolean) as is_large_pack,
        cast(pha_grs_num as integer) as generic_group_number,
        cast(pha_nom_pa as varchar) as active_substance_name,
        cast(pha_unt_nbr as integer) as units_per_pack
    from drugs
    where rejection_reason is null

)

select * from final
