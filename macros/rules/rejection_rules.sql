{#- One macro per filter of snds.md §2 and of docs/raw_to_staging_contract.md. Each returns a
    boolean SQL expression over parsed (canonical) columns: true = the rule rejects the row. -#}

{#- First matching rule wins: `rules` is an ordered list of (reason, condition). -#}
{% macro first_matching_reason(rules) -%}
    case {%- for reason, condition in rules %} when {{ condition }} then '{{ reason }}'
    {%- endfor %} end
{%- endmacro %}

{#- P11: BEN_CDI_NIR outside 00 (normal), 03/04 (provisional); DCIR also flags scheme 888/01. -#}
{% macro is_fictitious_nir(cdi_nir, regime=none, regime_group=none) -%}
    (coalesce({{ cdi_nir }}, '') not in ('00', '03', '04')
    {%- if regime is not none %} or ({{ regime }} = 888 and {{ regime_group }} = 1){% endif %})
{%- endmacro %}

{#- P11: birth year 1600 means unknown. -#}
{% macro is_unknown_birth_year(birth_year) -%}
    ({{ birth_year }} = 1600)
{%- endmacro %}

{#- P11: sex code 0 means unknown. -#}
{% macro is_unknown_sex(sex_code) -%}
    ({{ sex_code }} = 0)
{%- endmacro %}

{#- §1.2: only 41 (listed ALD), 43 (off-list) and 45 (multiple) are ALD exemptions. -#}
{% macro is_not_ald_exemption(exemption_nature) -%}
    (coalesce({{ exemption_nature }}, -1) not in (41, 43, 45))
{%- endmacro %}

{#- P5: care (EXE_SOI_DTD) outside the study years. -#}
{% macro is_care_outside_study_period(care_date) -%}
    {%- set first_year = var('study_first_year') -%}
    {%- set last_year = var('study_last_year') -%}
    (coalesce(extract(year from {{ care_date }}), 0) not between {{ first_year }} and {{ last_year }})
{%- endmacro %}

{#- P5: the flux (FLX_DIS_DTD) arrived on or after the first day of month
    1 + flux_months_after_care_year of the year after the care year (1 July Y+1 by default). -#}
{% macro is_beyond_flux_window(flux_date, care_date) -%}
    {%- set months = 12 + var('flux_months_after_care_year') | int -%}
    {%- set bound = dbt.dateadd('month', months, dbt.date_trunc('year', care_date)) -%}
    ({{ flux_date }} >= {{ bound | replace('\n', ' ') }})
{%- endmacro %}

{#- P1: information-only lines (public external care, daily forfait complement). -#}
{% macro is_info_only_line(dpn_qlf, prs_dpn_qlp) -%}
    ({{ dpn_qlf }} in (71, 72) or {{ prs_dpn_qlp }} in (71, 72))
{%- endmacro %}

{#- P2: activity of a public hospital billed in DCIR (taken from PMSI instead). -#}
{% macro is_public_hospital_activity(ete_ind_taa) -%}
    (coalesce({{ ete_ind_taa }}, 0) = 1)
{%- endmacro %}

{#- P3: surcharge lines multiply claim lines. -#}
{% macro is_surcharge_line(cpl_maj_top) -%}
    ({{ cpl_maj_top }} = 2)
{%- endmacro %}

{#- P9: dummy pseudonyms of failed linkage. -#}
{% macro is_dummy_nir(nir_ano_17) -%}
    ({{ nir_ano_17 }} in ('xxxxxxxxxxxxxxxxx', 'XXXXXXXXXXXXXXXXD'))
{%- endmacro %}

{#- P9: every linkage return code must be '0' (a missing code fails too). -#}
{% macro has_bad_linkage_return_code(relation_alias=none) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- set return_codes = [
        'nir_ret', 'nai_ret', 'sex_ret', 'sej_ret', 'fho_ret', 'pms_ret', 'dat_ret',
        'coh_nai_ret', 'coh_sex_ret'
    ] -%}
    {%- set checks = [] -%}
    {%- for code in return_codes -%}
        {%- do checks.append("coalesce(" ~ prefix ~ code ~ ", '') <> '0'") -%}
    {%- endfor -%}
    ({{ checks | join(' or ') }})
{%- endmacro %}

{#- P6: the 46 geographic FINESS of AP-HP, AP-HM and HCL duplicate their legal entity's stays
    (list in seed `finess_aphp_aphm_hcl`). -#}
{% macro is_duplicate_finess(eta_num) -%}
    ({{ eta_num }} in (select finess from {{ ref('finess_aphp_aphm_hcl') }}))
{%- endmacro %}

{#- P7: GHM in error (CMD 90). -#}
{% macro is_ghm_error(grg_ghm) -%}
    ({{ grg_ghm }} like '90%')
{%- endmacro %}

{#- P8: inter-establishment services. -#}
{% macro is_inter_establishment_service(sej_typ) -%}
    ({{ sej_typ }} = 'B')
{%- endmacro %}
