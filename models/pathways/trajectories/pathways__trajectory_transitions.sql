with

monthly_states as (

    select * from {{ ref('pathways__trajectory_monthly_states') }}

),

followed_months as (

    select
        person_id,
        condition,
        month_number,
        care_state,
        lead(care_state) over (
            partition by person_id, condition
            order by month_number
        ) as next_care_state
    from monthly_states
    where has_full_follow_up

),

transition_counts as (

    -- the last month has no next month and opens no transition
    select
        condition,
        month_number as from_month_number,
        care_state as from_state,
        next_care_state as to_state,
        count(*) as n_patients
    from followed_months
    where next_care_state is not null
    group by condition, month_number, care_state, next_care_state

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(from_month_number as integer) as from_month_number,
        cast(from_month_number + 1 as integer) as to_month_number,
        cast(from_state as varchar) as from_state,
        cast(to_state as varchar) as to_state,
        cast(n_patients as integer) as n_patients,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from transition_counts

)

select * from final
