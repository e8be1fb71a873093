with

variants as (

    select * from {{ ref('pathways__trajectory_variants') }}

),

candidates as (

    -- LIMITATION: medoids are sought among the most frequent variants only (var
    -- trajectory_medoid_candidates), which bounds the distance matrix to variants x
    -- candidates instead of variants x variants; a rare sequence cannot be a medoid. The
    -- choice is deterministic (frequency, then sequence), so no random sample and no seed.
    select
        condition,
        trajectory_sequence as candidate_sequence
    from variants
    where variant_rank <= {{ var('trajectory_medoid_candidates') }}

),

distances as (

    -- Same months compared, substitutions only (no insertion or deletion): time is kept.
    -- The sum over months is written out as one expression per pair, so the work grows with
    -- variants x candidates, not variants x candidates x months (the months-as-rows join
    -- spilled tens of GB at 1,000,000 persons).
    select
        variants.condition,
        variants.trajectory_sequence,
        variants.n_patients,
        candidates.candidate_sequence,
        {{ trajectory_sequence_distance(
            'variants.trajectory_sequence', 'candidates.candidate_sequence'
        ) }} as distance
    from variants
    inner join candidates
        on variants.condition = candidates.condition

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
