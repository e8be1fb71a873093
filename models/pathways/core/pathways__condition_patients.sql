with

conditions as (

    select * from {{ ref('pathways__conditions') }}

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(condition as varchar) as condition,
        cast(min(index_date) as date) as index_date,
        cast(min(care_year) as integer) as index_year,
        cast(count(*) as integer) as n_years_with_condition,
        cast(max(rule_version) as varchar) as rule_version
    from conditions
    group by person_id, condition

)

select * from final
