with

units as (

    select * from {{ ref('rules_snds__t_mco_um') }}

),

stays as (

    select * from {{ ref('rules_snds__t_mco_stays') }}

),

kept_units as (

    select
        units.*,
        stays.person_id,
        stays.ent_dat,
        stays.sor_dat
    from units
    inner join stays on units.stay_key = stays.stay_key
    where units.rejection_reason is null

),

final as (

    select
        cast(stay_key as varchar) as stay_key,
        cast(discharge_year as integer) as discharge_year,
        cast(eta_num as varchar) as finess,
        cast(rsa_num as varchar) as rsa_number,
        cast(person_id as varchar) as person_id,
        cast(sor_dat as date) as discharge_date,
        cast(um_ord_num as integer) as unit_order,
        cast(dgn_pal as varchar) as main_diagnosis_code,
        cast(dgn_rel as varchar) as related_diagnosis_code,
        cast(aut_typ1_um as varchar) as unit_type_code,
        cast(par_dur_sej as integer) as unit_length_of_stay_days
    from kept_units

)

select * from final
