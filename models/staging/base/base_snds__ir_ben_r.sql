with

source_beneficiaries as (

    select * from {{ source('snds', 'IR_BEN_R') }}

),

parsed as (

    select
        {{ blank_to_null('ben_nir_psa') }} as ben_nir_psa,
        {{ parse_integer('ben_rng_gem') }} as ben_rng_gem,
        {{ blank_to_null('ben_nir_ano') }} as ben_nir_ano,
        {{ blank_to_null('ben_idt_ano') }} as ben_idt_ano,
        {{ parse_integer('ben_idt_top') }} as ben_idt_top,
        {{ blank_to_null('ben_cdi_nir') }} as ben_cdi_nir,
        {{ parse_integer('ben_nai_ann') }} as ben_nai_ann,
        {{ parse_integer('ben_nai_moi') }} as ben_nai_moi,
        {{ parse_integer('ben_sex_cod') }} as ben_sex_cod,
        {{ parse_date('ben_dcd_dte') }} as ben_dcd_dte,
        {{ blank_to_null('ben_dcd_ame') }} as ben_dcd_ame,
        {{ clean_departement('ben_res_dpt') }} as ben_res_dpt,
        {{ blank_to_null('ben_res_com') }} as ben_res_com,
        {{ blank_to_null('org_aff_ben') }} as org_aff_ben,
        {{ parse_date('ben_dte_maj') }} as ben_dte_maj,
        {{ row_key([
            blank_to_null('ben_nir_psa'),
            'coalesce(' ~ as_text(parse_integer('ben_rng_gem')) ~ ', '
                ~ blank_to_null('ben_rng_gem') ~ ')',
        ]) }} as row_key,
        {{ unparsable_column(
            dates=['ben_dcd_dte', 'ben_dte_maj'],
            integers=['ben_rng_gem', 'ben_idt_top', 'ben_nai_ann', 'ben_nai_moi', 'ben_sex_cod'],
        ) }} as unparsable_column
    from source_beneficiaries

)

select * from parsed
