with

beneficiaries as (

    select * from {{ ref('rules_snds__ir_ben_r') }}

),

kept_beneficiaries as (

    select * from beneficiaries
    where rejection_reason is null

),

bridge as (

    select
        ben_nir_psa,
        ben_rng_gem,
        -- BEN_IDT_ANO = BEN_NIR_ANO when known, else PSA and rank (snds.md §3)
        coalesce(
            ben_idt_ano,
            ben_nir_ano,
            {{ dbt.concat(['ben_nir_psa', as_text('ben_rng_gem')]) }}
        ) as person_id
    from kept_beneficiaries

),

final as (

    select
        cast(ben_nir_psa as varchar) as ben_nir_psa,
        cast(ben_rng_gem as integer) as ben_rng_gem,
        cast(person_id as varchar) as person_id,
        cast(
            count(distinct person_id) over (partition by ben_nir_psa) > 1 as boolean
        ) as is_shared_pseudonym
    from bridge

)

select * from final
