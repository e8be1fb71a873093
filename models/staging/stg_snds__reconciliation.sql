{#- Rows read are counted on the raw files themselves, independently of the staging models, so
    that the test `reconciliation_balances` (read = kept + rejected) proves no row is lost. -#}
{%- set row_tables = [
    ('IR_BEN_R', 'rules_snds__ir_ben_r', 'true'),
    ('IR_IMB_R', 'rules_snds__ir_imb_r', 'true'),
    ('IR_PHA_R', 'rules_snds__ir_pha_r', 'true'),
    ('ER_PRS_F', 'rules_snds__er_prs_f', 'true'),
    ('ER_PHA_F', 'rules_snds__er_pha_f', 'true'),
    ('ER_BIO_F', 'rules_snds__er_bio_f', 'true'),
    ('ER_CAM_F', 'rules_snds__er_cam_f', 'true'),
    ('ER_ETE_F', 'rules_snds__er_ete_f', 'true'),
    ('T_MCOaaB', 'rules_snds__t_mco_stays', 'has_b_row'),
    ('T_MCOaaC', 'rules_snds__t_mco_stays', 'has_c_row'),
    ('T_MCOaaD', 'rules_snds__t_mco_d', 'true'),
    ('T_MCOaaA', 'rules_snds__t_mco_a', 'true'),
    ('T_MCOaaUM', 'rules_snds__t_mco_um', 'true'),
] -%}

with

rejected_rows as (

    select * from {{ ref('stg_snds__rejected_rows') }}

),

rows_read as (

    {%- for source_table, model, condition in row_tables %}
    select
        '{{ source_table }}' as source_table,
        count(*) as rows_read
    from {{ source('snds', source_table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

rows_kept as (

    {%- for source_table, model, condition in row_tables %}
    select
        '{{ source_table }}' as source_table,
        count(*) as rows_kept
    from {{ ref(model) }}
    where rejection_reason is null and {{ condition }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

rejections_per_reason as (

    select
        source_table,
        reason,
        count(*) as rows_rejected
    from rejected_rows
    group by source_table, reason

),

final as (

    select
        cast(rows_read.source_table as varchar) as source_table,
        cast(rejections_per_reason.reason as varchar) as reason,
        cast(rows_read.rows_read as bigint) as rows_read,
        cast(coalesce(rejections_per_reason.rows_rejected, 0) as bigint) as rows_rejected,
        cast(rows_kept.rows_kept as bigint) as rows_kept
    from rows_read
    inner join rows_kept on rows_read.source_table = rows_kept.source_table
    left join rejections_per_reason
        on rows_read.source_table = rejections_per_reason.source_table

)

select * from final
