with

variants as (

    select * from {{ ref('pathways__trajectory_variants') }}

),

month_numbers as (

    {{ trajectory_month_numbers() }}

),

variant_states as (

    select
        variants.condition,
        variants.trajectory_sequence,
        variants.variant_rank,
        variants.n_patients,
        month_numbers.month_number,
        substr(variants.trajectory_sequence, month_numbers.month_number, 1) as state_code
    from variants
    cross join month_numbers

),

candidate_states as (

    -- LIMITATION: medoids are sought among the most frequent variants only (var
    -- trajectory_medoid_candidates), which bounds the distance matrix to variants x
    -- candidates instead of variants x variants; a rare sequence cannot be a medoid. The
    -- choice is deterministic (frequency, then sequence), so no random sample and no seed.
    select
        condition,
        trajectory_sequence as candidate_sequence,
        month_number,
        state_code
    from variant_states
    where variant_rank <= {{ var('trajectory_medoid_candidates') }}

),

distances as (

    -- same months compared, substitutions only (no insertion or deletion): time is kept
    select
        variant_states.condition,
        variant_states.trajectory_sequence,
        variant_states.n_patients,
        candidate_states.candidate_sequence,
        sum(
            {{ trajectory_substitution_cost('variant_states.state_code',
                'candidate_states.state_code') }}
        ) as distance
    from variant_states
    inner join candidate_states
        on
            variant_states.condition = candidate_states.condition
            and variant_states.month_number = candidate_states.month_number
    group by
        variant_states.condition,
        variant_states.trajectory_sequence,
        variant_states.n_patients,
        candidate_states.candidate_sequence

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(trajectory_sequence as varchar) as trajectory_sequence,
        cast(n_patients as integer) as n_patients,
        cast(candidate_sequence as varchar) as candidate_sequence,
        cast(distance as integer) as distance,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from distances

)

select * from final
