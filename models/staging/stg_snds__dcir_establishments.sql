with

establishment_lines as (

    select * from {{ ref('rules_snds__er_ete_f') }}

),

claims as (

    select * from {{ ref('rules_snds__er_prs_f') }}

),

kept_establishment_lines as (

    select
        establishment_lines.*,
        claims.person_id,
        claims.exe_soi_dtd,
        claims.prs_act_qte,
        claims.net_quantity,
        claims.net_pha_act_qsn,
        claims.net_bio_act_qsn
    from establishment_lines
    inner join claims on establishment_lines.row_key = claims.row_key
    where establishment_lines.rejection_reason is null

),

final as (

    select
        cast(row_key as varchar) as claim_key,
        cast(person_id as varchar) as person_id,
        cast(exe_soi_dtd as date) as care_date,
        cast(etb_exe_fin as varchar) as finess,
        cast(ete_ind_taa as integer) as public_activity_flag,
        cast(ete_typ_cod as integer) as establishment_type_code,
        cast(ete_ghs_num as integer) as ghs_number,
        cast(ete_nat_fsj as varchar) as invoice_nature_code
    from kept_establishment_lines

)

select * from final
