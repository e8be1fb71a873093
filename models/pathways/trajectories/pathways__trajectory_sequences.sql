{%- set horizon = trajectory_integer_var('trajectory_horizon_months', 24) -%}
{%- set censored = trajectory_censored_state() -%}
{#- one letter per month, in month order (no string aggregation: portable and ordered) -#}
{%- set letters = [] -%}
{%- for month_number in range(1, horizon + 1) -%}
    {%- do letters.append(
        "max(case when month_number = " ~ month_number ~ " then state_code end)"
        ~ ("" if loop.last else "\n           ")
    ) -%}
{%- endfor %}

with

monthly_states as (

    select * from {{ ref('pathways__trajectory_monthly_states') }}

),

condition_patients as (

    select * from {{ ref('pathways__condition_patients') }}

),

sequences as (

    select
        person_id,
        condition,
        {{ dbt.concat(letters) }} as trajectory_sequence,
        max(case when has_full_follow_up then 1 else 0 end) = 1 as has_full_follow_up,
        sum(
            case when care_state = '{{ censored.name }}' then 1 else 0 end
        ) as n_censored_months,
        min(case when care_state = 'dead' then month_number end) as death_month_number
    from monthly_states
    group by person_id, condition

),

final as (

    select
        cast(sequences.person_id as varchar) as person_id,
        cast(sequences.condition as varchar) as condition,
        cast(condition_patients.index_date as date) as index_date,
        cast(condition_patients.index_year as integer) as index_year,
        cast(sequences.trajectory_sequence as varchar) as trajectory_sequence,
        cast(sequences.has_full_follow_up as boolean) as has_full_follow_up,
        cast(sequences.n_censored_months as integer) as n_censored_months,
        cast(sequences.death_month_number as integer) as death_month_number,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from sequences
    inner join condition_patients
        on
            sequences.person_id = condition_patients.person_id
            and sequences.condition = condition_patients.condition

)

select * from final
