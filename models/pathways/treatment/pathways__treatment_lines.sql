{#- Treatment lines from the drug eras, by TreatmentPatterns' rules (doCombinationWindow with
    overlapMethod truncate, then filterTreatments), rewritten set-based: no iteration, so that
    the SQL runs unchanged on DuckDB and Spark. Day numbers are half-open: an era covers days
    start_day .. end_day - 1. -#}
{%- set combination_window_days = var('treatment_combination_window_days') | int -%}
{%- set min_post_combination_days = var('treatment_min_post_combination_days') | int -%}
{%- set first_occurrence_only =
    (var('treatment_first_occurrence_only') | string | lower) == 'true' -%}
{%- set max_lines = var('treatment_max_lines') | int %}

with

treatment_eras as (

    select * from {{ ref('pathways__treatment_eras') }}

),

eras as (

    select
        person_id,
        condition,
        class_code,
        {{ treatment_day_number('era_start_date') }} as start_day,
        {{ treatment_day_number('era_end_date') }} + 1 as end_day
    from treatment_eras
    where meets_min_duration

),

patients as (

    select distinct
        person_id,
        condition,
        index_date
    from treatment_eras

),

-- Switch: a later era of another class overlaps an earlier one by less than the combination
-- window (overlap = earlier end - later start, TreatmentPatterns' measure), and the two share
-- neither their start nor their end day: the earlier era stops the day the later one starts.
-- LIMITATION: TreatmentPatterns settles one overlap per person and iteration, in date order;
-- here every pair of eras is judged at once on the eras as collapsed. Both agree when at
-- most two eras overlap at a time; with three or more, a few days may be labelled differently.
switch_cuts as (

    select
        earlier.person_id,
        earlier.condition,
        earlier.class_code,
        earlier.start_day,
        min(later.start_day) as cut_day
    from eras as earlier
    inner join eras as later
        on
            earlier.person_id = later.person_id
            and earlier.condition = later.condition
            and earlier.class_code <> later.class_code
            and earlier.start_day < later.start_day
            and earlier.end_day > later.start_day
            and earlier.end_day - later.start_day < {{ combination_window_days }}
            and earlier.end_day <> later.end_day
    group by earlier.person_id, earlier.condition, earlier.class_code, earlier.start_day

),

cut_eras as (

    select
        eras.person_id,
        eras.condition,
        eras.class_code,
        eras.start_day,
        eras.end_day as uncut_end_day,
        coalesce(switch_cuts.cut_day, eras.end_day) as end_day
    from eras
    left join switch_cuts
        on
            eras.person_id = switch_cuts.person_id
            and eras.condition = switch_cuts.condition
            and eras.class_code = switch_cuts.class_code
            and eras.start_day = switch_cuts.start_day

),

-- Every other overlap is a combination: the timeline is cut at each era start and end into
-- periods during which the same classes are taken (A, then A+B while both run, then B ...).
boundaries as (

    select
        person_id,
        condition,
        start_day as boundary_day
    from cut_eras
    union distinct
    select
        person_id,
        condition,
        end_day as boundary_day
    from cut_eras

),

elementary_periods as (

    select
        person_id,
        condition,
        boundary_day as start_day,
        lead(boundary_day) over (
            partition by person_id, condition order by boundary_day
        ) as end_day
    from boundaries

),

period_classes as (

    select
        elementary_periods.person_id,
        elementary_periods.condition,
        elementary_periods.start_day,
        elementary_periods.end_day,
        cut_eras.class_code,
        case
            when
                cut_eras.start_day = elementary_periods.start_day
                and cut_eras.uncut_end_day = elementary_periods.end_day
                then 1
            else 0
        end as is_whole_era
    from elementary_periods
    inner join cut_eras
        on
            elementary_periods.person_id = cut_eras.person_id
            and elementary_periods.condition = cut_eras.condition
            and elementary_periods.start_day >= cut_eras.start_day
            and elementary_periods.end_day <= cut_eras.end_day
    where elementary_periods.end_day is not null

),

periods as (

    select
        person_id,
        condition,
        start_day,
        end_day,
        {{ treatment_sorted_join('class_code', "'+'") }} as event_label,
        count(*) as n_classes,
        max(is_whole_era) as has_whole_era
    from period_classes
    group by person_id, condition, start_day, end_day

),

-- A piece made by a switch or a combination (anything but a whole, untouched mono era) that
-- is shorter than the minimum post-combination duration is dropped.
-- Deviation: TreatmentPatterns applies the minimum to every event once any overlap was found;
-- untouched eras are held to treatment_min_era_days only here.
kept_periods as (

    select
        person_id,
        condition,
        start_day,
        end_day,
        event_label,
        n_classes
    from periods
    where
        (n_classes = 1 and has_whole_era = 1)
        or end_day - start_day >= {{ min_post_combination_days }}

),

-- identical consecutive events (even across a gap) are one event, their days summed
label_changes as (

    select
        person_id,
        condition,
        start_day,
        end_day,
        event_label,
        n_classes,
        case
            when
                event_label = lag(event_label) over (
                    partition by person_id, condition order by start_day
                )
                then 0
            else 1
        end as is_new_event
    from kept_periods

),

event_numbers as (

    select
        person_id,
        condition,
        start_day,
        end_day,
        event_label,
        n_classes,
        sum(is_new_event) over (
            partition by person_id, condition
            order by start_day
            rows between unbounded preceding and current row
        ) as event_number
    from label_changes

),

events as (

    select
        person_id,
        condition,
        event_number,
        event_label,
        n_classes,
        min(start_day) as start_day,
        max(end_day) as end_day,
        sum(end_day - start_day) as duration_days
    from event_numbers
    group by person_id, condition, event_number, event_label, n_classes

),

occurrences as (

    select
        person_id,
        condition,
        event_label,
        n_classes,
        start_day,
        end_day,
        duration_days,
        row_number() over (
            partition by person_id, condition, event_label order by start_day
        ) as occurrence_number
    from events

),

-- TreatmentPatterns filterTreatments = "First" (var treatment_first_occurrence_only), then
-- maxPathLength (var treatment_max_lines)
numbered_lines as (

    select
        person_id,
        condition,
        event_label,
        n_classes,
        start_day,
        end_day,
        duration_days,
        row_number() over (
            partition by person_id, condition order by start_day
        ) as line_number
    from occurrences
    {%- if first_occurrence_only %}
    where occurrence_number = 1
    {%- endif %}

),

final as (

    select
        cast(numbered_lines.person_id as varchar) as person_id,
        cast(numbered_lines.condition as varchar) as condition,
        cast(numbered_lines.line_number as integer) as line_number,
        cast(numbered_lines.event_label as varchar) as event_label,
        cast(numbered_lines.n_classes > 1 as boolean) as is_combination,
        cast(numbered_lines.n_classes as integer) as n_classes,
        {{ treatment_date_of_day_number('numbered_lines.start_day') }} as line_start_date,
        {{ treatment_date_of_day_number('numbered_lines.end_day - 1') }} as line_end_date,
        cast(numbered_lines.duration_days as integer) as duration_days,
        cast(
            numbered_lines.start_day - {{ treatment_day_number('patients.index_date') }}
            as integer
        ) as days_from_index,
        cast(patients.index_date as date) as index_date,
        cast('{{ var("pathway_rules_version") }}' as varchar) as rule_version
    from numbered_lines
    inner join patients
        on
            numbered_lines.person_id = patients.person_id
            and numbered_lines.condition = patients.condition
    where numbered_lines.line_number <= {{ max_lines }}

)

select * from final
