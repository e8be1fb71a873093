with

treatment_lines as (

    select * from {{ ref('pathways__treatment_lines') }}

),

durations as (

    select
        condition,
        line_number,
        event_label,
        case when is_combination then 'combination' else 'mono' end as treatment_type,
        count(*) as n_patients,
        min(duration_days) as min_duration_days,
        {{ treatment_percentile_cont('duration_days', 0.25) }} as q1_duration_days,
        {{ treatment_percentile_cont('duration_days', 0.5) }} as median_duration_days,
        {{ treatment_percentile_cont('duration_days', 0.75) }} as q3_duration_days,
        max(duration_days) as max_duration_days,
        avg(cast(duration_days as double)) as mean_duration_days
    from treatment_lines
    group by
        condition,
        line_number,
        event_label,
        case when is_combination then 'combination' else 'mono' end

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(line_number as integer) as line_number,
        cast(event_label as varchar) as event_label,
        cast(treatment_type as varchar) as treatment_type,
        cast(n_patients as integer) as n_patients,
        cast(min_duration_days as integer) as min_duration_days,
        cast(q1_duration_days as double) as q1_duration_days,
        cast(median_duration_days as double) as median_duration_days,
        cast(q3_duration_days as double) as q3_duration_days,
        cast(max_duration_days as integer) as max_duration_days,
        cast(mean_duration_days as double) as mean_duration_days,
        cast('{{ var("pathway_rules_version") }}' as varchar) as rule_version
    from durations

)

select * from final
