with

sequences as (

    select * from {{ ref('pathways__trajectory_sequences') }}

),

followed_sequences as (

    select
        condition,
        trajectory_sequence
    from sequences
    where has_full_follow_up

),

variant_counts as (

    select
        condition,
        trajectory_sequence,
        count(*) as n_patients
    from followed_sequences
    group by condition, trajectory_sequence

),

ranked_variants as (

    -- ties in frequency are ranked by the sequence itself, so that ranks are stable
    select
        condition,
        trajectory_sequence,
        n_patients,
        row_number() over (
            partition by condition
            order by n_patients desc, trajectory_sequence asc
        ) as variant_rank,
        sum(n_patients) over (partition by condition) as n_condition_patients
    from variant_counts

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(variant_rank as integer) as variant_rank,
        cast(trajectory_sequence as varchar) as trajectory_sequence,
        cast(n_patients as integer) as n_patients,
        cast(n_patients as double) / n_condition_patients as share_of_patients,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from ranked_variants

)

select * from final
