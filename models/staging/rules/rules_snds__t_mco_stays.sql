{#- One row per PMSI stay key found in T_MCOaaB or T_MCOaaC, with the reason that applies to
    both rows of the stay. -#}

with

stays as (

    select * from {{ ref('base_snds__t_mco_b') }}

),

stay_links as (

    select * from {{ ref('base_snds__t_mco_c') }}

),

bridge as (

    select * from {{ ref('stg_snds__identity_bridge') }}

),

persons_per_pseudonym as (

    -- P10: PMSI has no usable birth rank, so a pseudonym resolves through BEN_NIR_PSA only
    select
        ben_nir_psa,
        count(distinct person_id) as n_persons,
        min(person_id) as person_id
    from bridge
    group by ben_nir_psa

),

joined as (

    select
        coalesce(stays.stay_key, stay_links.stay_key) as stay_key,
        coalesce(stays.discharge_year, stay_links.discharge_year) as discharge_year,
        coalesce(stays.eta_num, stay_links.eta_num) as eta_num,
        coalesce(stays.rsa_num, stay_links.rsa_num) as rsa_num,
        stays.stay_key is not null as has_b_row,
        stay_links.stay_key is not null as has_c_row,
        coalesce(stays.unparsable_column, stay_links.unparsable_column) as unparsable_column,
        stays.dgn_pal,
        stays.dgn_rel,
        stays.grg_ghm,
        stays.ghs_num,
        stays.sej_typ,
        stays.sej_nbj,
        stays.ent_mod,
        stays.sor_mod,
        stays.age_ann,
        stays.cod_sex,
        stay_links.nir_ano_17,
        stay_links.exe_soi_dtd,
        stay_links.exe_soi_dtf,
        stay_links.ent_dat,
        stay_links.sor_dat,
        stay_links.nir_ret,
        stay_links.nai_ret,
        stay_links.sex_ret,
        stay_links.sej_ret,
        stay_links.fho_ret,
        stay_links.pms_ret,
        stay_links.dat_ret,
        stay_links.coh_nai_ret,
        stay_links.coh_sex_ret
    from stays
    full outer join stay_links on stays.stay_key = stay_links.stay_key

),

with_person as (

    select
        joined.*,
        coalesce(persons_per_pseudonym.n_persons, 0) as n_persons,
        case
            when persons_per_pseudonym.n_persons = 1 then persons_per_pseudonym.person_id
        end as person_id
    from joined
    left join persons_per_pseudonym
        on joined.nir_ano_17 = persons_per_pseudonym.ben_nir_psa

),

with_reason as (

    select
        *,
        {{ first_matching_reason([
            ('unparsable_value', 'unparsable_column is not null'),
            ('orphan_detail_line', 'not (has_b_row and has_c_row)'),
            ('dummy_nir', is_dummy_nir('nir_ano_17')),
            ('bad_linkage_return_code', has_bad_linkage_return_code()),
            ('ambiguous_pseudonym', 'n_persons > 1'),
            ('unresolved_beneficiary', 'n_persons = 0'),
            ('duplicate_finess_aphp_aphm_hcl', is_duplicate_finess('eta_num')),
            ('ghm_error_90', is_ghm_error('grg_ghm')),
            ('inter_establishment_service', is_inter_establishment_service('sej_typ')),
        ]) }} as rejection_reason
    from with_person

)

select * from with_reason
