with

exemptions as (

    select * from {{ ref('rules_snds__ir_imb_r') }}

),

final as (

    select
        cast(person_id as varchar) as person_id,
        cast(ben_nir_psa as varchar) as ben_nir_psa,
        cast(ben_rng_gem as integer) as birth_rank,
        cast(imb_ald_num as integer) as ald_number,
        cast(imb_etm_nat as integer) as exemption_nature_code,
        cast(med_mtf_cod as varchar) as icd10_code,
        cast(med_ncl_idt as varchar) as code_nomenclature,
        cast(imb_ald_dtd as date) as start_date,
        cast(imb_ald_dtf as date) as end_date,
        cast(upd_dte as date) as updated_date
    from exemptions
    where rejection_reason is null

)

select * from final
