{#- The netting of regularisations (P4) on the ER_PRS_F rows that passed every filter rule,
    then the rejection reason of every row. The filters are stored first
    (rules_snds__er_prs_f_filters) so that this model reads a table twice instead of holding
    every claim line in memory: only the rows of groups holding a negative line are netted. -#}

with

filtered_claims as (

    select * from {{ ref('rules_snds__er_prs_f_filters') }}

),

grouped_claims as (

    select
        *,
        {{ row_key([
            'ben_nir_psa', 'ben_rng_gem', iso_date('exe_soi_dtd'), 'prs_nat_ref', 'pfs_exe_num',
            'detail_code',
        ]) }} as netting_group_key
    from filtered_claims
    where rule_reason is null

),

groups_to_net as (

    -- P4: only groups holding a negative line (a regularisation) are netted
    select distinct netting_group_key
    from grouped_claims
    where prs_act_qte < 0

),

netted_lines as (

    select
        grouped_claims.row_key,
        sum(grouped_claims.prs_act_qte) over netting_group as net_quantity,
        sum(grouped_claims.bse_rem_mnt) over netting_group as net_bse_rem_mnt,
        sum(grouped_claims.bse_rem_bse) over netting_group as net_bse_rem_bse,
        sum(grouped_claims.prs_pai_mnt) over netting_group as net_prs_pai_mnt,
        sum(grouped_claims.pha_act_qsn) over netting_group as net_pha_act_qsn,
        sum(grouped_claims.bio_act_qsn) over netting_group as net_bio_act_qsn,
        grouped_claims.prs_act_qte > 0 as is_positive_line,
        -- order among the lines of the same sign; only the positive lines use it
        row_number() over sign_group as line_order_within_sign
    from grouped_claims
    inner join groups_to_net
        on grouped_claims.netting_group_key = groups_to_net.netting_group_key
    window
        netting_group as (partition by grouped_claims.netting_group_key),
        sign_group as (
            partition by grouped_claims.netting_group_key, grouped_claims.prs_act_qte > 0
            order by grouped_claims.flx_dis_dtd, grouped_claims.flx_trt_dtd, grouped_claims.row_key
        )

),

netting_outcome as (

    select
        *,
        case
            when net_quantity <= 0 then 'regularisation_netted_out'
            when is_positive_line and line_order_within_sign = 1 then null
            else 'regularisation_merged'
        end as netting_reason
    from netted_lines

),

final as (

    select
        filtered_claims.*,
        netting_outcome.row_key is not null as is_netted,
        netting_outcome.net_quantity,
        netting_outcome.net_bse_rem_mnt,
        netting_outcome.net_bse_rem_bse,
        netting_outcome.net_prs_pai_mnt,
        netting_outcome.net_pha_act_qsn,
        netting_outcome.net_bio_act_qsn,
        coalesce(filtered_claims.rule_reason, netting_outcome.netting_reason)
            as rejection_reason
    from filtered_claims
    left join netting_outcome on filtered_claims.row_key = netting_outcome.row_key

)

select * from final
