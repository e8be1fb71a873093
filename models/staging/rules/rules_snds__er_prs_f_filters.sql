{#- Rejection reason of every ER_PRS_F row under the filter rules (contract precedence),
    with its detail lines' code and quantities; the netting of regularisations (P4)
    follows in rules_snds__er_prs_f. -#}

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

rules_applied as (

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
        ]) }} as rule_reason
    from claims_with_details

)

select * from rules_applied
