with

ccam_lines as (

    select * from {{ ref('rules_snds__er_cam_f') }}

),

claims as (

    select * from {{ ref('rules_snds__er_prs_f') }}

),

kept_ccam_lines as (

    select
        ccam_lines.*,
        claims.person_id,
        claims.exe_soi_dtd,
        claims.prs_act_qte,
        claims.net_quantity,
        claims.net_pha_act_qsn,
        claims.net_bio_act_qsn
    from ccam_lines
    inner join claims on ccam_lines.row_key = claims.row_key
    where ccam_lines.rejection_reason is null

),

final as (

    select
        cast(row_key as varchar) as claim_key,
        cast(person_id as varchar) as person_id,
        cast(exe_soi_dtd as date) as care_date,
        cast(cam_prs_ide as varchar) as ccam_code,
        cast(cam_act_cod as integer) as activity_code,
        cast(cam_trt_pha as integer) as phase_code,
        cast(coalesce(net_quantity, prs_act_qte) as integer) as n_acts
    from kept_ccam_lines

)

select * from final
