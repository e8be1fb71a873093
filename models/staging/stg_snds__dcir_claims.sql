with

claims as (

    select * from {{ ref('rules_snds__er_prs_f') }}

),

kept_claims as (

    select * from claims
    where rejection_reason is null

),

final as (

    select
        cast(row_key as varchar) as claim_key,
        cast(flx_dis_dtd as date) as flux_date,
        cast(flx_trt_dtd as date) as processing_date,
        cast(flx_emt_typ as integer) as emitter_type,
        cast(flx_emt_num as integer) as emitter_number,
        cast(flx_emt_ord as integer) as emitter_order,
        cast(org_cle_num as varchar) as organisation_key,
        cast(dct_ord_num as bigint) as document_number,
        cast(prs_ord_num as integer) as line_number,
        cast(rem_typ_aff as integer) as reimbursement_type,
        cast(person_id as varchar) as person_id,
        cast(ben_nir_psa as varchar) as ben_nir_psa,
        cast(ben_rng_gem as integer) as birth_rank,
        cast(ben_sex_cod as integer) as sex_code,
        cast(ben_nai_ann as integer) as birth_year,
        cast(ben_res_dpt as varchar) as departement_code,
        cast(ben_dcd_dte as date) as death_date,
        cast(exe_soi_dtd as date) as care_date,
        cast(exe_soi_dtf as date) as care_end_date,
        cast(extract(year from exe_soi_dtd) as integer) as care_year,
        cast(pre_pre_dtd as date) as prescription_date,
        cast(prs_nat_ref as integer) as service_nature_code,
        cast(bse_prs_nat as integer) as base_service_nature_code,
        cast(cpl_prs_nat as integer) as complement_nature_code,
        cast(cpl_maj_top as integer) as complement_type_code,
        cast(pse_spe_cod as integer) as executing_specialty_code,
        cast(pse_act_nat as integer) as executing_activity_code,
        cast(pfs_exe_num as varchar) as executing_professional_id,
        cast(psp_spe_cod as integer) as prescriber_specialty_code,
        cast(pfs_pre_num as varchar) as prescriber_id,
        cast(etb_pre_fin as varchar) as prescribing_finess,
        cast(coalesce(net_quantity, prs_act_qte) as integer) as quantity,
        cast(coalesce(net_bse_rem_mnt, bse_rem_mnt) as decimal(18, 2)) as reimbursed_amount,
        cast(coalesce(net_bse_rem_bse, bse_rem_bse) as decimal(18, 2)) as reimbursement_base,
        cast(coalesce(net_prs_pai_mnt, prs_pai_mnt) as decimal(18, 2)) as paid_amount,
        cast(exo_mtf as integer) as exemption_reason_code,
        cast(prs_ppu_sec as integer) as public_private_sector_code,
        cast(is_netted as boolean) as is_netted
    from kept_claims

)

select * from final
