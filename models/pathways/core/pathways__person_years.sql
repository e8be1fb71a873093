with

persons as (

    select * from {{ ref('pathways__persons') }}

),

study_years as (

    {{ study_years() }}

),

alive_on_january_first as (

    select
        persons.person_id,
        study_years.care_year,
        study_years.care_year - persons.birth_year as age_years,
        persons.sex_code,
        persons.departement_code,
        persons.region_code,
        coalesce(persons.death_date <= study_years.year_end, false) as died_in_year
    from persons
    cross join study_years
    where
        persons.birth_year <= study_years.care_year
        and (persons.death_date is null or persons.death_date >= study_years.year_start)

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(care_year as integer) as care_year,
        cast(age_years as integer) as age_years,
        cast({{ age_band('age_years', 5, 95) }} as varchar) as age_band_5y,
        cast({{ age_band('age_years', 10, 90) }} as varchar) as age_band_10y,
        cast(sex_code as integer) as sex_code,
        cast(departement_code as varchar) as departement_code,
        cast(region_code as varchar) as region_code,
        cast(died_in_year as boolean) as died_in_year
    from alive_on_january_first

)

select * from final
