{%- set horizon = trajectory_integer_var('trajectory_horizon_months', 24) -%}
{%- set censored = trajectory_censored_state() -%}

with

condition_patients as (

    select * from {{ ref('pathways__condition_patients') }}

),

persons as (

    select * from {{ ref('pathways__persons') }}

),

care_events as (

    select * from {{ ref('pathways__care_events') }}

),

month_numbers as (

    {{ trajectory_month_numbers() }}

),

patients as (

    select
        condition_patients.person_id,
        condition_patients.condition,
        condition_patients.index_date,
        persons.death_date,
        cast(
            {{ dbt.date_trunc('month', 'condition_patients.index_date') }} as date
        ) as index_month_start_date
    from condition_patients
    left join persons on condition_patients.person_id = persons.person_id

),

patient_months as (

    -- the full follow-up is decided on the index date alone, never on what happens after it,
    -- so that excluding the other patients does not select on the outcome (e.g. on death)
    -- LIMITATION: no look-back before study_first_year, so an index date in the first study
    -- year may be a prevalent case (month 1 is then not the start of the disease)
    select
        patients.person_id,
        patients.condition,
        patients.index_date,
        patients.death_date,
        month_numbers.month_number,
        cast(
            {{ dbt.dateadd('month', 'month_numbers.month_number - 1',
                'patients.index_month_start_date') }} as date
        ) as month_start_date,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 'month_numbers.month_number',
                'patients.index_month_start_date')) }} as date
        ) as month_end_date,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', horizon,
                'patients.index_month_start_date')) }} as date
        ) <= {{ trajectory_data_end_date() }} as has_full_follow_up
    from patients
    cross join month_numbers

),

care_contacts as (

    -- an event without an end date lasts one day
    -- LIMITATION: only GP, specialist and hospital contacts make a state; a month with only
    -- nurse, pharmacy, lab or city dialysis care is no_care
    select
        person_id,
        event_category,
        start_date,
        coalesce(end_date, start_date) as end_date
    from care_events
    where event_category in ('hospital_stay', 'specialist_visit', 'gp_visit')

),

contact_month_ranges as (

    -- a stay overlaps every month from its entry month to its discharge month
    select
        patients.person_id,
        patients.condition,
        care_contacts.event_category,
        {{ trajectory_month_number('care_contacts.start_date', 'patients.index_date') }}
            as first_month_number,
        {{ trajectory_month_number('care_contacts.end_date', 'patients.index_date') }}
            as last_month_number
    from care_contacts
    inner join patients on care_contacts.person_id = patients.person_id
    where
        care_contacts.end_date >= patients.index_month_start_date
        and care_contacts.start_date
        < {{ dbt.dateadd('month', horizon, 'patients.index_month_start_date') }}

),

monthly_care as (

    select
        contact_month_ranges.person_id,
        contact_month_ranges.condition,
        month_numbers.month_number,
        max(
            case when contact_month_ranges.event_category = 'hospital_stay' then 1 else 0 end
        ) = 1 as has_hospital_stay,
        max(
            case when contact_month_ranges.event_category = 'specialist_visit' then 1 else 0 end
        ) = 1 as has_specialist_visit,
        max(
            case when contact_month_ranges.event_category = 'gp_visit' then 1 else 0 end
        ) = 1 as has_gp_visit
    from contact_month_ranges
    inner join month_numbers
        on
            contact_month_ranges.first_month_number <= month_numbers.month_number
            and contact_month_ranges.last_month_number >= month_numbers.month_number
    group by
        contact_month_ranges.person_id,
        contact_month_ranges.condition,
        month_numbers.month_number

),

monthly_states as (

    -- precedence: dead > censored > hospital > specialist > gp_only > no_care
    select
        patient_months.person_id,
        patient_months.condition,
        patient_months.index_date,
        patient_months.month_number,
        patient_months.month_start_date,
        patient_months.month_end_date,
        patient_months.has_full_follow_up,
        case
            when patient_months.death_date <= patient_months.month_end_date then 'dead'
            when
                patient_months.month_start_date > {{ trajectory_data_end_date() }}
                then '{{ censored.name }}'
            when monthly_care.has_hospital_stay then 'hospital'
            when monthly_care.has_specialist_visit then 'specialist'
            when monthly_care.has_gp_visit then 'gp_only'
            else 'no_care'
        end as care_state
    from patient_months
    left join monthly_care
        on
            patient_months.person_id = monthly_care.person_id
            and patient_months.condition = monthly_care.condition
            and patient_months.month_number = monthly_care.month_number

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(condition as varchar) as condition,
        cast(index_date as date) as index_date,
        cast(month_number as integer) as month_number,
        cast(month_start_date as date) as month_start_date,
        cast(month_end_date as date) as month_end_date,
        cast(care_state as varchar) as care_state,
        cast(
            case care_state
                {%- for state in trajectory_states() %}
                when '{{ state.name }}' then '{{ state.code }}'
                {%- endfor %}
                when '{{ censored.name }}' then '{{ censored.code }}'
            end as varchar
        ) as state_code,
        cast(has_full_follow_up as boolean) as has_full_follow_up,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from monthly_states

)

select * from final
