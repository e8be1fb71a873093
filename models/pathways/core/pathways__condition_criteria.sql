{%- set min_drug_dates = var('condition_min_drug_dates') -%}
{%- set min_drug_dates_large_pack = var('condition_min_drug_dates_with_large_pack') -%}
{#- Conditions where 2 dates suffice with a large pack, as a SQL list ('' when none). -#}
{%- set large_pack_conditions = "'" ~ var('condition_large_pack_rule_conditions') | join("', '")
    ~ "'" -%}
{%- set min_dialysis_dates = var('condition_min_dialysis_dates') -%}

with

events as (

    select * from {{ ref('pathways__care_events') }}

),

code_lists as (

    select * from {{ ref('condition_code_lists') }}

),

study_years as (

    {{ study_years() }}

),

ald_hits as (

    -- an ALD active in the year: granted before its end and not ended before its start (§5)
    select
        events.person_id,
        study_years.care_year,
        code_lists.condition,
        'ald' as criterion,
        min(
            case
                when events.start_date > study_years.year_start then events.start_date
                else study_years.year_start
            end
        ) as criterion_date
    from events
    inner join code_lists
        on
            code_lists.criterion = 'ald'
            and events.event_code like {{ dbt.concat(['code_lists.code_prefix', "'%'"]) }}
    inner join study_years
        on
            events.start_date <= study_years.year_end
            and (events.end_date is null or events.end_date >= study_years.year_start)
    where events.event_category = 'ald_period'
    group by events.person_id, study_years.care_year, code_lists.condition

),

stay_diagnoses as (

    -- each diagnosis of a stay with its role, dated by the discharge (the stay's care date)
    select
        person_id,
        contact_id as stay_key,
        end_date as discharge_date,
        event_code as diagnosis_code,
        case event_category
            when 'hospital_main_diagnosis' then 'dp'
            when 'hospital_related_diagnosis' then 'dr'
            when 'hospital_associated_diagnosis' then 'das'
            when 'hospital_unit_main_diagnosis' then 'um_dp'
        end as diagnosis_role
    from events
    where
        event_category in (
            'hospital_main_diagnosis', 'hospital_related_diagnosis',
            'hospital_associated_diagnosis', 'hospital_unit_main_diagnosis'
        )

),

matching_stay_diagnoses as (

    select distinct
        stay_diagnoses.person_id,
        stay_diagnoses.stay_key,
        stay_diagnoses.discharge_date,
        code_lists.condition,
        code_lists.criterion
    from stay_diagnoses
    inner join code_lists
        on
            code_lists.criterion in ('stay_diagnosis', 'paired_main', 'paired_secondary')
            and stay_diagnoses.diagnosis_role = code_lists.diagnosis_role
            and stay_diagnoses.diagnosis_code
            like {{ dbt.concat(['code_lists.code_prefix', "'%'"]) }}

),

qualifying_stays as (

    -- a listed diagnosis in its role, or a listed main diagnosis with a listed secondary one
    select
        person_id,
        stay_key,
        discharge_date,
        condition
    from matching_stay_diagnoses
    where criterion = 'stay_diagnosis'
    union all
    select
        main_diagnosis.person_id,
        main_diagnosis.stay_key,
        main_diagnosis.discharge_date,
        main_diagnosis.condition
    from matching_stay_diagnoses as main_diagnosis
    inner join matching_stay_diagnoses as secondary_diagnosis
        on
            main_diagnosis.stay_key = secondary_diagnosis.stay_key
            and main_diagnosis.condition = secondary_diagnosis.condition
            and secondary_diagnosis.criterion = 'paired_secondary'
    where main_diagnosis.criterion = 'paired_main'

),

stay_hits as (

    select
        person_id,
        cast(extract(year from discharge_date) as integer) as care_year,
        condition,
        'hospital_stay' as criterion,
        min(discharge_date) as criterion_date
    from qualifying_stays
    group by person_id, cast(extract(year from discharge_date) as integer), condition

),

excluded_drugs as (

    select
        condition,
        code_prefix
    from code_lists
    where criterion = 'drug_excluded'

),

drug_dates as (

    -- one row per person, condition and dispensing date of a listed drug class
    select
        events.person_id,
        code_lists.condition,
        events.start_date as dispensing_date,
        max(case when events.is_large_pack then 1 else 0 end) as has_large_pack
    from events
    inner join code_lists
        on
            code_lists.criterion = 'drug'
            and events.event_code like {{ dbt.concat(['code_lists.code_prefix', "'%'"]) }}
    left join excluded_drugs
        on
            code_lists.condition = excluded_drugs.condition
            and events.event_code like {{ dbt.concat(['excluded_drugs.code_prefix', "'%'"]) }}
    where
        events.event_category = 'drug_dispensing'
        and excluded_drugs.code_prefix is null
    group by events.person_id, code_lists.condition, events.start_date

),

ranked_drug_dates as (

    select
        person_id,
        condition,
        dispensing_date,
        cast(extract(year from dispensing_date) as integer) as care_year,
        row_number() over dates_in_year as date_rank,
        max(has_large_pack) over (
            dates_in_year rows between unbounded preceding and current row
        ) as large_pack_so_far
    from drug_dates
    window dates_in_year as (
        partition by person_id, condition, cast(extract(year from dispensing_date) as integer)
        order by dispensing_date
    )

),

drug_hits as (

    -- the date of the 3rd dispensing in the year, or of the 2nd when a large pack came by then
    select
        person_id,
        care_year,
        condition,
        'drug_dispensings' as criterion,
        min(dispensing_date) as criterion_date
    from ranked_drug_dates
    where
        date_rank >= {{ min_drug_dates }}
        or (
            condition in ({{ large_pack_conditions }})
            and date_rank >= {{ min_drug_dates_large_pack }}
            and large_pack_so_far = 1
        )
    group by person_id, care_year, condition

),

dialysis_dates as (

    select distinct
        events.person_id,
        code_lists.condition,
        events.start_date as dialysis_date
    from events
    inner join code_lists
        on
            code_lists.criterion = 'dialysis_act'
            and events.event_code = code_lists.code_prefix
    where events.event_category = 'dialysis_session'

),

ranked_dialysis_dates as (

    select
        person_id,
        condition,
        dialysis_date,
        cast(extract(year from dialysis_date) as integer) as care_year,
        row_number() over (
            partition by person_id, condition, cast(extract(year from dialysis_date) as integer)
            order by dialysis_date
        ) as date_rank
    from dialysis_dates

),

dialysis_hits as (

    select
        person_id,
        care_year,
        condition,
        'dialysis_sessions' as criterion,
        min(dialysis_date) as criterion_date
    from ranked_dialysis_dates
    where date_rank >= {{ min_dialysis_dates }}
    group by person_id, care_year, condition

),

all_hits as (

    select * from ald_hits
    union all
    select * from stay_hits
    union all
    select * from drug_hits
    union all
    select * from dialysis_hits

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(care_year as integer) as care_year,
        cast(condition as varchar) as condition,
        cast(criterion as varchar) as criterion,
        cast(criterion_date as date) as criterion_date,
        cast('{{ var("condition_rules_version") }}' as varchar) as rule_version
    from all_hits
    where care_year between {{ var('study_first_year') }} and {{ var('study_last_year') }}

)

select * from final
