{#- Drug eras of the treatment pathways (TreatmentPatterns' event cohorts after era collapse).
    Day numbers: an era covers days era_start_day .. era_end_day - 1 (half-open), so that a
    duration is end - start and a gap is next start - previous end, in covered days. -#}
{%- set look_forward_days = var('treatment_look_forward_days') | int -%}
{%- set era_collapse_days = var('treatment_era_collapse_days') | int -%}
{%- set min_era_days = var('treatment_min_era_days') | int %}

with

care_events as (

    select * from {{ ref('pathways__care_events') }}

),

condition_patients as (

    select * from {{ ref('pathways__condition_patients') }}

),

treatment_classes as (

    select * from {{ ref('treatment_classes') }}

),

dispensings as (

    select
        person_id,
        event_code as atc_code,
        start_date,
        end_date
    from care_events
    where
        event_category = 'drug_dispensing'
        -- LIMITATION: a CIP13 missing from IR_PHA_R has no ATC code and belongs to no class.
        and event_code is not null

),

atc_codes as (

    select distinct atc_code from dispensings

),

prefix_matches as (

    select
        atc_codes.atc_code,
        treatment_classes.condition,
        treatment_classes.class_code,
        treatment_classes.is_excluded,
        row_number() over (
            partition by atc_codes.atc_code, treatment_classes.condition
            order by length(treatment_classes.atc_prefix) desc
        ) as prefix_rank
    from atc_codes
    inner join treatment_classes
        on
            substr(atc_codes.atc_code, 1, length(treatment_classes.atc_prefix))
            = treatment_classes.atc_prefix

),

-- the longest prefix of the condition wins; an excluded prefix (benfluorex) removes the code
atc_classes as (

    select
        atc_code,
        condition,
        class_code
    from prefix_matches
    where prefix_rank = 1 and not is_excluded

),

patients as (

    select
        person_id,
        condition,
        index_date,
        {{ treatment_day_number('index_date') }} as index_day
    from condition_patients

),

-- dispensings of a class of the condition that start in the look-forward period of the
-- patient's index date; TreatmentPatterns keeps such an event whole, even when it ends later
window_dispensings as (

    select
        patients.person_id,
        patients.condition,
        atc_classes.class_code,
        {{ treatment_day_number('dispensings.start_date') }} as start_day,
        {{ treatment_day_number('dispensings.end_date') }} + 1 as end_day
    from patients
    inner join dispensings on patients.person_id = dispensings.person_id
    inner join atc_classes
        on
            dispensings.atc_code = atc_classes.atc_code
            and patients.condition = atc_classes.condition
    where
        dispensings.start_date >= patients.index_date
        and {{ treatment_day_number('dispensings.start_date') }}
        < patients.index_day + {{ look_forward_days }}

),

-- latest end among the earlier dispensings of the class (a running maximum, so that a
-- dispensing inside a longer one never shortens the era)
previous_ends as (

    select
        person_id,
        condition,
        class_code,
        start_day,
        end_day,
        max(end_day) over (
            partition by person_id, condition, class_code
            order by start_day, end_day
            rows between unbounded preceding and 1 preceding
        ) as previous_end_day
    from window_dispensings

),

era_starts as (

    select
        person_id,
        condition,
        class_code,
        start_day,
        end_day,
        case
            when previous_end_day is null then 1
            when start_day - previous_end_day > {{ era_collapse_days }} then 1
            else 0
        end as is_era_start
    from previous_ends

),

era_numbers as (

    select
        person_id,
        condition,
        class_code,
        start_day,
        end_day,
        sum(is_era_start) over (
            partition by person_id, condition, class_code
            order by start_day, end_day
            rows between unbounded preceding and current row
        ) as era_number
    from era_starts

),

eras as (

    select
        person_id,
        condition,
        class_code,
        era_number,
        min(start_day) as era_start_day,
        max(end_day) as era_end_day,
        count(*) as n_dispensings
    from era_numbers
    group by person_id, condition, class_code, era_number

),

final as (

    select
        cast(eras.person_id as varchar) as person_id,
        cast(eras.condition as varchar) as condition,
        cast(eras.class_code as varchar) as class_code,
        cast(eras.era_number as integer) as era_number,
        {{ treatment_date_of_day_number('eras.era_start_day') }} as era_start_date,
        {{ treatment_date_of_day_number('eras.era_end_day - 1') }} as era_end_date,
        cast(eras.era_end_day - eras.era_start_day as integer) as duration_days,
        cast(eras.n_dispensings as integer) as n_dispensings,
        cast(eras.era_end_day - eras.era_start_day >= {{ min_era_days }} as boolean)
            as meets_min_duration,
        cast(patients.index_date as date) as index_date,
        cast('{{ var("pathway_rules_version") }}' as varchar) as rule_version
    from eras
    inner join patients
        on
            eras.person_id = patients.person_id
            and eras.condition = patients.condition

)

select * from final
