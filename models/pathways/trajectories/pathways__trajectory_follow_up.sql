with

sequences as (

    select * from {{ ref('pathways__trajectory_sequences') }}

),

follow_up_counts as (

    select
        condition,
        count(*) as n_patients,
        sum(case when has_full_follow_up then 1 else 0 end) as n_with_full_follow_up,
        sum(case when has_full_follow_up then 0 else 1 end) as n_without_full_follow_up,
        sum(
            case when not has_full_follow_up and death_month_number is not null then 1 else 0 end
        ) as n_without_full_follow_up_dead,
        sum(n_censored_months) as n_censored_months,
        count(distinct case when has_full_follow_up then trajectory_sequence end) as n_variants
    from sequences
    group by condition

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(n_patients as integer) as n_patients,
        cast(n_with_full_follow_up as integer) as n_with_full_follow_up,
        cast(n_without_full_follow_up as integer) as n_without_full_follow_up,
        cast(n_without_full_follow_up_dead as integer) as n_without_full_follow_up_dead,
        cast(n_censored_months as integer) as n_censored_months,
        cast(n_variants as integer) as n_variants,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from follow_up_counts

)

select * from final
