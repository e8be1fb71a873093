-- Every raw row is either kept or rejected once: the staging outputs hold exactly rows_kept rows
-- of their raw table (B and C rows are kept together as one stay).
{%- set staging_model_of = {
    'IR_BEN_R': 'stg_snds__beneficiaries',
    'IR_IMB_R': 'stg_snds__ald_exemptions',
    'IR_PHA_R': 'stg_snds__drug_referential',
    'ER_PRS_F': 'stg_snds__dcir_claims',
    'ER_PHA_F': 'stg_snds__dcir_pharmacy',
    'ER_BIO_F': 'stg_snds__dcir_biology',
    'ER_CAM_F': 'stg_snds__dcir_ccam_acts',
    'ER_ETE_F': 'stg_snds__dcir_establishments',
    'T_MCOaaB': 'stg_snds__mco_stays',
    'T_MCOaaC': 'stg_snds__mco_stays',
    'T_MCOaaD': 'stg_snds__mco_diagnoses',
    'T_MCOaaA': 'stg_snds__mco_acts',
    'T_MCOaaUM': 'stg_snds__mco_units',
} %}
with

reconciliation as (

    select distinct
        source_table,
        rows_kept
    from {{ ref('stg_snds__reconciliation') }}

),

staged as (

    {% for source_table, staging_model in staging_model_of.items() %}
        select
            '{{ source_table }}' as source_table,
            count(*) as n_rows
        from {{ ref(staging_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    reconciliation.source_table,
    reconciliation.rows_kept,
    staged.n_rows
from reconciliation
full outer join staged on reconciliation.source_table = staged.source_table
where reconciliation.rows_kept is distinct from staged.n_rows
