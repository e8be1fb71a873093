{#- The attrition steps, in order; each count is a subset of the one before. -#}
{%- set steps = [
    {'number': 1, 'name': 'condition_patients',
        'description': 'patients with the condition (pathways__condition_patients)'},
    {'number': 2, 'name': 'with_class_dispensing',
        'description': 'with a dispensing of a class of the condition in the look-forward'},
    {'number': 3, 'name': 'with_era_of_min_duration',
        'description': 'with a drug era of at least treatment_min_era_days days'},
    {'number': 4, 'name': 'with_pathway',
        'description': 'with at least one treatment line after the combination rules'},
] %}

with

condition_patients as (

    select * from {{ ref('pathways__condition_patients') }}

),

treatment_classes as (

    select * from {{ ref('treatment_classes') }}

),

treatment_eras as (

    select * from {{ ref('pathways__treatment_eras') }}

),

treatment_lines as (

    select * from {{ ref('pathways__treatment_lines') }}

),

pathway_conditions as (

    select distinct condition from treatment_classes

),

steps as (
    {% for step in steps %}
    select
        {{ step.number }} as step_number,
        '{{ step.name }}' as step_name,
        '{{ step.description }}' as step_description
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

step_counts as (

    select
        condition_patients.condition,
        1 as step_number,
        count(distinct condition_patients.person_id) as n_patients
    from condition_patients
    inner join pathway_conditions
        on condition_patients.condition = pathway_conditions.condition
    group by condition_patients.condition
    union all
    select
        condition,
        2 as step_number,
        count(distinct person_id) as n_patients
    from treatment_eras
    group by condition
    union all
    select
        condition,
        3 as step_number,
        count(distinct person_id) as n_patients
    from treatment_eras
    where meets_min_duration
    group by condition
    union all
    select
        condition,
        4 as step_number,
        count(distinct person_id) as n_patients
    from treatment_lines
    group by condition

),

attrition as (

    select
        pathway_conditions.condition,
        steps.step_number,
        steps.step_name,
        steps.step_description,
        coalesce(step_counts.n_patients, 0) as n_patients
    from pathway_conditions
    cross join steps
    left join step_counts
        on
            pathway_conditions.condition = step_counts.condition
            and steps.step_number = step_counts.step_number

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(step_number as integer) as step_number,
        cast(step_name as varchar) as step_name,
        cast(step_description as varchar) as step_description,
        cast(n_patients as integer) as n_patients,
        cast(
            coalesce(
                lag(n_patients) over (partition by condition order by step_number)
                - n_patients,
                0
            ) as integer
        ) as n_patients_removed,
        cast(
            n_patients
            / nullif(
                cast(
                    max(case when step_number = 1 then n_patients end)
                        over (partition by condition)
                    as double
                ),
                0
            )
            as double
        ) as share_of_condition_patients,
        cast('{{ var("pathway_rules_version") }}' as varchar) as rule_version
    from attrition

)

select * from final
