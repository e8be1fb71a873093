with

beneficiaries as (

    select * from {{ ref('base_snds__ir_ben_r') }}

),

with_reason as (

    select
        *,
        {{ first_matching_reason([
            ('unparsable_value', 'unparsable_column is not null'),
            ('fictitious_nir', is_fictitious_nir('ben_cdi_nir')),
            ('unknown_birth_year', is_unknown_birth_year('ben_nai_ann')),
            ('unknown_sex', is_unknown_sex('ben_sex_cod')),
        ]) }} as rejection_reason
    from beneficiaries

)

select * from with_reason
