{%- set visit_days = var('indicator_hf_visit_days') | int -%}
{%- set cardiology_days = var('indicator_hf_cardiology_days') | int -%}
{%- set readmission_days = var('indicator_hf_readmission_days') | int -%}
{%- set death_days = var('indicator_hf_death_days') | int -%}
{%- set cardiology_specialty = 3 -%}
{#- The last day the data can show: 31 December of the last study year. -#}
{%- set data_end = "cast('" ~ var('study_last_year') ~ "-12-31' as date)" -%}
{%- set indicator_windows = [
    ('visit_7d', visit_days, true),
    ('cardiology_60d', cardiology_days, true),
    ('readmission_30d', readmission_days, false),
    ('death_30d', death_days, false),
] -%}

with

care_events as (

    select * from {{ ref('pathways__care_events') }}

),

persons as (

    select * from {{ ref('pathways__persons') }}

),

person_years as (

    select * from {{ ref('pathways__person_years') }}

),

code_lists as (

    select * from {{ ref('condition_code_lists') }}

),

stays as (

    select
        person_id,
        contact_id as stay_key,
        start_date as entry_date,
        end_date as discharge_date
    from care_events
    where event_category = 'hospital_stay'

),

stay_diagnoses as (

    select
        person_id,
        contact_id as stay_key,
        event_code as diagnosis_code,
        case event_category
            when 'hospital_main_diagnosis' then 'dp'
            when 'hospital_related_diagnosis' then 'dr'
            when 'hospital_associated_diagnosis' then 'das'
        end as diagnosis_role
    from care_events
    where
        event_category in (
            'hospital_main_diagnosis',
            'hospital_related_diagnosis',
            'hospital_associated_diagnosis'
        )

),

heart_failure_codes as (

    -- the stay rule of the condition (snds.md §6.3): DP I50, or DP I110, I130, I132, I139,
    -- K761, J81 with I50 as DR or DAS; same list as pathways__conditions
    select
        criterion,
        code_prefix,
        diagnosis_role
    from code_lists
    where
        condition = 'heart_failure'
        and criterion in ('stay_diagnosis', 'paired_main', 'paired_secondary')

),

matched_diagnoses as (

    select distinct
        stay_diagnoses.person_id,
        stay_diagnoses.stay_key,
        heart_failure_codes.criterion
    from stay_diagnoses
    inner join heart_failure_codes
        on
            stay_diagnoses.diagnosis_role = heart_failure_codes.diagnosis_role
            and stay_diagnoses.diagnosis_code
            like {{ dbt.concat(['heart_failure_codes.code_prefix', "'%'"]) }}

),

heart_failure_stays as (

    select
        person_id,
        stay_key
    from matched_diagnoses
    group by person_id, stay_key
    having
        sum(case when criterion = 'stay_diagnosis' then 1 else 0 end) > 0
        or (
            sum(case when criterion = 'paired_main' then 1 else 0 end) > 0
            and sum(case when criterion = 'paired_secondary' then 1 else 0 end) > 0
        )

),

index_discharges as (

    -- every heart-failure stay is an index discharge, in the care year of its discharge
    -- LIMITATION: discharge and entry modes are not in pathways__care_events, so a transfer to
    -- another acute stay is not merged with its index stay, and a planned readmission is not
    -- told from an unplanned one
    select
        stays.person_id,
        stays.stay_key,
        stays.entry_date,
        stays.discharge_date,
        person_years.care_year,
        person_years.departement_code,
        person_years.region_code,
        persons.death_date
    from stays
    inner join heart_failure_stays
        on
            stays.person_id = heart_failure_stays.person_id
            and stays.stay_key = heart_failure_stays.stay_key
    inner join persons on stays.person_id = persons.person_id
    inner join person_years
        on
            stays.person_id = person_years.person_id
            and cast(extract(year from stays.discharge_date) as integer) = person_years.care_year

),

follow_up_visits as (

    -- city visits only: PMSI outpatient consultations (ACE) are not in pathways__care_events
    select
        person_id,
        start_date as visit_date,
        event_category = 'specialist_visit' as is_cardiology_visit
    from care_events
    where
        care_setting = 'city'
        and (
            event_category = 'gp_visit'
            or (
                event_category = 'specialist_visit'
                and specialty_code = {{ cardiology_specialty }}
            )
        )

),

first_visits as (

    -- visits from the discharge day on: a visit on the day of discharge follows it
    select
        index_discharges.person_id,
        index_discharges.stay_key,
        min(follow_up_visits.visit_date) as first_visit_date,
        min(
            case when follow_up_visits.is_cardiology_visit then follow_up_visits.visit_date end
        ) as first_cardiology_visit_date
    from index_discharges
    inner join follow_up_visits
        on
            index_discharges.person_id = follow_up_visits.person_id
            and index_discharges.discharge_date <= follow_up_visits.visit_date
    group by index_discharges.person_id, index_discharges.stay_key

),

next_stays as (

    -- a readmission enters the day after discharge at the earliest: a stay entering on the
    -- discharge day is most often a transfer, not a readmission
    select
        index_discharges.person_id,
        index_discharges.stay_key,
        min(stays.entry_date) as next_stay_entry_date
    from index_discharges
    inner join stays
        on
            index_discharges.person_id = stays.person_id
            and index_discharges.stay_key != stays.stay_key
            and index_discharges.discharge_date < stays.entry_date
    group by index_discharges.person_id, index_discharges.stay_key

),

follow_up as (

    select
        index_discharges.person_id,
        index_discharges.stay_key,
        index_discharges.entry_date,
        index_discharges.discharge_date,
        index_discharges.care_year,
        index_discharges.departement_code,
        index_discharges.region_code,
        index_discharges.death_date,
        first_visits.first_visit_date,
        first_visits.first_cardiology_visit_date,
        next_stays.next_stay_entry_date,
        {% for indicator, days, _ in indicator_windows %}
        cast({{ dbt.dateadd('day', days, 'index_discharges.discharge_date') }} as date)
            as {{ indicator }}_window_end_date,
        {% endfor %}
        coalesce(
            index_discharges.death_date <= index_discharges.discharge_date, false
        ) as is_death_in_stay
    from index_discharges
    left join first_visits
        on
            index_discharges.person_id = first_visits.person_id
            and index_discharges.stay_key = first_visits.stay_key
    left join next_stays
        on
            index_discharges.person_id = next_stays.person_id
            and index_discharges.stay_key = next_stays.stay_key

),

flags as (

    -- statuses: exclusions first (death during the stay: no follow-up possible), then windows
    -- ending after the data (censored), then, for visits, a death inside the window (the
    -- patient could not be followed up for the whole window)
    select
        person_id,
        stay_key,
        entry_date,
        discharge_date,
        care_year,
        departement_code,
        region_code,
        death_date,
        is_death_in_stay,
        first_visit_date,
        first_cardiology_visit_date,
        next_stay_entry_date,
        {% for indicator, days, excludes_death_in_window in indicator_windows %}
        case
            when is_death_in_stay then 'excluded_death_in_stay'
            when {{ indicator }}_window_end_date > {{ data_end }} then 'censored'
            {% if excludes_death_in_window %}
            when
                death_date <= {{ indicator }}_window_end_date
                then 'excluded_death_in_window'
            {% endif %}
            else 'eligible'
        end as {{ indicator }}_status,
        {% endfor %}
        coalesce(first_visit_date <= visit_7d_window_end_date, false) as has_visit_7d,
        coalesce(
            first_cardiology_visit_date <= cardiology_60d_window_end_date, false
        ) as has_cardiology_visit_60d,
        coalesce(
            next_stay_entry_date <= readmission_30d_window_end_date, false
        ) as has_readmission_30d,
        coalesce(
            death_date > discharge_date and death_date <= death_30d_window_end_date, false
        ) as has_death_30d
    from follow_up

),

final as (

    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(stay_key as {{ dbt.type_string() }}) as stay_key,
        cast(entry_date as date) as entry_date,
        cast(discharge_date as date) as discharge_date,
        cast(care_year as integer) as care_year,
        cast(departement_code as {{ dbt.type_string() }}) as departement_code,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(death_date as date) as death_date,
        cast(is_death_in_stay as boolean) as is_death_in_stay,
        cast(first_visit_date as date) as first_visit_date,
        cast(first_cardiology_visit_date as date) as first_cardiology_visit_date,
        cast(next_stay_entry_date as date) as next_stay_entry_date,
        cast(has_visit_7d as boolean) as has_visit_7d,
        cast(visit_7d_status as {{ dbt.type_string() }}) as visit_7d_status,
        cast(has_cardiology_visit_60d as boolean) as has_cardiology_visit_60d,
        cast(cardiology_60d_status as {{ dbt.type_string() }}) as cardiology_60d_status,
        cast(has_readmission_30d as boolean) as has_readmission_30d,
        cast(readmission_30d_status as {{ dbt.type_string() }}) as readmission_30d_status,
        cast(has_death_30d as boolean) as has_death_30d,
        cast(death_30d_status as {{ dbt.type_string() }}) as death_30d_status,
        cast('{{ var("indicator_rules_version") }}' as {{ dbt.type_string() }}) as rule_version
    from flags

)

select * from final
