with

biology_lines as (

    select * from {{ ref('rules_snds__er_bio_f') }}

),

claims as (

    select * from {{ ref('rules_snds__er_prs_f') }}

),

kept_biology_lines as (

    select
        biology_lines.*,
        claims.person_id,
        claims.exe_soi_dtd,
        claims.prs_act_qte,
        claims.net_quantity,
        claims.net_pha_act_qsn,
        claims.net_bio_act_qsn
    from biology_lines
    inner join claims on biology_lines.row_key = claims.row_key
    where biology_lines.rejection_reason is null

),

final as (

    select
        cast(row_key as varchar) as claim_key,
        cast(person_id as varchar) as person_id,
        cast(exe_soi_dtd as date) as care_date,
        cast(bio_prs_ide as varchar) as nabm_code,
        cast(coalesce(net_bio_act_qsn, bio_act_qsn) as integer) as n_tests
    from kept_biology_lines

)

select * from final
