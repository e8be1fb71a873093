with

acts as (

    select * from {{ ref('rules_snds__t_mco_a') }}

),

stays as (

    select * from {{ ref('rules_snds__t_mco_stays') }}

),

kept_acts as (

    select
        acts.*,
        stays.person_id,
        stays.ent_dat,
        stays.sor_dat
    from acts
    inner join stays on acts.stay_key = stays.stay_key
    where acts.rejection_reason is null

),

final as (

    select
        cast(stay_key as varchar) as stay_key,
        cast(discharge_year as integer) as discharge_year,
        cast(eta_num as varchar) as finess,
        cast(rsa_num as varchar) as rsa_number,
        cast(person_id as varchar) as person_id,
        cast(sor_dat as date) as discharge_date,
        cast(cdc_act as varchar) as ccam_code,
        cast(acv_act as varchar) as activity_code,
        cast(ent_dat_del as integer) as days_after_entry,
        cast({{ dbt.dateadd('day', 'ent_dat_del', 'ent_dat') }} as date) as act_date,
        cast(nbr_exe_act as integer) as n_acts
    from kept_acts

)

select * from final
