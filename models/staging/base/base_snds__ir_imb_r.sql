with

source_exemptions as (

    select * from {{ source('snds', 'IR_IMB_R') }}

),

parsed as (

    select
        {{ blank_to_null('ben_nir_psa') }} as ben_nir_psa,
        {{ parse_integer('ben_rng_gem') }} as ben_rng_gem,
        {{ parse_integer('imb_ald_num') }} as imb_ald_num,
        {{ parse_date('imb_ald_dtd') }} as imb_ald_dtd,
        {{ parse_date('imb_ald_dtf') }} as imb_ald_dtf,
        {{ parse_integer('imb_etm_nat') }} as imb_etm_nat,
        {{ clean_icd('med_mtf_cod') }} as med_mtf_cod,
        {{ blank_to_null('med_ncl_idt') }} as med_ncl_idt,
        {{ parse_date('upd_dte') }} as upd_dte,
        {{ row_key([
            blank_to_null('ben_nir_psa'),
            'coalesce(' ~ as_text(parse_integer('ben_rng_gem')) ~ ', '
                ~ blank_to_null('ben_rng_gem') ~ ')',
            'coalesce(' ~ as_text(parse_integer('imb_etm_nat')) ~ ', '
                ~ blank_to_null('imb_etm_nat') ~ ')',
            clean_icd('med_mtf_cod'),
            'coalesce(' ~ iso_date(parse_date('imb_ald_dtd')) ~ ', '
                ~ blank_to_null('imb_ald_dtd') ~ ')',
        ]) }} as row_key,
        {{ unparsable_column(
            dates=['imb_ald_dtd', 'imb_ald_dtf', 'upd_dte'],
            integers=['ben_rng_gem', 'imb_ald_num', 'imb_etm_nat'],
        ) }} as unparsable_column
    from source_exemptions

)

select * from parsed
