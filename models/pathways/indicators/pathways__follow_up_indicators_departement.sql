{#- (indicator code of seeds/follow_up_indicators.csv, flag column, status expression): a unit
    counts in the denominator when its status is 'eligible', in the numerator when its flag is
    true as well. -#}
{%- set diabetes_indicators = [
    ('diabetes_hba1c_3', 'has_hba1c_3_tests', "'eligible'"),
    ('diabetes_creatinine', 'has_creatinine_test', "'eligible'"),
    ('diabetes_urine_albumin', 'has_urine_albumin_test', "'eligible'"),
    ('diabetes_lipid_panel', 'has_lipid_panel', "'eligible'"),
    ('diabetes_fundus_2y', 'has_fundus_exam_2y', 'two_year_window_status'),
    ('diabetes_ophthalmology_2y', 'has_ophthalmology_2y', 'two_year_window_status'),
    ('diabetes_cardiology', 'has_cardiology_follow_up', "'eligible'"),
    ('diabetes_dentist', 'has_dentist_visit', "'eligible'"),
] -%}
{%- set heart_failure_indicators = [
    ('hf_visit_7d', 'has_visit_7d', 'visit_7d_status'),
    ('hf_cardiology_60d', 'has_cardiology_visit_60d', 'cardiology_60d_status'),
    ('hf_readmission_30d', 'has_readmission_30d', 'readmission_30d_status'),
    ('hf_death_30d', 'has_death_30d', 'death_30d_status'),
] -%}

with

diabetes_follow_up as (

    select * from {{ ref('pathways__diabetes_follow_up') }}

),

heart_failure_discharges as (

    select * from {{ ref('pathways__heart_failure_discharges') }}

),

indicators as (

    select * from {{ ref('follow_up_indicators') }}

),

indicator_units as (

    -- one row per unit of analysis (patient-year or discharge) and indicator
    {% for indicator_code, flag, status in diabetes_indicators %}
    select
        care_year,
        departement_code,
        region_code,
        '{{ indicator_code }}' as indicator_code,
        {{ flag }} as is_met,
        {{ status }} as indicator_status
    from diabetes_follow_up
    union all
    {% endfor %}
    {% for indicator_code, flag, status in heart_failure_indicators %}
    select
        care_year,
        departement_code,
        region_code,
        '{{ indicator_code }}' as indicator_code,
        {{ flag }} as is_met,
        {{ status }} as indicator_status
    from heart_failure_discharges
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

counts as (

    select
        care_year,
        departement_code,
        region_code,
        indicator_code,
        sum(
            case when indicator_status = 'eligible' and is_met then 1 else 0 end
        ) as numerator,
        sum(case when indicator_status = 'eligible' then 1 else 0 end) as denominator,
        sum(
            case when indicator_status like 'excluded%' then 1 else 0 end
        ) as n_excluded,
        sum(case when indicator_status = 'censored' then 1 else 0 end) as n_censored
    from indicator_units
    group by care_year, departement_code, region_code, indicator_code

),

final as (

    -- LIMITATION: counts are not suppressed here; the anonymized layer applies the privacy
    -- gate (threshold 11, complementary suppression) before anything is published
    select
        cast(counts.care_year as integer) as care_year,
        cast(counts.departement_code as {{ dbt.type_string() }}) as departement_code,
        cast(counts.region_code as {{ dbt.type_string() }}) as region_code,
        cast(counts.indicator_code as {{ dbt.type_string() }}) as indicator_code,
        cast(indicators.condition as {{ dbt.type_string() }}) as condition,
        cast(counts.numerator as bigint) as numerator,
        cast(counts.denominator as bigint) as denominator,
        cast(counts.n_excluded as bigint) as n_excluded,
        cast(counts.n_censored as bigint) as n_censored,
        cast('{{ var("indicator_rules_version") }}' as {{ dbt.type_string() }}) as rule_version
    from counts
    left join indicators on counts.indicator_code = indicators.indicator_code

)

select * from final
