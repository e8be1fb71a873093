{#- Rejection reason of every ER_PRS_F row (contract precedence), then the netting of
    regularisations (P4) on the rows that passed every other rule. -#}

with

claims as (

    select * from {{ ref('base_snds__er_prs_f') }}

),

bridge as (

    select * from {{ ref('stg_snds__identity_bridge') }}

),

establishment_lines as (

    select
        row_key,
        ete_ind_taa
    from {{ ref('base_snds__er_ete_f') }}

),

pharmacy_lines as (

    select
        row_key,
        pha_prs_c13,
        pha_act_qsn
    from {{ ref('base_snds__er_pha_f') }}

),

biology_lines as (

    select
        row_key,
        bio_prs_ide,
        bio_act_qsn
    from {{ ref('base_snds__er_bio_f') }}

),

ccam_lines as (

    select
        row_key,
        cam_prs_ide
    from {{ ref('base_snds__er_cam_f') }}

),

claims_with_details as (

    select
        claims.*,
        bridge.person_id,
        establishment_lines.ete_ind_taa,
        pharmacy_lines.pha_act_qsn,
        biology_lines.bio_act_qsn,
        coalesce(
            pharmacy_lines.pha_prs_c13, biology_lines.bio_prs_ide, ccam_lines.cam_prs_ide, ''
        ) as detail_code
    from claims
    left join bridge
        on
            claims.ben_nir_psa = bridge.ben_nir_psa
            and claims.ben_rng_gem = bridge.ben_rng_gem
    left join establishment_lines on claims.row_key = establishment_lines.row_key
    left join pharmacy_lines on claims.row_key = pharmacy_lines.row_key
    left join biology_lines on claims.row_key = biology_lines.row_key
    left join ccam_lines on claims.row_key = ccam_lines.row_key

),

-- computed once: both the netting and the final select read it (85M rows at full scale)
rules_applied as materialized (

    select
        *,
        {{ first_matching_reason([
            ('unparsable_value', 'unparsable_column is not null'),
            ('fictitious_nir', is_fictitious_nir('ben_cdi_nir', 'rgm_cod', 'rgm_grg_cod')),
            ('unresolved_beneficiary', 'person_id is null'),
            ('care_outside_study_period', is_care_outside_study_period('exe_soi_dtd')),
            ('flux_beyond_window', is_beyond_flux_window('flx_dis_dtd', 'exe_soi_dtd')),
            ('info_only_line', is_info_only_line('dpn_qlf', 'prs_dpn_qlp')),
            ('public_hospital_activity', is_public_hospital_activity('ete_ind_taa')),
            ('surcharge_line', is_surcharge_line('cpl_maj_top')),
        ]) }} as rule_reason,
        {{ row_key([
            'ben_nir_psa', 'ben_rng_gem', iso_date('exe_soi_dtd'), 'prs_nat_ref', 'pfs_exe_num',
            'detail_code',
        ]) }} as netting_group_key
    from claims_with_details

),

groups_to_net as (

    -- P4: only groups holding a negative line (a regularisation) are netted
    select distinct netting_group_key
    from rules_applied
    where rule_reason is null and prs_act_qte < 0

),

netted_lines as (

    select
        rules_applied.row_key,
        sum(rules_applied.prs_act_qte) over netting_group as net_quantity,
        sum(rules_applied.bse_rem_mnt) over netting_group as net_bse_rem_mnt,
        sum(rules_applied.bse_rem_bse) over netting_group as net_bse_rem_bse,
        sum(rules_applied.prs_pai_mnt) over netting_group as net_prs_pai_mnt,
        sum(rules_applied.pha_act_qsn) over netting_group as net_pha_act_qsn,
        sum(rules_applied.bio_act_qsn) over netting_group as net_bio_act_qsn,
        rules_applied.prs_act_qte > 0 as is_positive_line,
        -- order among the lines of the same sign; only the positive lines use it
        row_number() over sign_group as line_order_within_sign
    from rules_applied
    inner join groups_to_net
        on rules_applied.netting_group_key = groups_to_net.netting_group_key
    where rules_applied.rule_reason is null
    window
        netting_group as (partition by rules_applied.netting_group_key),
        sign_group as (
            partition by rules_applied.netting_group_key, rules_applied.prs_act_qte > 0
            order by rules_applied.flx_dis_dtd, rules_applied.flx_trt_dtd, rules_applied.row_key
        )

),

netting_outcome as (

    select
        *,
        case
            when net_quantity <= 0 then 'regularisation_netted_out'
            when is_positive_line and line_order_within_sign = 1 then null
            else 'regularisation_merged'
        end as netting_reason
    from netted_lines

),

final as (

    select
        rules_applied.*,
        netting_outcome.row_key is not null as is_netted,
        netting_outcome.net_quantity,
        netting_outcome.net_bse_rem_mnt,
        netting_outcome.net_bse_rem_bse,
        netting_outcome.net_prs_pai_mnt,
        netting_outcome.net_pha_act_qsn,
        netting_outcome.net_bio_act_qsn,
        coalesce(rules_applied.rule_reason, netting_outcome.netting_reason) as rejection_reason
    from rules_applied
    left join netting_outcome on rules_applied.row_key = netting_outcome.row_key

)

select * from final
