{%- set horizon = trajectory_integer_var('trajectory_horizon_months', 24) -%}
{%- set early_months = trajectory_integer_var('trajectory_early_months', 3) -%}
{%- set half_horizon = horizon // 2 -%}
{%- set states = trajectory_states() -%}

with

clusters as (

    select * from {{ ref('pathways__trajectory_clusters') }}

),

state_months as (

    -- months in each state, over the whole horizon, the early phase and the rest
    {%- for state in states %}
    select
        condition,
        medoid_sequence,
        '{{ state.name }}' as care_state,
        {{ loop.index }} as state_precedence,
        n_patients,
        n_patients
        * {{ trajectory_count_state('trajectory_sequence', state.code, 1, horizon) }}
            as n_months,
        n_patients
        * {{ trajectory_count_state('trajectory_sequence', state.code, 1, early_months) }}
            as n_early_months,
        n_patients
        * {{ trajectory_count_state('trajectory_sequence', state.code, early_months + 1,
            horizon - early_months) }}
            as n_late_months
    from clusters
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

type_state_shares as (

    select
        condition,
        medoid_sequence,
        care_state,
        state_precedence,
        cast(sum(n_months) as double) / (sum(n_patients) * {{ horizon }}) as share_of_months,
        cast(sum(n_early_months) as double)
        / (sum(n_patients) * {{ early_months }}) as early_share_of_months,
        cast(sum(n_late_months) as double)
        / (sum(n_patients) * {{ horizon - early_months }}) as late_share_of_months
    from state_months
    group by condition, medoid_sequence, care_state, state_precedence

),

state_ranks as (

    -- ties between states go to the state of higher precedence
    select
        condition,
        medoid_sequence,
        care_state,
        share_of_months,
        row_number() over (
            partition by condition, medoid_sequence
            order by early_share_of_months desc, state_precedence asc
        ) as early_rank,
        row_number() over (
            partition by condition, medoid_sequence
            order by late_share_of_months desc, state_precedence asc
        ) as late_rank,
        row_number() over (
            partition by condition, medoid_sequence
            order by share_of_months desc, state_precedence asc
        ) as overall_rank
    from type_state_shares

),

type_sizes as (

    select
        condition,
        medoid_sequence,
        sum(n_patients) as n_patients,
        cast(sum(n_patients * distance_to_medoid) as double)
        / sum(n_patients) as mean_distance_to_medoid,
        cast(
            sum(
                case
                    when substr(trajectory_sequence, {{ horizon }}, 1) = 'D'
                        then n_patients
                    else 0
                end
            ) as double
        ) / sum(n_patients) as share_dead_at_horizon,
        cast(
            sum(
                case
                    when substr(trajectory_sequence, {{ half_horizon }}, 1) = 'D'
                        then n_patients
                    else 0
                end
            ) as double
        ) / sum(n_patients) as share_dead_at_half_horizon,
        sum(
            n_patients * (
                {%- for code in ['H', 'S', 'G'] %}
                {{ '+ ' if not loop.first }}{{ trajectory_count_state(
                    'trajectory_sequence', code, 1, half_horizon) }}
                {%- endfor %}
            )
        ) as n_care_months_first_half,
        sum(
            n_patients * (
                {%- for code in ['H', 'S', 'G'] %}
                {{ '+ ' if not loop.first }}{{ trajectory_count_state(
                    'trajectory_sequence', code, half_horizon + 1, horizon - half_horizon) }}
                {%- endfor %}
            )
        ) as n_care_months_second_half
    from clusters
    group by condition, medoid_sequence

),

type_phases as (

    -- the leading state of the early months and of the later months of each type
    select
        type_sizes.condition,
        type_sizes.medoid_sequence,
        type_sizes.n_patients,
        type_sizes.mean_distance_to_medoid,
        type_sizes.share_dead_at_horizon,
        type_sizes.share_dead_at_horizon
        >= {{ var('trajectory_death_label_share') }} as is_death_type,
        type_sizes.share_dead_at_half_horizon
        >= {{ var('trajectory_death_label_share') }} as is_early_death_type,
        case
            -- months per half, so that an odd horizon compares rates
            when type_sizes.n_care_months_first_half * {{ horizon - half_horizon }}
                > type_sizes.n_care_months_second_half * {{ half_horizon }}
                then ', more care in the first half'
            when type_sizes.n_care_months_first_half * {{ horizon - half_horizon }}
                < type_sizes.n_care_months_second_half * {{ half_horizon }}
                then ', more care in the second half'
            else ', even care'
        end as trend_words,
        early_states.care_state as early_state,
        late_states.care_state as late_state,
        {{ trajectory_state_words('early_states.care_state', 'short') }} as early_words,
        {{ trajectory_state_words('late_states.care_state', 'phrase') }} as late_words
    from type_sizes
    inner join state_ranks as early_states
        on
            type_sizes.condition = early_states.condition
            and type_sizes.medoid_sequence = early_states.medoid_sequence
            and early_states.early_rank = 1
    inner join state_ranks as late_states
        on
            type_sizes.condition = late_states.condition
            and type_sizes.medoid_sequence = late_states.medoid_sequence
            and late_states.late_rank = 1

),

base_labels as (

    -- a label is read off the type's state shares: death when most of its patients are dead
    -- at half the horizon or at the horizon, else the leading states of the early months and
    -- of the later months
    select
        condition,
        medoid_sequence,
        n_patients,
        mean_distance_to_medoid,
        share_dead_at_horizon,
        case
            when is_early_death_type then 'death within {{ trajectory_months_words(half_horizon) }}'
            when is_death_type then 'death within {{ trajectory_months_words(horizon) }}'
            when early_state = late_state then {{ dbt.concat(["'mostly '", 'late_words']) }}
            else {{ dbt.concat(["'early '", 'early_words', "' then '", 'late_words']) }}
        end as base_label,
        case when is_death_type then 'dead' else late_state end as main_state,
        trend_words
    from type_phases

),

secondary_ranks as (

    -- the most frequent state after the main one (if any), to tell apart types with the
    -- same label
    select
        base_labels.condition,
        base_labels.medoid_sequence,
        {{ trajectory_state_words('state_ranks.care_state', 'short') }} as secondary_words,
        row_number() over (
            partition by base_labels.condition, base_labels.medoid_sequence
            order by state_ranks.overall_rank asc
        ) as secondary_rank
    from base_labels
    inner join state_ranks
        on
            base_labels.condition = state_ranks.condition
            and base_labels.medoid_sequence = state_ranks.medoid_sequence
            and base_labels.main_state <> state_ranks.care_state
    where state_ranks.share_of_months > 0

),

label_parts as (

    select
        base_labels.condition,
        base_labels.medoid_sequence,
        base_labels.n_patients,
        base_labels.mean_distance_to_medoid,
        base_labels.share_dead_at_horizon,
        base_labels.base_label,
        base_labels.trend_words,
        secondary_ranks.secondary_words,
        count(*) over (
            partition by base_labels.condition, base_labels.base_label
        ) as n_same_base_label
    from base_labels
    left join secondary_ranks
        on
            base_labels.condition = secondary_ranks.condition
            and base_labels.medoid_sequence = secondary_ranks.medoid_sequence
            and secondary_ranks.secondary_rank = 1

),

qualified_labels as (

    select
        condition,
        medoid_sequence,
        n_patients,
        mean_distance_to_medoid,
        share_dead_at_horizon,
        case
            when n_same_base_label > 1 and secondary_words is not null
                then {{ dbt.concat(['base_label', "', some '", 'secondary_words']) }}
            else base_label
        end as qualified_label,
        trend_words
    from label_parts

),

trend_labels as (

    -- still alike: the half of the horizon holding more care months (hospital, specialist, GP)
    select
        condition,
        medoid_sequence,
        n_patients,
        mean_distance_to_medoid,
        share_dead_at_horizon,
        case
            when count(*) over (partition by condition, qualified_label) > 1
                then {{ dbt.concat(['qualified_label', 'trend_words']) }}
            else qualified_label
        end as trend_label
    from qualified_labels

),

label_ranks as (

    select
        condition,
        medoid_sequence,
        n_patients,
        mean_distance_to_medoid,
        share_dead_at_horizon,
        trend_label,
        count(*) over (partition by condition, trend_label) as n_same_label,
        cast(
            row_number() over (
                partition by condition, trend_label
                order by n_patients desc, medoid_sequence asc
            ) as {{ dbt.type_string() }}
        ) as label_rank
    from trend_labels

),

distinct_labels as (

    -- LIMITATION: two types alike in their main and secondary states and in the half holding
    -- more care are numbered by size, "(1)" the larger; the type summary's shares and medoids
    -- tell them apart
    select
        condition,
        medoid_sequence,
        n_patients,
        mean_distance_to_medoid,
        share_dead_at_horizon,
        case
            when n_same_label > 1
                then {{ dbt.concat(['trend_label', "' ('", 'label_rank', "')'"]) }}
            else trend_label
        end as type_label,
        row_number() over (
            partition by condition
            order by n_patients desc, medoid_sequence asc
        ) as type_id,
        sum(n_patients) over (partition by condition) as n_condition_patients
    from label_ranks

),

wide_shares as (

    select
        condition,
        medoid_sequence,
        max(case when care_state = 'dead' then share_of_months end) as share_dead,
        max(case when care_state = 'hospital' then share_of_months end) as share_hospital,
        max(case when care_state = 'specialist' then share_of_months end) as share_specialist,
        max(case when care_state = 'gp_only' then share_of_months end) as share_gp_only,
        max(case when care_state = 'no_care' then share_of_months end) as share_no_care
    from type_state_shares
    group by condition, medoid_sequence

),

final as (

    select
        cast(distinct_labels.condition as varchar) as condition,
        cast(distinct_labels.type_id as integer) as type_id,
        cast(distinct_labels.type_label as varchar) as type_label,
        cast(distinct_labels.medoid_sequence as varchar) as medoid_sequence,
        cast(distinct_labels.n_patients as integer) as n_patients,
        cast(distinct_labels.n_patients as double)
        / distinct_labels.n_condition_patients as share_of_patients,
        cast(wide_shares.share_dead as double) as share_dead,
        cast(wide_shares.share_hospital as double) as share_hospital,
        cast(wide_shares.share_specialist as double) as share_specialist,
        cast(wide_shares.share_gp_only as double) as share_gp_only,
        cast(wide_shares.share_no_care as double) as share_no_care,
        cast(distinct_labels.share_dead_at_horizon as double) as share_dead_at_horizon,
        cast(distinct_labels.mean_distance_to_medoid as double) as mean_distance_to_medoid,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from distinct_labels
    inner join wide_shares
        on
            distinct_labels.condition = wide_shares.condition
            and distinct_labels.medoid_sequence = wide_shares.medoid_sequence

)

select * from final
