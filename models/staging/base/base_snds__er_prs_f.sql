{%- set dates = ['ben_dcd_dte', 'exe_soi_dtd', 'exe_soi_dtf', 'pre_pre_dtd'] -%}
{%- set integers = [
    'ben_rng_gem', 'ben_sex_cod', 'ben_nai_ann', 'ben_ama_cod', 'rgm_cod', 'rgm_grg_cod',
    'prs_nat_ref', 'bse_prs_nat', 'cpl_prs_nat', 'cpl_maj_top', 'pse_spe_cod', 'pse_act_nat',
    'psp_spe_cod', 'prs_act_qte', 'bse_rem_sgn', 'dpn_qlf', 'prs_dpn_qlp', 'exo_mtf',
    'prs_ppu_sec'
] -%}
{%- set amounts = ['bse_rem_mnt', 'bse_rem_bse', 'prs_pai_mnt'] -%}

with

source_claims as (

    select * from {{ source('snds', 'ER_PRS_F') }}

),

parsed as (

    select
        {{ parsed_dcir_keys() }},
        {{ blank_to_null('ben_nir_psa') }} as ben_nir_psa,
        {{ blank_to_null('ben_cdi_nir') }} as ben_cdi_nir,
        {{ clean_departement('ben_res_dpt') }} as ben_res_dpt,
        {{ blank_to_null('ben_res_com') }} as ben_res_com,
        {{ blank_to_null('pfs_exe_num') }} as pfs_exe_num,
        {{ blank_to_null('pfs_pre_num') }} as pfs_pre_num,
        {{ canonical_code('etb_pre_fin', 9) }} as etb_pre_fin,
        {%- for column in dates %}
        {{ parse_date(column) }} as {{ column }},
        {%- endfor %}
        {%- for column in integers %}
        {{ parse_integer(column) }} as {{ column }},
        {%- endfor %}
        {%- for column in amounts %}
        {{ parse_amount(column) }} as {{ column }},
        {%- endfor %}
        {{ dcir_row_key() }} as row_key,
        {{ unparsable_column(
            dates=dcir_key_columns()['dates'] + dates,
            integers=dcir_key_columns()['integers'] + integers,
            amounts=amounts,
        ) }} as unparsable_column
    from source_claims

)

select * from parsed
