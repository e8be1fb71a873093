{%- set row_tables = [
    ('IR_BEN_R', 'rules_snds__ir_ben_r', 'row_key', 'true'),
    ('IR_IMB_R', 'rules_snds__ir_imb_r', 'row_key', 'true'),
    ('IR_PHA_R', 'rules_snds__ir_pha_r', 'row_key', 'true'),
    ('ER_PRS_F', 'rules_snds__er_prs_f', 'row_key', 'true'),
    ('ER_PHA_F', 'rules_snds__er_pha_f', 'row_key', 'true'),
    ('ER_BIO_F', 'rules_snds__er_bio_f', 'row_key', 'true'),
    ('ER_CAM_F', 'rules_snds__er_cam_f', 'row_key', 'true'),
    ('ER_ETE_F', 'rules_snds__er_ete_f', 'row_key', 'true'),
    ('T_MCOaaB', 'rules_snds__t_mco_stays', 'stay_key', 'has_b_row'),
    ('T_MCOaaC', 'rules_snds__t_mco_stays', 'stay_key', 'has_c_row'),
    ('T_MCOaaD', 'rules_snds__t_mco_d', 'row_key', 'true'),
    ('T_MCOaaA', 'rules_snds__t_mco_a', 'row_key', 'true'),
    ('T_MCOaaUM', 'rules_snds__t_mco_um', 'row_key', 'true'),
] -%}

with

{% for source_table, model, key, condition in row_tables %}
{{ source_table | lower }}_rejections as (

    select
        '{{ source_table }}' as source_table,
        {{ key }} as row_key,
        rejection_reason as reason,
        case
            when rejection_reason = 'unparsable_value' then unparsable_column
        end as unparsable_column
    from {{ ref(model) }}
    where rejection_reason is not null and {{ condition }}

),

{% endfor %}
final as (

    {%- for source_table, model, key, condition in row_tables %}
    select
        cast(source_table as varchar) as source_table,
        cast(row_key as varchar) as row_key,
        cast(reason as varchar) as reason,
        cast(unparsable_column as varchar) as unparsable_column
    from {{ source_table | lower }}_rejections
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from final
