{#- Every branch selects the same columns in this order (the event grain of
    docs/pathways_core_contract.md). -#}
{%- set null_integer = 'cast(null as integer)' -%}
{%- set null_boolean = 'cast(null as boolean)' -%}
{%- set supply_days = pharmacy_supply_days(
    'pharmacy.n_boxes', 'coalesce(drug_referential.is_large_pack, false)'
) -%}

with

claims as (

    select * from {{ ref('stg_snds__dcir_claims') }}

),

pharmacy as (

    select * from {{ ref('stg_snds__dcir_pharmacy') }}

),

drug_referential as (

    select * from {{ ref('stg_snds__drug_referential') }}

),

biology as (

    select * from {{ ref('stg_snds__dcir_biology') }}

),

city_acts as (

    select * from {{ ref('stg_snds__dcir_ccam_acts') }}

),

stays as (

    select * from {{ ref('stg_snds__mco_stays') }}

),

stay_diagnoses as (

    select * from {{ ref('stg_snds__mco_diagnoses') }}

),

stay_units as (

    select * from {{ ref('stg_snds__mco_units') }}

),

hospital_acts as (

    select * from {{ ref('stg_snds__mco_acts') }}

),

ald_exemptions as (

    select * from {{ ref('stg_snds__ald_exemptions') }}

),

persons as (

    select * from {{ ref('pathways__persons') }}

),

city_visits as (

    select
        person_id,
        {{ city_visit_category(
            'service_nature_code', 'executing_specialty_code', 'executing_activity_code'
        ) }} as event_category,
        cast(service_nature_code as varchar) as event_code,
        care_date as start_date,
        care_date as end_date,
        'city' as care_setting,
        'ER_PRS_F' as source_table,
        claim_key as contact_id,
        cast(1 as double) as quantity,
        executing_specialty_code as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from claims
    -- complement lines (CPL_MAJ_TOP = 1) belong to the visit of their base line (P3)
    where coalesce(complement_type_code, 0) = 0

),

drug_dispensings as (

    select
        pharmacy.person_id,
        'drug_dispensing' as event_category,
        drug_referential.atc_code as event_code,
        pharmacy.care_date as start_date,
        -- coverage from the pack size: 30 days a box, 90 for a large (3-month) pack
        cast({{ dbt.dateadd(
            'day', supply_days ~ ' - 1', 'pharmacy.care_date'
        ) }} as date) as end_date,
        'city' as care_setting,
        'ER_PHA_F' as source_table,
        pharmacy.claim_key as contact_id,
        cast(pharmacy.n_boxes as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ supply_days }} as days_supply,
        coalesce(drug_referential.is_large_pack, false) as is_large_pack
    from pharmacy
    left join drug_referential on pharmacy.cip13_code = drug_referential.cip13_code

),

lab_tests as (

    select
        person_id,
        'lab_test' as event_category,
        nabm_code as event_code,
        care_date as start_date,
        care_date as end_date,
        'city' as care_setting,
        'ER_BIO_F' as source_table,
        claim_key as contact_id,
        cast(n_tests as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from biology

),

city_ccam_acts as (

    select
        city_acts.person_id,
        case
            when {{ is_dialysis_act('city_acts.ccam_code') }} then 'dialysis_session'
            else 'ccam_act'
        end as event_category,
        city_acts.ccam_code as event_code,
        city_acts.care_date as start_date,
        city_acts.care_date as end_date,
        'city' as care_setting,
        'ER_CAM_F' as source_table,
        city_acts.claim_key as contact_id,
        cast(city_acts.n_acts as double) as quantity,
        claims.executing_specialty_code as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from city_acts
    left join claims on city_acts.claim_key = claims.claim_key

),

hospital_stays as (

    select
        person_id,
        'hospital_stay' as event_category,
        main_diagnosis_code as event_code,
        coalesce(entry_date, discharge_date) as start_date,
        discharge_date as end_date,
        'hospital' as care_setting,
        'T_MCOaaB' as source_table,
        stay_key as contact_id,
        cast(length_of_stay_days as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from stays

),

stay_level_diagnoses as (

    {% for role, column in [
        ('main', 'main_diagnosis_code'), ('related', 'related_diagnosis_code')
    ] %}
    select
        person_id,
        'hospital_{{ role }}_diagnosis' as event_category,
        {{ column }} as event_code,
        coalesce(entry_date, discharge_date) as start_date,
        discharge_date as end_date,
        'hospital' as care_setting,
        'T_MCOaaB' as source_table,
        stay_key as contact_id,
        cast(1 as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from stays
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

detail_diagnoses as (

    {% for category, relation, source_table, column in [
        ('hospital_associated_diagnosis', 'stay_diagnoses', 'T_MCOaaD', 'diagnosis_code'),
        ('hospital_unit_main_diagnosis', 'stay_units', 'T_MCOaaUM', 'main_diagnosis_code'),
    ] %}
    select
        details.person_id,
        '{{ category }}' as event_category,
        details.{{ column }} as event_code,
        coalesce(stays.entry_date, stays.discharge_date) as start_date,
        stays.discharge_date as end_date,
        'hospital' as care_setting,
        '{{ source_table }}' as source_table,
        details.stay_key as contact_id,
        cast(1 as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from {{ relation }} as details
    inner join stays on details.stay_key = stays.stay_key
    where details.{{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

hospital_ccam_acts as (

    select
        person_id,
        case
            when {{ is_dialysis_act('ccam_code') }} then 'dialysis_session'
            else 'ccam_act'
        end as event_category,
        ccam_code as event_code,
        act_date as start_date,
        act_date as end_date,
        'hospital' as care_setting,
        'T_MCOaaA' as source_table,
        stay_key as contact_id,
        cast(n_acts as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from hospital_acts

),

ald_periods as (

    select
        person_id,
        'ald_period' as event_category,
        icd10_code as event_code,
        start_date,
        end_date,
        'referential' as care_setting,
        'IR_IMB_R' as source_table,
        cast(null as varchar) as contact_id,
        cast(1 as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from ald_exemptions

),

deaths as (

    select
        person_id,
        'death' as event_category,
        cast(null as varchar) as event_code,
        death_date as start_date,
        death_date as end_date,
        'referential' as care_setting,
        death_source as source_table,
        cast(null as varchar) as contact_id,
        cast(1 as double) as quantity,
        {{ null_integer }} as specialty_code,
        {{ null_integer }} as days_supply,
        {{ null_boolean }} as is_large_pack
    from persons
    where death_date is not null

),

all_events as (

    select * from city_visits
    where event_category is not null
    union all
    select * from drug_dispensings
    union all
    select * from lab_tests
    union all
    select * from city_ccam_acts
    union all
    select * from hospital_stays
    union all
    select * from stay_level_diagnoses
    union all
    select * from detail_diagnoses
    union all
    select * from hospital_ccam_acts
    union all
    select * from ald_periods
    union all
    select * from deaths

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(event_category as varchar) as event_category,
        cast(event_code as varchar) as event_code,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(care_setting as varchar) as care_setting,
        cast(source_table as varchar) as source_table,
        cast(contact_id as varchar) as contact_id,
        cast(quantity as double) as quantity,
        cast(specialty_code as integer) as specialty_code,
        cast(days_supply as integer) as days_supply,
        cast(is_large_pack as boolean) as is_large_pack
    from all_events

)

select * from final
