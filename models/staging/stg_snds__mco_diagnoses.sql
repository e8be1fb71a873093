with

diagnoses as (

    select * from {{ ref('rules_snds__t_mco_d') }}

),

stays as (

    select * from {{ ref('rules_snds__t_mco_stays') }}

),

kept_diagnoses as (

    select
        diagnoses.*,
        stays.person_id,
        stays.ent_dat,
        stays.sor_dat
    from diagnoses
    inner join stays on diagnoses.stay_key = stays.stay_key
    where diagnoses.rejection_reason is null

),

final as (

    select
        cast(stay_key as varchar) as stay_key,
        cast(discharge_year as integer) as discharge_year,
        cast(eta_num as varchar) as finess,
        cast(rsa_num as varchar) as rsa_number,
        cast(person_id as varchar) as person_id,
        cast(sor_dat as date) as discharge_date,
        cast(ass_dgn as varchar) as diagnosis_code
    from kept_diagnoses

)

select * from final
