with

criteria as (

    select * from {{ ref('pathways__condition_criteria') }}

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(care_year as integer) as care_year,
        cast(condition as varchar) as condition,
        cast(min(criterion_date) as date) as index_date,
        cast(count(*) as integer) as n_criteria_met,
        cast(max(rule_version) as varchar) as rule_version
    from criteria
    group by person_id, care_year, condition

)

select * from final
