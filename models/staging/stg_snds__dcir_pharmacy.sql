with

pharmacy_lines as (

    select * from {{ ref('rules_snds__er_pha_f') }}

),

claims as (

    select * from {{ ref('rules_snds__er_prs_f') }}

),

kept_pharmacy_lines as (

    select
        pharmacy_lines.*,
        claims.person_id,
        claims.exe_soi_dtd,
        claims.prs_act_qte,
        claims.net_quantity,
        claims.net_pha_act_qsn,
        claims.net_bio_act_qsn
    from pharmacy_lines
    inner join claims on pharmacy_lines.row_key = claims.row_key
    where pharmacy_lines.rejection_reason is null

),

final as (

    select
        cast(row_key as varchar) as claim_key,
        cast(person_id as varchar) as person_id,
        cast(exe_soi_dtd as date) as care_date,
        cast(pha_prs_c13 as varchar) as cip13_code,
        cast(pha_prs_ide as varchar) as cip7_code,
        cast(coalesce(net_pha_act_qsn, pha_act_qsn) as integer) as n_boxes,
        cast(pha_act_pru as decimal(18, 2)) as unit_price
    from kept_pharmacy_lines

)

select * from final
