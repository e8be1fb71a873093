with

exemptions as (

    select * from {{ ref('base_snds__ir_imb_r') }}

),

bridge as (

    select * from {{ ref('stg_snds__identity_bridge') }}

),

with_person as (

    select
        exemptions.*,
        bridge.person_id
    from exemptions
    left join bridge
        on
            exemptions.ben_nir_psa = bridge.ben_nir_psa
            and exemptions.ben_rng_gem = bridge.ben_rng_gem

),

with_reason as (

    select
        *,
        {{ first_matching_reason([
            ('unparsable_value', 'unparsable_column is not null'),
            ('not_ald_exemption', is_not_ald_exemption('imb_etm_nat')),
            ('unresolved_beneficiary', 'person_id is null'),
        ]) }} as rejection_reason
    from with_person

)

select * from with_reason
