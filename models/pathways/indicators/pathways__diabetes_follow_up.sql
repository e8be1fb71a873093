{#- Follow-up markers of snds.md §7: one marker per (event category, code or specialty). The
    codes are described for readers in seeds/follow_up_indicators.csv. -#}
{%- set lab_markers = {
    'hba1c': ['1577'],
    'creatinine': ['0592', '0593'],
    'urine_albumin': ['1133'],
    'lipid_panel': ['0996', '0580', '0590', '2001'],
} -%}
{%- set act_markers = {
    'fundus': ['BGQP002', 'BGQP007', 'BGQP140', 'BGQP006', 'BGQP003', 'BZQK001'],
    'ecg': ['DEQP003'],
} -%}
{%- set cardiology_specialty = 3 -%}
{%- set ophthalmology_specialty = 15 -%}
{%- set window_years = var('indicator_two_year_window_years') | int -%}

with

conditions as (

    select * from {{ ref('pathways__conditions') }}

),

person_years as (

    select * from {{ ref('pathways__person_years') }}

),

care_events as (

    select * from {{ ref('pathways__care_events') }}

),

diabetes_patient_years as (

    -- the denominator: diabetes that care year, alive on 1 January (pathways__person_years)
    -- LIMITATION: a person who dies during the year stays in the denominator, with less than
    -- a year to be followed up
    select
        person_years.person_id,
        person_years.care_year,
        person_years.departement_code,
        person_years.region_code,
        person_years.died_in_year
    from conditions
    inner join person_years
        on
            conditions.person_id = person_years.person_id
            and conditions.care_year = person_years.care_year
    where conditions.condition = 'diabetes'

),

city_markers as (

    -- SpF counts city care only (snds.md §7): hospital acts and lab tests of a stay are not
    -- markers, so a fundus examined during a stay does not count.
    -- LIMITATION: PMSI outpatient care (ACE, FMSTC) is not in pathways__care_events; a fundus
    -- or a test done in a public hospital outpatient clinic is missed.
    select
        person_id,
        start_date as care_date,
        cast(extract(year from start_date) as integer) as care_year,
        case
            {% for marker, codes in lab_markers.items() %}
            when
                event_category = 'lab_test'
                and event_code in (
                    {% for code in codes %}
                    '{{ code }}'{{ ',' if not loop.last }}
                    {% endfor %}
                )
                then '{{ marker }}'
            {% endfor %}
            {% for marker, codes in act_markers.items() %}
            when
                event_category = 'ccam_act'
                and event_code in (
                    {% for code in codes %}
                    '{{ code }}'{{ ',' if not loop.last }}
                    {% endfor %}
                )
                then '{{ marker }}'
            {% endfor %}
            when
                event_category = 'specialist_visit'
                and specialty_code = {{ cardiology_specialty }}
                then 'cardiology_visit'
            when
                event_category = 'specialist_visit'
                and specialty_code = {{ ophthalmology_specialty }}
                then 'ophthalmology_visit'
            when event_category = 'dentist_visit' then 'dentist_visit'
        end as marker
    from care_events
    where
        care_setting = 'city'
        and event_category in ('lab_test', 'ccam_act', 'specialist_visit', 'dentist_visit')

),

marker_years as (

    -- distinct dates: two tests on one day (or one line of two tests) are one date
    select
        person_id,
        care_year,
        marker,
        count(distinct care_date) as n_dates
    from city_markers
    where marker is not null
    group by person_id, care_year, marker

),

patient_year_markers as (

    select
        diabetes_patient_years.person_id,
        diabetes_patient_years.care_year,
        {% for marker in ['hba1c', 'creatinine', 'urine_albumin', 'lipid_panel', 'ecg',
                          'cardiology_visit', 'dentist_visit'] %}
        coalesce(sum(
            case
                when
                    marker_years.marker = '{{ marker }}'
                    and marker_years.care_year = diabetes_patient_years.care_year
                    then marker_years.n_dates
            end
        ), 0) as n_{{ marker }}_dates,
        {% endfor %}
        -- two-year markers: every year of the window joined below
        coalesce(sum(
            case when marker_years.marker = 'fundus' then marker_years.n_dates end
        ), 0) as n_fundus_window_dates,
        coalesce(sum(
            case when marker_years.marker = 'ophthalmology_visit' then marker_years.n_dates end
        ), 0) as n_ophthalmology_visit_window_dates
    from diabetes_patient_years
    left join marker_years
        on
            diabetes_patient_years.person_id = marker_years.person_id
            and marker_years.care_year
            between diabetes_patient_years.care_year - {{ window_years - 1 }}
            and diabetes_patient_years.care_year
    group by diabetes_patient_years.person_id, diabetes_patient_years.care_year

),

flags as (

    select
        diabetes_patient_years.person_id,
        diabetes_patient_years.care_year,
        diabetes_patient_years.departement_code,
        diabetes_patient_years.region_code,
        diabetes_patient_years.died_in_year,
        patient_year_markers.n_hba1c_dates,
        patient_year_markers.n_hba1c_dates
        >= {{ var('indicator_hba1c_min_dates') }} as has_hba1c_3_tests,
        patient_year_markers.n_creatinine_dates > 0 as has_creatinine_test,
        patient_year_markers.n_urine_albumin_dates > 0 as has_urine_albumin_test,
        patient_year_markers.n_lipid_panel_dates > 0 as has_lipid_panel,
        patient_year_markers.n_fundus_window_dates > 0 as has_fundus_exam_2y,
        patient_year_markers.n_fundus_window_dates
        + patient_year_markers.n_ophthalmology_visit_window_dates > 0 as has_ophthalmology_2y,
        patient_year_markers.n_ecg_dates
        + patient_year_markers.n_cardiology_visit_dates > 0 as has_cardiology_follow_up,
        patient_year_markers.n_dentist_visit_dates > 0 as has_dentist_visit,
        -- a two-year window needs the year before inside the study years: else censored
        case
            when
                diabetes_patient_years.care_year - {{ window_years - 1 }}
                >= {{ var('study_first_year') }}
                then 'eligible'
            else 'censored'
        end as two_year_window_status
    from diabetes_patient_years
    inner join patient_year_markers
        on
            diabetes_patient_years.person_id = patient_year_markers.person_id
            and diabetes_patient_years.care_year = patient_year_markers.care_year

),

final as (

    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(care_year as integer) as care_year,
        cast(departement_code as {{ dbt.type_string() }}) as departement_code,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(died_in_year as boolean) as died_in_year,
        cast(n_hba1c_dates as integer) as n_hba1c_dates,
        cast(has_hba1c_3_tests as boolean) as has_hba1c_3_tests,
        cast(has_creatinine_test as boolean) as has_creatinine_test,
        cast(has_urine_albumin_test as boolean) as has_urine_albumin_test,
        cast(has_lipid_panel as boolean) as has_lipid_panel,
        cast(has_fundus_exam_2y as boolean) as has_fundus_exam_2y,
        cast(has_ophthalmology_2y as boolean) as has_ophthalmology_2y,
        cast(has_cardiology_follow_up as boolean) as has_cardiology_follow_up,
        cast(has_dentist_visit as boolean) as has_dentist_visit,
        cast(two_year_window_status as {{ dbt.type_string() }}) as two_year_window_status,
        cast('{{ var("indicator_rules_version") }}' as {{ dbt.type_string() }}) as rule_version
    from flags

)

select * from final
