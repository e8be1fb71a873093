with

stays as (

    select * from {{ ref('rules_snds__t_mco_stays') }}

),

final as (

    select
        cast(stay_key as varchar) as stay_key,
        cast(discharge_year as integer) as discharge_year,
        cast(eta_num as varchar) as finess,
        cast(rsa_num as varchar) as rsa_number,
        cast(person_id as varchar) as person_id,
        cast(nir_ano_17 as varchar) as ben_nir_psa,
        cast(ent_dat as date) as entry_date,
        cast(sor_dat as date) as discharge_date,
        cast(exe_soi_dtd as date) as care_start_date,
        cast(exe_soi_dtf as date) as care_end_date,
        cast(dgn_pal as varchar) as main_diagnosis_code,
        cast(dgn_rel as varchar) as related_diagnosis_code,
        cast(grg_ghm as varchar) as ghm_code,
        cast(ghs_num as integer) as ghs_number,
        cast(sej_typ as varchar) as stay_type_code,
        cast(sej_nbj as integer) as length_of_stay_days,
        cast(ent_mod as varchar) as entry_mode_code,
        cast(sor_mod as varchar) as discharge_mode_code,
        cast(age_ann as integer) as age_years,
        cast(cod_sex as integer) as sex_code
    from stays
    where rejection_reason is null

)

select * from final
