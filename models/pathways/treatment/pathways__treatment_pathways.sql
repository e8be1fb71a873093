{#- One pathway string per patient: the line labels in line order joined by `-`. Built with
    one `max(case ...)` per line rather than a string aggregation, so that the order holds on
    every engine. -#}
{%- set max_lines = var('treatment_max_lines') | int -%}
{%- set look_forward_days = var('treatment_look_forward_days') | int -%}
{%- set pathway_parts = ['line_labels.line_1_label'] -%}
{%- for line_number in range(2, max_lines + 1) -%}
    {%- do pathway_parts.append(
        "coalesce(" ~ dbt.concat(["'-'", "line_labels.line_" ~ line_number ~ "_label"])
        ~ ", '')"
    ) -%}
{%- endfor %}

with

condition_patients as (

    select * from {{ ref('pathways__condition_patients') }}

),

persons as (

    select * from {{ ref('pathways__persons') }}

),

treatment_classes as (

    select * from {{ ref('treatment_classes') }}

),

treatment_lines as (

    select * from {{ ref('pathways__treatment_lines') }}

),

pathway_conditions as (

    select distinct condition from treatment_classes

),

patients as (

    select
        condition_patients.person_id,
        condition_patients.condition,
        condition_patients.index_date,
        condition_patients.index_year,
        cast({{ dbt.dateadd(
            'day', look_forward_days - 1, 'condition_patients.index_date'
        ) }} as date) as look_forward_end_date
    from condition_patients
    inner join pathway_conditions
        on condition_patients.condition = pathway_conditions.condition

),

line_labels as (

    select
        person_id,
        condition,
        {%- for line_number in range(1, max_lines + 1) %}
        max(case when line_number = {{ line_number }} then event_label end)
            as line_{{ line_number }}_label,
        {%- endfor %}
        count(*) as n_lines
    from treatment_lines
    group by person_id, condition

),

final as (

    select
        cast(patients.person_id as varchar) as person_id,
        cast(patients.condition as varchar) as condition,
        cast(patients.index_date as date) as index_date,
        cast(patients.index_year as integer) as index_year,
        cast(patients.look_forward_end_date as date) as look_forward_end_date,
        -- LIMITATION: a patient without full look-forward is kept (as TreatmentPatterns keeps
        -- a target cohort entry whatever its length); strata can select on this flag.
        cast(
            patients.look_forward_end_date
            <= cast('{{ var("study_last_year") }}-12-31' as date)
            and (
                persons.death_date is null
                or persons.death_date > patients.look_forward_end_date
            )
            as boolean
        ) as has_full_look_forward,
        cast({{ dbt.concat(pathway_parts) }} as varchar) as pathway,
        cast(coalesce(line_labels.n_lines, 0) as integer) as n_lines,
        cast(line_labels.line_1_label as varchar) as first_line_label,
        cast(persons.sex_code as integer) as sex_code,
        cast(patients.index_year - persons.birth_year as integer) as age_at_index,
        cast(
            {{ age_band('(patients.index_year - persons.birth_year)', 10, 90) }}
            as varchar
        ) as age_band_10y_at_index,
        cast(persons.region_code as varchar) as region_code,
        cast('{{ var("pathway_rules_version") }}' as varchar) as rule_version
    from patients
    left join line_labels
        on
            patients.person_id = line_labels.person_id
            and patients.condition = line_labels.condition
    left join persons on patients.person_id = persons.person_id

)

select * from final
