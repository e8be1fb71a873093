with

beneficiaries as (

    select * from {{ ref('rules_snds__ir_ben_r') }}

),

bridge as (

    select * from {{ ref('stg_snds__identity_bridge') }}

),

kept_beneficiaries as (

    select * from beneficiaries
    where rejection_reason is null

),

final as (

    select
        cast(bridge.person_id as varchar) as person_id,
        cast(kept_beneficiaries.ben_nir_psa as varchar) as ben_nir_psa,
        cast(kept_beneficiaries.ben_rng_gem as integer) as birth_rank,
        cast(kept_beneficiaries.ben_idt_top as integer) as person_id_from_nir,
        cast(kept_beneficiaries.ben_cdi_nir as varchar) as nir_quality_code,
        cast(kept_beneficiaries.ben_sex_cod as integer) as sex_code,
        cast(kept_beneficiaries.ben_nai_ann as integer) as birth_year,
        cast(kept_beneficiaries.ben_nai_moi as integer) as birth_month,
        cast(kept_beneficiaries.ben_dcd_dte as date) as death_date,
        cast(kept_beneficiaries.ben_res_dpt as varchar) as departement_code,
        cast(kept_beneficiaries.ben_res_com as varchar) as commune_code,
        cast(kept_beneficiaries.org_aff_ben as varchar) as affiliation_organisation,
        cast(kept_beneficiaries.ben_dte_maj as date) as updated_date
    from kept_beneficiaries
    inner join bridge
        on
            kept_beneficiaries.ben_nir_psa = bridge.ben_nir_psa
            and kept_beneficiaries.ben_rng_gem = bridge.ben_rng_gem

)

select * from final
